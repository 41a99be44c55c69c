// Paging back through the alarm journal, newest first. The core's `to` bound is exclusive
// and several entries can share a timestamp, so an older page asks up to and including the
// oldest time shown and drops what was already shown by its sequence number.
import type { AlarmJournalEntryView } from '../../../shared/operations';

export interface JournalCursor {
  /** the oldest entry shown on the newer page */
  time: number;
  seq: number;
}

/** How many entries to ask for: a page, plus room for the entries sharing the boundary time. */
export function pageRequest(cursor: JournalCursor | null, pageSize: number): { to?: number; limit: number } {
  return cursor ? { to: cursor.time + 1, limit: pageSize + 50 } : { limit: pageSize };
}

export function pageFrom(
  entries: readonly AlarmJournalEntryView[],
  cursor: JournalCursor | null,
  pageSize: number,
): AlarmJournalEntryView[] {
  const older = cursor ? entries.filter((e) => e.seq < cursor.seq) : entries;
  return older.slice(0, pageSize);
}

/** The cursor of the page after (older than) this one, or null if this one is not full. */
export function cursorAfter(page: readonly AlarmJournalEntryView[], pageSize: number): JournalCursor | null {
  const oldest = page[page.length - 1];
  return page.length < pageSize || !oldest ? null : { time: oldest.time, seq: oldest.seq };
}
