import './admin.css';
import { useEffect, useState } from 'react';
import type { AuditRecordView } from '../../../shared/operations';
import { request } from '../../api/client';
import { reportFailure } from '../../store/sync';
import { DockFrame } from '../dock/DockFrame';
import { formatWallDate } from '../../readings/wallTime';

const PAGE_SIZE = 100;

type Verification = { ok: boolean; records: number; problem?: string | undefined };

/**
 * The hash-chained audit trail (administrators): newest first, by user and action, paging
 * back by sequence number; Verify walks the whole chain. Audit times are real time.
 */
export function AuditView() {
  const [user, setUser] = useState('');
  const [action, setAction] = useState('');
  // the page on screen starts before the last of these sequence numbers (none: the newest)
  const [before, setBefore] = useState<number[]>([]);
  const [records, setRecords] = useState<AuditRecordView[] | null>(null);
  const [verification, setVerification] = useState<Verification | 'running' | null>(null);
  const [version, setVersion] = useState(0);
  const beforeSeq = before[before.length - 1];

  useEffect(() => {
    let current = true;
    request('audit.query', {
      limit: PAGE_SIZE,
      ...(beforeSeq !== undefined && { beforeSeq }),
      ...(user.trim() && { user: user.trim() }),
      ...(action.trim() && { action: action.trim() }),
    })
      .then((reply) => current && setRecords(reply.records))
      .catch((error: unknown) => reportFailure(error, 'Could not read the audit trail'));
    return () => {
      current = false;
    };
  }, [user, action, beforeSeq, version]);

  const verify = async () => {
    setVerification('running');
    try {
      setVerification(await request('audit.verify', {}));
    } catch (error) {
      setVerification(null);
      reportFailure(error, 'Could not verify the audit trail');
    }
  };
  const oldest = records?.[records.length - 1];
  const filterChanged = (apply: () => void) => {
    apply();
    setBefore([]);
  };

  const tools = (
    <>
      <label>
        User
        <input
          className="text-input dock-search"
          data-testid="audit-filter-user"
          value={user}
          onChange={(e) => filterChanged(() => setUser(e.target.value))}
        />
      </label>
      <label>
        Action
        <input
          className="text-input dock-search"
          data-testid="audit-filter-action"
          placeholder="e.g. commands.select"
          value={action}
          onChange={(e) => filterChanged(() => setAction(e.target.value))}
        />
      </label>
      <button
        type="button"
        className="toolbar-button"
        data-testid="audit-refresh"
        onClick={() => setVersion(version + 1)}
      >
        Refresh
      </button>
      <button
        type="button"
        className="toolbar-button"
        data-testid="audit-verify"
        disabled={verification === 'running'}
        onClick={() => void verify()}
      >
        Verify chain
      </button>
      {verification && verification !== 'running' ? (
        <span
          className={verification.ok ? 'audit-verified' : 'audit-broken'}
          data-testid="audit-verify-result"
          data-ok={verification.ok}
          role="status"
        >
          {verification.ok
            ? `✓ Chain intact: ${verification.records} records`
            : `▲ Chain broken: ${verification.problem ?? 'a record does not match its hash'}`}
        </span>
      ) : null}
    </>
  );

  return (
    <DockFrame title="Audit trail" testId="audit-view" tools={tools}>
      {records === null ? (
        <p className="dock-empty">Reading the audit trail…</p>
      ) : records.length === 0 ? (
        <p className="dock-empty">No audit record matches.</p>
      ) : (
        <table className="dock-table" data-testid="audit-table">
          <thead>
            <tr>
              <th>#</th>
              <th>Time</th>
              <th>User</th>
              <th>Source</th>
              <th>Action</th>
              <th>Target</th>
              <th>Result</th>
              <th>Details</th>
            </tr>
          </thead>
          <tbody>
            {records.map((r) => (
              <tr
                key={r.seq}
                data-testid="audit-row"
                data-action={r.action}
                data-user={r.user}
                data-result={r.result}
                className={isRefusal(r.result) ? 'audit-refusal' : undefined}
              >
                <td className="numeric">{r.seq}</td>
                <td className="numeric">{formatWallDate(r.time)}</td>
                <td>{r.user}</td>
                <td>{r.source}</td>
                <td>{r.action}</td>
                <td>{r.target}</td>
                <td>
                  {isRefusal(r.result) ? <span aria-hidden="true">▲ </span> : null}
                  {r.result}
                </td>
                <td className="audit-details">{detailsText(r.details)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <nav className="agents-pager" aria-label="Audit pages">
        <button
          type="button"
          className="toolbar-button"
          data-testid="audit-newer"
          disabled={before.length === 0}
          onClick={() => setBefore(before.slice(0, -1))}
        >
          Newer
        </button>
        <span>Page {before.length + 1}</span>
        <button
          type="button"
          className="toolbar-button"
          data-testid="audit-older"
          disabled={!oldest || (records?.length ?? 0) < PAGE_SIZE || oldest.seq <= 1}
          onClick={() => oldest && setBefore([...before, oldest.seq])}
        >
          Older
        </button>
      </nav>
    </DockFrame>
  );
}

const REFUSALS = new Set([
  'forbidden',
  'unauthenticated',
  'refused',
  'failure',
  'failed',
  'locked',
  'bad_args',
]);

function isRefusal(result: string): boolean {
  return REFUSALS.has(result);
}

function detailsText(details: Record<string, unknown>): string {
  const text = JSON.stringify(details);
  return text === '{}' ? '' : text.length > 160 ? `${text.slice(0, 157)}…` : text;
}
