import { describe, expect, it } from 'vitest';
import { InMemoryAlarmJournal } from './journal';

describe('InMemoryAlarmJournal', () => {
  const journal = new InMemoryAlarmJournal();
  const add = (time: number, alarmId: string) =>
    journal.append({ time, alarmId, event: 'activated', priority: 3, message: alarmId });
  add(100, 'a');
  add(200, 'b');
  add(200, 'a');
  add(300, 'a');

  it('numbers entries in the order of record', () => {
    expect(journal.query().map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(journal.size).toBe(4);
  });

  it('queries a half-open time range [from, to) and by alarm', () => {
    expect(journal.query({ from: 200, to: 300 }).map((e) => e.seq)).toEqual([2, 3]);
    expect(journal.query({ alarmId: 'a', from: 150 }).map((e) => e.seq)).toEqual([3, 4]);
    expect(journal.query({ alarmId: 'zzz' })).toEqual([]);
  });
});
