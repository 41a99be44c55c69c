// The alarm journal kept in the storage database, beside the historian and the audit trail:
// every alarm state change survives a restart, so the KPIs of last week are still there.
// The engine appends synchronously (better-sqlite3 is synchronous), in the same order it
// tells its listeners.
import type { Database, Statement } from 'better-sqlite3';
import type { AlarmJournal, AlarmJournalEntry, JournalQuery, NewJournalEntry } from '../alarms/journal';

export const ALARM_JOURNAL_SCHEMA = `
CREATE TABLE alarm_journal (
  seq      INTEGER PRIMARY KEY,
  time     INTEGER NOT NULL,
  alarm_id TEXT    NOT NULL,
  event    TEXT    NOT NULL,
  user     TEXT,
  comment  TEXT,
  priority INTEGER NOT NULL,
  -- the tag value the operator saw, as JSON (number, text or boolean)
  value    TEXT,
  message  TEXT    NOT NULL
) STRICT;
CREATE INDEX alarm_journal_time ON alarm_journal (time);
CREATE INDEX alarm_journal_alarm ON alarm_journal (alarm_id, time);
`;

interface Row {
  seq: number;
  time: number;
  alarmId: string;
  event: AlarmJournalEntry['event'];
  user: string | null;
  comment: string | null;
  priority: AlarmJournalEntry['priority'];
  value: string | null;
  message: string;
}

const COLUMNS = 'seq, time, alarm_id AS alarmId, event, user, comment, priority, value, message';

export class SqliteAlarmJournal implements AlarmJournal {
  private readonly s: Record<'insert' | 'range' | 'rangeOfAlarm' | 'newest' | 'newestOfAlarm', Statement>;

  constructor(db: Database) {
    this.s = {
      insert: db.prepare(
        `INSERT INTO alarm_journal (time, alarm_id, event, user, comment, priority, value, message)
         VALUES (@time, @alarmId, @event, @user, @comment, @priority, @value, @message)`,
      ),
      range: db.prepare(`SELECT ${COLUMNS} FROM alarm_journal WHERE time >= ? AND time < ? ORDER BY seq`),
      rangeOfAlarm: db.prepare(
        `SELECT ${COLUMNS} FROM alarm_journal WHERE time >= ? AND time < ? AND alarm_id = ? ORDER BY seq`,
      ),
      newest: db.prepare(
        `SELECT ${COLUMNS} FROM alarm_journal WHERE time >= ? AND time < ? ORDER BY seq DESC LIMIT ?`,
      ),
      newestOfAlarm: db.prepare(
        `SELECT ${COLUMNS} FROM alarm_journal WHERE time >= ? AND time < ? AND alarm_id = ?
         ORDER BY seq DESC LIMIT ?`,
      ),
    };
  }

  append(entry: NewJournalEntry): AlarmJournalEntry {
    // the simulated clock runs in fractional milliseconds (the pacer scales wall time by the
    // speed) and the column holds whole ones: round down, so an entry is never later than the clock
    const time = Math.floor(entry.time);
    const info = this.s.insert.run({
      time,
      alarmId: entry.alarmId,
      event: entry.event,
      user: entry.user ?? null,
      comment: entry.comment ?? null,
      priority: entry.priority,
      value: entry.value === undefined ? null : JSON.stringify(entry.value),
      message: entry.message,
    });
    return { ...entry, time, seq: Number(info.lastInsertRowid) };
  }

  query(query: JournalQuery = {}): AlarmJournalEntry[] {
    const [from, to] = bounds(query);
    const rows = (
      query.alarmId === undefined
        ? this.s.range.all(from, to)
        : this.s.rangeOfAlarm.all(from, to, query.alarmId)
    ) as Row[];
    return rows.map(entryOf);
  }

  /** The newest `limit` entries of the range, newest first: what the journal view pages through. */
  newest(query: JournalQuery, limit: number): AlarmJournalEntry[] {
    const [from, to] = bounds(query);
    const rows = (
      query.alarmId === undefined
        ? this.s.newest.all(from, to, limit)
        : this.s.newestOfAlarm.all(from, to, query.alarmId, limit)
    ) as Row[];
    return rows.map(entryOf);
  }
}

/** SQLite integers cannot hold ±Infinity: an open range is the widest one they can. */
function bounds(query: JournalQuery): [number, number] {
  return [query.from ?? Number.MIN_SAFE_INTEGER, query.to ?? Number.MAX_SAFE_INTEGER];
}

function entryOf(row: Row): AlarmJournalEntry {
  const entry: AlarmJournalEntry = {
    seq: row.seq,
    time: row.time,
    alarmId: row.alarmId,
    event: row.event,
    priority: row.priority,
    message: row.message,
  };
  if (row.user !== null) entry.user = row.user;
  if (row.comment !== null) entry.comment = row.comment;
  if (row.value !== null) entry.value = JSON.parse(row.value) as AlarmJournalEntry['value'];
  return entry;
}
