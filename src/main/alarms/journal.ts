// The alarm journal: every alarm state change, in order, with who did it and what the operator
// saw. The interface is deliberately small and synchronous so a SQLite implementation
// (better-sqlite3 is synchronous) can drop in for the in-memory one without touching the engine.
import type { TagValue, Priority } from './definition';
import type { AlarmEventType } from './lifecycle';

export interface AlarmJournalEntry {
  /** assigned by the journal, strictly increasing; the order of record (times may tie) */
  seq: number;
  /** ms since epoch on the console clock */
  time: number;
  alarmId: string;
  event: AlarmEventType;
  /** the operator or engineer for acks, shelving and service changes */
  user?: string;
  comment?: string;
  priority: Priority;
  /** the tag value at the moment of the event, when there was one */
  value?: TagValue;
  message: string;
}

export type NewJournalEntry = Omit<AlarmJournalEntry, 'seq'>;

export interface JournalQuery {
  /** inclusive, ms */
  from?: number;
  /** exclusive, ms */
  to?: number;
  alarmId?: string;
}

export interface AlarmJournal {
  /** store an entry and return it with its sequence number */
  append(entry: NewJournalEntry): AlarmJournalEntry;
  /** entries matching the query, in sequence order */
  query(query?: JournalQuery): AlarmJournalEntry[];
}

/** The journal for tests, benchmarks and sessions without storage. Unbounded: it keeps everything. */
export class InMemoryAlarmJournal implements AlarmJournal {
  private readonly entries: AlarmJournalEntry[] = [];

  append(entry: NewJournalEntry): AlarmJournalEntry {
    const stored: AlarmJournalEntry = { ...entry, seq: this.entries.length + 1 };
    this.entries.push(stored);
    return stored;
  }

  query(query: JournalQuery = {}): AlarmJournalEntry[] {
    const { from = -Infinity, to = Infinity, alarmId } = query;
    return this.entries.filter(
      (e) => e.time >= from && e.time < to && (alarmId === undefined || e.alarmId === alarmId),
    );
  }

  get size(): number {
    return this.entries.length;
  }
}
