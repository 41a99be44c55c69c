import './alarms.css';
import { useEffect, useState } from 'react';
import type { AlarmJournalEntryView } from '../../../shared/operations';
import { request } from '../../api/client';
import { formatSimClock, formatSimDate } from '../../readings/simTime';
import { useConsoleStore } from '../../store/consoleStore';
import { reportFailure } from '../../store/sync';
import { PriorityBadge } from '../alerts/PriorityBadge';
import { DockFrame } from '../dock/DockFrame';
import { AlarmKpiPanel } from './AlarmKpiPanel';
import { formatValue } from './AlarmTable';
import { useThrottled } from './useThrottled';
import { cursorAfter, pageFrom, pageRequest, type JournalCursor } from './journalPaging';

const PAGE_SIZE = 100;

/**
 * The alarm journal: every activation, clear, ack, shelve… newest first, one alarm or all,
 * paging back; beside it the alarm-system KPIs. The first page follows the alarms as they
 * change; an older page stays put while the operator reads it.
 */
export function AlarmJournalView() {
  const summary = useConsoleStore((s) => s.alarmSummary);
  const [alarmId, setAlarmId] = useState('');
  // cursors of the pages shown so far: the last one is the page on screen (null: the newest)
  const [cursors, setCursors] = useState<(JournalCursor | null)[]>([null]);
  const [page, setPage] = useState<AlarmJournalEntryView[] | null>(null);
  const cursor = cursors[cursors.length - 1] ?? null;
  // the newest page follows the alarms as they change, at most every 2 s
  const follow = useThrottled(cursor === null ? summary : null, 2_000);

  useEffect(() => {
    let current = true;
    const id = alarmId.trim();
    request('alarms.journal', { ...pageRequest(cursor, PAGE_SIZE), ...(id && { alarmId: id }) })
      .then(({ entries }) => current && setPage(pageFrom(entries, cursor, PAGE_SIZE)))
      .catch((error: unknown) => reportFailure(error, 'Could not read the alarm journal'));
    return () => {
      current = false;
    };
  }, [alarmId, cursor, follow]);

  const next = page ? cursorAfter(page, PAGE_SIZE) : null;
  const knownIds = [
    ...new Set([...(summary?.alarms ?? []), ...(summary?.hidden ?? [])].map((a) => a.id)),
  ].sort();
  const tools = (
    <label>
      Alarm
      <input
        className="text-input dock-search"
        data-testid="journal-filter-alarm"
        list="journal-alarm-ids"
        placeholder="every alarm"
        value={alarmId}
        onChange={(e) => {
          setAlarmId(e.target.value);
          setCursors([null]);
        }}
      />
      <datalist id="journal-alarm-ids">
        {knownIds.map((id) => (
          <option key={id} value={id} />
        ))}
      </datalist>
    </label>
  );

  return (
    <DockFrame title="Alarm journal" testId="alarm-journal" tools={tools}>
      <div className="journal-layout">
        <div>
          {page === null ? (
            <p className="dock-empty">Reading the journal…</p>
          ) : page.length === 0 ? (
            <p className="dock-empty">No journal entry.</p>
          ) : (
            <JournalTable entries={page} />
          )}
          <nav className="agents-pager" aria-label="Journal pages">
            <button
              type="button"
              className="toolbar-button"
              data-testid="journal-newer"
              disabled={cursors.length === 1}
              onClick={() => setCursors(cursors.slice(0, -1))}
            >
              Newer
            </button>
            <span>Page {cursors.length}</span>
            <button
              type="button"
              className="toolbar-button"
              data-testid="journal-older"
              disabled={next === null}
              onClick={() => next && setCursors([...cursors, next])}
            >
              Older
            </button>
          </nav>
        </div>
        <AlarmKpiPanel />
      </div>
    </DockFrame>
  );
}

function JournalTable({ entries }: { entries: readonly AlarmJournalEntryView[] }) {
  return (
    <table className="dock-table" data-testid="journal-table">
      <thead>
        <tr>
          <th>Time</th>
          <th>Priority</th>
          <th>Alarm</th>
          <th>Event</th>
          <th>User</th>
          <th>Value</th>
          <th>Message / comment</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((e) => (
          <tr key={e.seq} data-testid="journal-row" data-alarm-id={e.alarmId} data-event={e.event}>
            <td className="numeric" title={formatSimDate(e.time)}>
              {formatSimClock(e.time)}
            </td>
            <td>
              <PriorityBadge priority={e.priority} />
            </td>
            <td>{e.alarmId}</td>
            <td>{e.event.replace(/_/g, ' ')}</td>
            <td>{e.user ?? '—'}</td>
            <td className="numeric">{formatValue(e.value)}</td>
            <td className="alert-message">
              {e.message}
              {e.comment ? <span className="alarm-note"> · “{e.comment}”</span> : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
