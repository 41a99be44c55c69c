import './connections.css';
import { useEffect, useState } from 'react';
import type { ConnectionView } from '../../../shared/operations';
import { refreshConnections, removeConnection } from '../../store/connectionActions';
import { useFieldStore } from '../../store/incidents';
import { reportFailure } from '../../store/sync';
import { DockFrame } from '../dock/DockFrame';
import { Modal, ModalActions } from '../Modal';
import { usePermission } from '../usePermission';
import { CertificatesDialog } from './CertificatesDialog';
import { ConnectionDialog } from './ConnectionDialog';
import { formatRetry, type OpcuaBinding } from './connectionForm';
import { ConnectionStateTag } from './ConnectionTags';
import { OpcuaBrowser } from './OpcuaBrowser';
import { TagMonitor } from './TagMonitor';
import { formatWallClock, formatWallDate } from '../../readings/wallTime';

/** How often the open view asks for the list again. */
const LIST_REFRESH_MS = 2_000;

type Dialog =
  | { type: 'add' }
  | { type: 'edit'; connection: ConnectionView; bindings?: OpcuaBinding[] }
  | { type: 'remove'; connection: ConnectionView }
  | { type: 'browse'; connection: ConnectionView }
  | { type: 'certificates' };

/**
 * Field connections (Modbus, MQTT / Sparkplug B, OPC UA): live state, counters and the last
 * error of each, the tag monitor of the one picked; for engineers also add, edit, test,
 * remove, OPC UA browse-and-bind and the server certificates.
 */
