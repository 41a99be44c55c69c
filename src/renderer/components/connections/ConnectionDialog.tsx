import { useId, useState, type ReactNode } from 'react';
import type { ConnectionView } from '../../../shared/operations';
import { RequestError } from '../../api/client';
import {
  addConnection,
  discoverEndpoints,
  listSerialPorts,
  rememberedConnection,
  replaceConnection,
  testConnection,
} from '../../store/connectionActions';
import { Modal, ModalActions } from '../Modal';
import {
  addBindings,
  emptyForm,
  formFromConnection,
  formToSettings,
  PROTOCOLS,
  TAG_MAP_ACCEPT,
  tagMapFormat,
  type ConnectionForm,
  type OpcuaBinding,
  type Protocol,
  type TagMapFile,
} from './connectionForm';

type Problem = { field?: string; message: string } | null;
type Endpoints = Awaited<ReturnType<typeof discoverEndpoints>>['endpoints'];

/**
 * Add or edit a connection: protocol-specific settings, the tag map file (YAML, JSON or the
 * integrator's CSV), OPC UA variables bound from the address space; Test connects once and
 * reports, Add keeps it running. The core checks everything: its message (the field, or the
 * tag map's line) is shown here.
 */
export function ConnectionDialog({
  editing,
  bindings: initialBindings = [],
  onClose,
}: {
  editing?: ConnectionView;
  bindings?: readonly OpcuaBinding[];
  onClose: () => void;
}) {
  const saved = editing ? rememberedConnection(editing.id) : undefined;
  const [form, setForm] = useState<ConnectionForm>(() =>
    editing ? formFromConnection(editing, saved?.settings) : emptyForm(),
  );
  const [tagMap, setTagMap] = useState<TagMapFile | null>(saved?.tagMap ?? null);
  const [bindings, setBindings] = useState<readonly OpcuaBinding[]>(initialBindings);
  const [problem, setProblem] = useState<Problem>(null);
  const [test, setTest] = useState<{ ok: boolean; detail: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [ports, setPorts] = useState<{ path: string; manufacturer?: string }[] | null>(null);
  const [endpoints, setEndpoints] = useState<Endpoints | null>(null);
  const baseId = useId();

  const patch = <K extends 'modbus' | 'mqtt' | 'opcua'>(key: K, change: Partial<ConnectionForm[K]>) =>
    setForm((f) => ({ ...f, [key]: { ...f[key], ...change } }));

  /** the settings and the tag map as they will go to the core, or the problem */
  function collect(forTest: boolean) {
    const result = formToSettings(form);
    if (!result.ok) return { problem: { field: result.field, message: result.message } };
    let map = tagMap;
    try {
      if (bindings.length > 0) map = addBindings(tagMap, bindings, form.id.trim());
    } catch (error) {
      return { problem: { field: 'tagMap', message: (error as Error).message } };
    }
    if (!map && form.protocol === 'opcua' && !forTest)
      map = { fileName: `${form.id.trim()}-tags.yaml`, text: 'version: 1\ntags: []\n' };
    if (!map && !forTest)
      return { problem: { field: 'tagMap', message: 'Pick a tag map file (YAML, JSON or CSV)' } };
    return { settings: result.settings, tagMap: map };
  }

  const failed = (error: unknown) =>
    setProblem({
      message: error instanceof RequestError || error instanceof Error ? error.message : String(error),
    });

  const runTest = async () => {
    const c = collect(true);
    if ('problem' in c) return setProblem(c.problem ?? null);
    setProblem(null);
    setTest(null);
    setBusy(true);
    try {
      const reply = await testConnection({ settings: c.settings, ...(c.tagMap && { tagMap: c.tagMap }) });
      setTest(reply);
    } catch (error) {
      failed(error);
    } finally {
      setBusy(false);
    }
  };

  const submit = async () => {
    const c = collect(false);
    if ('problem' in c) return setProblem(c.problem ?? null);
    setProblem(null);
    setBusy(true);
    try {
      const entry = { settings: c.settings, tagMap: c.tagMap! };
      if (editing) await replaceConnection(editing.id, entry);
      else await addConnection(entry);
      onClose();
    } catch (error) {
      failed(error);
      setBusy(false);
    }
  };

  const pickFile = async (file: File | undefined) => {
    if (!file) return;
    if (!tagMapFormat(file.name)) {
      setProblem({
        field: 'tagMap',
        message: `${file.name}: a tag map is a .yaml, .yml, .json or .csv file`,
      });
      return;
    }
    setTagMap({ fileName: file.name, text: await file.text() });
    setProblem(null);
  };

  const field = (name: string, label: string, input: ReactNode, note?: string) => (
    <label className={`field${problem?.field === name ? ' is-invalid' : ''}`} htmlFor={`${baseId}-${name}`}>
      <span className="field-label">{label}</span>
      {input}
      {note ? <span className="field-note">{note}</span> : null}
    </label>
  );
  const text = (
    name: string,
    value: string,
    onChange: (v: string) => void,
    extra: Record<string, unknown> = {},
  ) => (
    <input
      id={`${baseId}-${name}`}
      className="text-input"
      data-testid={`connection-field-${name}`}
      aria-invalid={problem?.field === name}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      {...extra}
    />
  );

  const m = form.modbus;
  const q = form.mqtt;
  const o = form.opcua;

  return (
    <Modal
      title={editing ? `Edit ${editing.id}` : 'Add a connection'}
      testId="connection-dialog"
      onClose={onClose}
      wide
    >
      <form
        className="connection-form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <div className="field-row">
          {field(
            'id',
            'Connection id',
            text('id', form.id, (id) => setForm((f) => ({ ...f, id })), {
              disabled: !!editing,
              placeholder: 'station-north',
            }),
          )}
          {field(
            'protocol',
            'Protocol',
            <select
              id={`${baseId}-protocol`}
              data-testid="connection-field-protocol"
              value={form.protocol}
              disabled={!!editing}
              onChange={(e) => setForm((f) => ({ ...f, protocol: e.target.value as Protocol }))}
            >
              {PROTOCOLS.map((p) => (
                <option key={p.value} value={p.value}>
                  {p.label}
                </option>
              ))}
            </select>,
          )}
        </div>

        {form.protocol === 'modbus' ? (
          <fieldset className="field-group">
            <legend>Modbus</legend>
            <div className="field-row">
              {field(
                'modbus.kind',
                'Transport',
                <select
                  id={`${baseId}-modbus.kind`}
                  data-testid="connection-field-modbus.kind"
                  value={m.kind}
                  onChange={(e) => patch('modbus', { kind: e.target.value as 'tcp' | 'rtu' })}
                >
                  <option value="tcp">TCP</option>
                  <option value="rtu">RTU (serial)</option>
                </select>,
              )}
              {m.kind === 'tcp' ? (
                <>
                  {field(
                    'modbus.host',
                    'Host',
                    text('modbus.host', m.host, (host) => patch('modbus', { host })),
                  )}
                  {field(
                    'modbus.port',
                    'Port',
                    text('modbus.port', m.port, (port) => patch('modbus', { port }), {
                      inputMode: 'numeric',
                    }),
                  )}
                </>
              ) : (
                <>
                  {field(
                    'modbus.path',
                    'Serial port',
                    <span className="field-inline">
                      {ports && ports.length > 0 ? (
                        <select
                          id={`${baseId}-modbus.path`}
                          data-testid="connection-field-modbus.path"
                          value={m.path}
                          onChange={(e) => patch('modbus', { path: e.target.value })}
                        >
                          <option value="">Pick a port…</option>
                          {ports.map((p) => (
                            <option key={p.path} value={p.path}>
                              {p.path}
                              {p.manufacturer ? ` (${p.manufacturer})` : ''}
                            </option>
                          ))}
                        </select>
                      ) : (
                        text('modbus.path', m.path, (path) => patch('modbus', { path }), {
                          placeholder: '/dev/ttyUSB0',
                        })
                      )}
                      <button
                        type="button"
                        className="toolbar-button"
                        data-testid="connection-list-ports"
                        onClick={() =>
                          void listSerialPorts()
                            .then((r) => {
                              setPorts(r.ports);
                              if (r.ports.length === 0)
                                setProblem({
                                  field: 'modbus.path',
                                  message: 'No serial port found on this machine',
                                });
                            })
                            .catch(failed)
                        }
                      >
                        List ports
                      </button>
                    </span>,
                  )}
                  {field(
                    'modbus.baudRate',
                    'Baud rate',
                    text('modbus.baudRate', m.baudRate, (baudRate) => patch('modbus', { baudRate })),
                  )}
                  {field(
                    'modbus.parity',
                    'Parity',
                    <select
                      id={`${baseId}-modbus.parity`}
                      value={m.parity}
                      onChange={(e) => patch('modbus', { parity: e.target.value as 'none' | 'even' | 'odd' })}
                    >
                      <option value="none">none</option>
                      <option value="even">even</option>
                      <option value="odd">odd</option>
                    </select>,
                  )}
                  {field(
                    'modbus.dataBits',
                    'Data bits',
                    <select
                      id={`${baseId}-modbus.dataBits`}
                      value={m.dataBits}
                      onChange={(e) => patch('modbus', { dataBits: e.target.value as '7' | '8' })}
                    >
                      <option value="8">8</option>
                      <option value="7">7</option>
                    </select>,
                  )}
                  {field(
                    'modbus.stopBits',
                    'Stop bits',
                    <select
                      id={`${baseId}-modbus.stopBits`}
                      value={m.stopBits}
                      onChange={(e) => patch('modbus', { stopBits: e.target.value as '1' | '2' })}
                    >
                      <option value="1">1</option>
                      <option value="2">2</option>
                    </select>,
                  )}
                </>
              )}
            </div>
            <div className="field-row">
              {field(
                'modbus.pollMs',
                'Poll every (ms)',
                text('modbus.pollMs', m.pollMs, (pollMs) => patch('modbus', { pollMs })),
              )}
              {field(
                'modbus.timeoutMs',
                'Timeout (ms)',
                text('modbus.timeoutMs', m.timeoutMs, (timeoutMs) => patch('modbus', { timeoutMs })),
              )}
              {field(
                'modbus.retries',
                'Retries',
                text('modbus.retries', m.retries, (retries) => patch('modbus', { retries })),
              )}
            </div>
          </fieldset>
        ) : null}

        {form.protocol === 'mqtt' || form.protocol === 'sparkplug' ? (
          <fieldset className="field-group">
            <legend>{form.protocol === 'mqtt' ? 'MQTT' : 'Sparkplug B'}</legend>
            <div className="field-row">
              {field(
                'mqtt.url',
                'Broker URL',
                text('mqtt.url', q.url, (url) => patch('mqtt', { url })),
                'mqtt://host:port or mqtts://host:port',
              )}
              {field(
                'mqtt.clientId',
                'Client id (optional)',
                text('mqtt.clientId', q.clientId, (clientId) => patch('mqtt', { clientId })),
              )}
            </div>
            <div className="field-row">
              {field(
                'mqtt.username',
                'User (optional)',
                text('mqtt.username', q.username, (username) => patch('mqtt', { username }), {
                  autoComplete: 'off',
                }),
              )}
              {field(
                'mqtt.password',
                'Password',
                text('mqtt.password', q.password, (password) => patch('mqtt', { password }), {
                  type: 'password',
                  autoComplete: 'new-password',
                }),
              )}
              <label className="field field-check">
                <input
                  type="checkbox"
                  checked={q.tls}
                  onChange={(e) => patch('mqtt', { tls: e.target.checked })}
                />{' '}
                TLS
              </label>
              {q.tls ? (
                <label className="field field-check">
                  <input
                    type="checkbox"
                    checked={q.rejectUnauthorized}
                    onChange={(e) => patch('mqtt', { rejectUnauthorized: e.target.checked })}
                  />{' '}
                  Verify the broker certificate
                </label>
              ) : null}
            </div>
          </fieldset>
        ) : null}

        {form.protocol === 'opcua' ? (
          <fieldset className="field-group">
            <legend>OPC UA</legend>
            <div className="field-row">
              {field(
                'opcua.endpointUrl',
                'Endpoint URL',
                <span className="field-inline">
                  {text('opcua.endpointUrl', o.endpointUrl, (endpointUrl) => patch('opcua', { endpointUrl }))}
                  <button
                    type="button"
                    className="toolbar-button"
                    data-testid="connection-discover"
                    onClick={() =>
                      void discoverEndpoints(o.endpointUrl.trim())
                        .then((r) => setEndpoints(r.endpoints))
                        .catch(failed)
                    }
                  >
                    Discover
                  </button>
                </span>,
              )}
              {field(
                'opcua.publishingIntervalMs',
                'Publishing (ms)',
                text('opcua.publishingIntervalMs', o.publishingIntervalMs, (publishingIntervalMs) =>
                  patch('opcua', { publishingIntervalMs }),
                ),
              )}
            </div>
            {endpoints ? (
              <table className="dock-table endpoint-table" data-testid="connection-endpoints">
                <thead>
                  <tr>
                    <th>Endpoint</th>
                    <th>Security</th>
                    <th>Users</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {endpoints.length === 0 ? (
                    <tr>
                      <td colSpan={4}>The server offers no endpoint.</td>
                    </tr>
                  ) : null}
                  {endpoints.map((ep, i) => (
                    <tr key={i} data-testid="connection-endpoint">
                      <td>{ep.endpointUrl}</td>
                      <td>
                        {ep.securityMode} · {ep.securityPolicy.replace(/^.*#/, '')}
                      </td>
                      <td>{ep.userTokens.join(', ')}</td>
                      <td>
                        <button
                          type="button"
                          className="toolbar-button"
                          onClick={() => {
                            const mode = ep.securityMode as ConnectionForm['opcua']['securityMode'];
                            const policy = ep.securityPolicy.replace(
                              /^.*#/,
                              '',
                            ) as ConnectionForm['opcua']['securityPolicy'];
                            patch('opcua', {
                              endpointUrl: ep.endpointUrl,
                              securityMode: mode,
                              securityPolicy: policy,
                            });
                          }}
                        >
                          Use
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : null}
            <div className="field-row">
              {field(
                'opcua.securityMode',
                'Security mode',
                <select
                  id={`${baseId}-opcua.securityMode`}
                  data-testid="connection-field-opcua.securityMode"
                  value={o.securityMode}
                  onChange={(e) =>
                    patch('opcua', {
                      securityMode: e.target.value as ConnectionForm['opcua']['securityMode'],
                    })
                  }
                >
                  <option value="None">None</option>
                  <option value="Sign">Sign</option>
                  <option value="SignAndEncrypt">SignAndEncrypt</option>
                </select>,
              )}
              {field(
                'opcua.securityPolicy',
                'Security policy',
                <select
                  id={`${baseId}-opcua.securityPolicy`}
                  value={o.securityPolicy}
                  onChange={(e) =>
                    patch('opcua', {
                      securityPolicy: e.target.value as ConnectionForm['opcua']['securityPolicy'],
                    })
                  }
                >
                  <option value="">(the mode's default)</option>
                  <option value="None">None</option>
                  <option value="Basic256Sha256">Basic256Sha256</option>
                  <option value="Aes128_Sha256_RsaOaep">Aes128_Sha256_RsaOaep</option>
                  <option value="Aes256_Sha256_RsaPss">Aes256_Sha256_RsaPss</option>
                </select>,
              )}
              {field(
                'opcua.userName',
                'User (optional)',
                text('opcua.userName', o.userName, (userName) => patch('opcua', { userName }), {
                  autoComplete: 'off',
                }),
              )}
              {field(
                'opcua.password',
                'Password',
                text('opcua.password', o.password, (password) => patch('opcua', { password }), {
                  type: 'password',
                  autoComplete: 'new-password',
                }),
              )}
            </div>
          </fieldset>
        ) : null}

        <fieldset className={`field-group${problem?.field === 'tagMap' ? ' is-invalid' : ''}`}>
          <legend>Tag map</legend>
          <div className="field-row">
            <label className="field" htmlFor={`${baseId}-tagmap`}>
              <span className="field-label">File (YAML, JSON or CSV register list)</span>
              <input
                id={`${baseId}-tagmap`}
                type="file"
                accept={TAG_MAP_ACCEPT}
                data-testid="connection-tagmap"
                onChange={(e) => void pickFile(e.target.files?.[0])}
              />
            </label>
            <span className="field-note" data-testid="connection-tagmap-name">
              {tagMap ? `${tagMap.fileName} (${tagMap.text.split('\n').length} lines)` : 'No file picked'}
            </span>
          </div>
          {bindings.length > 0 ? (
            <div data-testid="connection-bindings">
              <p className="field-note">Bound from the address space (added to the tag map):</p>
              <ul className="binding-list">
                {bindings.map((b) => (
                  <li key={b.point} data-testid="connection-binding" data-point={b.point}>
                    <code>
                      {b.point} ← {b.nodeId}
                    </code>{' '}
                    <button
                      type="button"
                      className="link-button"
                      onClick={() => setBindings(bindings.filter((x) => x.point !== b.point))}
                    >
                      unbind
                    </button>
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
        </fieldset>

        {problem ? (
          <p
            className="field-error"
            role="alert"
            data-testid="connection-form-error"
            data-field={problem.field ?? ''}
          >
            {problem.message}
          </p>
        ) : null}
        {test ? (
          <p
            className={`connection-test${test.ok ? '' : ' is-failed'}`}
            role="status"
            data-testid="connection-test-result"
            data-ok={test.ok}
          >
            {test.ok ? 'Test passed: ' : 'Test failed: '}
            {test.detail}
          </p>
        ) : null}
        {editing ? (
          <p className="field-note">
            Saving restarts the connection with these settings{saved ? '' : '; pick its tag map again'}.
          </p>
        ) : null}
        <ModalActions onCancel={onClose}>
          <button
            type="button"
            className="toolbar-button"
            data-testid="connection-test"
            disabled={busy}
            onClick={() => void runTest()}
          >
            Test
          </button>
          <button
            type="submit"
            className="toolbar-button primary-button"
            data-testid="connection-submit"
            disabled={busy}
          >
            {editing ? 'Save' : 'Add'}
          </button>
        </ModalActions>
      </form>
    </Modal>
  );
}
