import { describe, expect, it } from 'vitest';
import type { AlarmJournalEntryView } from '../../../shared/operations';
import { cursorAfter, pageFrom, pageRequest } from './journalPaging';

const entry = (seq: number, time: number): AlarmJournalEntryView => ({
  seq,
  time,
  alarmId: 'A',
  event: 'activated',
  priority: 2,
  message: 'm',
});

describe('journal paging', () => {
  it('pages back without losing the entries that share the boundary time', () => {
    // newest first; seq 3 and 2 share time 20
    const all = [entry(5, 40), entry(4, 30), entry(3, 20), entry(2, 20), entry(1, 10)];
    const first = pageFrom(all.slice(0, 3), null, 3);
    expect(first.map((e) => e.seq)).toEqual([5, 4, 3]);
    const cursor = cursorAfter(first, 3)!;
    expect(pageRequest(cursor, 3)).toEqual({ to: 21, limit: 53 });
    // the core answers everything before 21: seq 3 again, then 2 and 1
    const second = pageFrom(
      all.filter((e) => e.time < 21),
      cursor,
      3,
    );
    expect(second.map((e) => e.seq)).toEqual([2, 1]);
    expect(cursorAfter(second, 3)).toBeNull();
  });

  it('asks for the newest page without a bound', () => {
    expect(pageRequest(null, 100)).toEqual({ limit: 100 });
  });
});