export function ConnectionsView() {
  const connections = useFieldStore((s) => s.connections);
  const mayConfigure = usePermission('configure');
  const [picked, setPicked] = useState<string | null>(null);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const monitored = connections.find((c) => c.id === picked) ?? connections[0] ?? null;
  // counters and retry countdowns move without a status change: ask again while the view is open
  useEffect(() => {
    const refresh = () => void refreshConnections().catch(() => undefined);
    refresh();
    const timer = setInterval(refresh, LIST_REFRESH_MS);
    return () => clearInterval(timer);
  }, []);

  const tools = mayConfigure ? (
    <>
      <button
        type="button"
        className="toolbar-button"
        data-testid="connection-add"
        onClick={() => setDialog({ type: 'add' })}
      >
        Add connection…
      </button>
      <button
        type="button"
        className="toolbar-button"
        data-testid="connection-certificates"
        onClick={() => setDialog({ type: 'certificates' })}
      >
        OPC UA certificates…
      </button>
    </>
  ) : null;

  return (
    <DockFrame title="Connections" testId="connections-view" tools={tools}>
      {connections.length === 0 ? (
        <p className="dock-empty" data-testid="connections-empty">
          No field connection.{mayConfigure ? ' Add one to read a station over Modbus, MQTT or OPC UA.' : ''}
        </p>
      ) : (
        <div className="connections-layout">
          <div className="connection-list">
            <table className="dock-table connection-table" data-testid="connection-table">
              <thead>
                <tr>
                  <th>Connection</th>
                  <th>State</th>
                  <th>Since</th>
                  <th>Tags</th>
                  <th title="samples / reads / writes / errors / reconnects">Counters</th>
                  <th>Last error</th>
                  <th>Retry in</th>
                </tr>
              </thead>
              <tbody>
                {connections.map((c) => (
                  <tr
                    key={c.id}
                    className={`is-clickable${monitored?.id === c.id ? ' is-selected' : ''}`}
                    data-testid="connection-row"
                    data-connection-id={c.id}
                    data-state={c.state}
                    onClick={() => setPicked(c.id)}
                  >
                    <td>
                      <button
                        type="button"
                        className="link-button"
                        data-testid="connection-monitor"
                        title={`Monitor the tags of ${c.id}`}
                        onClick={(e) => {
                          e.stopPropagation();
                          setPicked(c.id);
                        }}
                      >
                        {c.id}
                      </button>
                      <div className="field-note">
                        {c.protocol} · {c.endpoint}
                      </div>
                      {mayConfigure ? (
                        <div className="connection-actions" onClick={(e) => e.stopPropagation()}>
                          <button
                            type="button"
                            className="toolbar-button"
                            data-testid="connection-edit"
                            onClick={() => setDialog({ type: 'edit', connection: c })}
                          >
                            Edit…
                          </button>
                          {c.protocol === 'opcua' ? (
                            <button
                              type="button"
                              className="toolbar-button"
                              data-testid="connection-browse"
                              onClick={() => setDialog({ type: 'browse', connection: c })}
                            >
                              Browse…
                            </button>
                          ) : null}
                          <button
                            type="button"
                            className="toolbar-button"
                            data-testid="connection-remove"
                            onClick={() => setDialog({ type: 'remove', connection: c })}
                          >
                            Remove…
                          </button>
                        </div>
                      ) : null}
                    </td>
                    <td>
                      <ConnectionStateTag state={c.state} />
                    </td>
                    <td className="numeric" title={formatWallDate(c.since)}>
                      {formatWallClock(c.since).slice(0, 8)}
                    </td>
                    <td className="numeric" data-testid="connection-tags">
                      {c.tags}
                      {c.notGood > 0 ? <span className="field-bad"> · {c.notGood} not good</span> : null}
                    </td>
                    <td className="numeric" data-testid="connection-counters">
                      {`${c.counters.samples} / ${c.counters.reads} / ${c.counters.writes} / ${c.counters.errors} / ${c.counters.reconnects}`}
                    </td>
                    <td className="connection-error" data-testid="connection-last-error">
                      {c.lastError ? (
                        <>
                          <span className="numeric field-note">
                            {formatWallClock(c.lastError.time).slice(0, 8)}{' '}
                          </span>
                          {c.lastError.message}
                        </>
                      ) : (
                        '—'
                      )}
                    </td>
                    <td className="numeric" data-testid="connection-retry">
                      {c.state === 'backoff' ? formatRetry(c.retryInMs) : '—'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {monitored ? <TagMonitor key={monitored.id} connectionId={monitored.id} /> : null}
        </div>
      )}
      {dialog?.type === 'add' ? <ConnectionDialog onClose={() => setDialog(null)} /> : null}
      {dialog?.type === 'edit' ? (
        <ConnectionDialog
          editing={dialog.connection}
          {...(dialog.bindings && { bindings: dialog.bindings })}
          onClose={() => setDialog(null)}
        />
      ) : null}
      {dialog?.type === 'browse' ? (
        <OpcuaBrowser
          connectionId={dialog.connection.id}
          onClose={() => setDialog(null)}
          onBind={(bindings) => setDialog({ type: 'edit', connection: dialog.connection, bindings })}
        />
      ) : null}
      {dialog?.type === 'certificates' ? <CertificatesDialog onClose={() => setDialog(null)} /> : null}
      {dialog?.type === 'remove' ? (
        <RemoveDialog connection={dialog.connection} onClose={() => setDialog(null)} />
      ) : null}
    </DockFrame>
  );
}

function RemoveDialog({ connection, onClose }: { connection: ConnectionView; onClose: () => void }) {
  const [busy, setBusy] = useState(false);
  const remove = async () => {
    setBusy(true);
    try {
      await removeConnection(connection.id);
      onClose();
    } catch (error) {
      reportFailure(error, `Could not remove ${connection.id}`);
      setBusy(false);
    }
  };
  return (
    <Modal title={`Remove ${connection.id}`} testId="connection-remove-dialog" onClose={onClose}>
      <p>
        Stop reading {connection.endpoint} and forget the connection and its tag map ({connection.tags} tags).
        Its values stop reaching the agents.
      </p>
      <ModalActions onCancel={onClose}>
        <button
          type="button"
          className="toolbar-button primary-button"
          data-testid="connection-remove-confirm"
          disabled={busy}
          onClick={() => void remove()}
        >
          Remove
        </button>
      </ModalActions>
    </Modal>
  );
}
