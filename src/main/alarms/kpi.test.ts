import { describe, expect, it } from 'vitest';
import type { Priority } from './definition';
import type { AlarmJournalEntry } from './journal';
import { computeAlarmKpis } from './kpi';
import { replayJournal } from './kpi-replay';
import type { AlarmEventType } from './lifecycle';
import { HOUR, MINUTE, SECOND, T0 } from './testing';

type Row = [time: number, alarmId: string, event: AlarmEventType, priority: Priority];

/** a journal from [time since T0, alarm, event, priority] rows, in the order given */
function journal(rows: Row[]): AlarmJournalEntry[] {
  return rows.map(([t, alarmId, event, priority], i) => ({
    seq: i + 1,
    time: T0 + t,
    alarmId,
    event,
    priority,
    message: alarmId,
  }));
}

const id2 = (prefix: string, i: number) => `${prefix}${String(i).padStart(2, '0')}`;

/** `count` different alarms PREFIX01.. activating 5 s apart from `startMs` */
const burst = (prefix: string, count: number, startMs: number, priority: Priority): Row[] =>
  Array.from({ length: count }, (_, i): Row => [
    startMs + i * 5 * SECOND,
    id2(prefix, i + 1),
    'activated',
    priority,
  ]);

// One hour, T0 .. T0 + 60 min: six 10-minute windows W0..W5.
const rows: Row[] = [
  // Before the range: they set the scene, they are not counted as annunciations.
  [-30 * HOUR, 'ST3', 'activated', 4],
  [-25 * HOUR, 'ST', 'activated', 4], // still active at the end: 25 h + 1 h = 26 h → stale
  [-23 * HOUR, 'ST2', 'activated', 4], // cleared at 30 min: 23.5 h → not stale
  [-1 * HOUR, 'ST3', 'cleared', 4], // 29 h, but over before the range → not reported
  // W0: CH chatters: activations at 10 s, 30 s, 50 s (3 within one minute) and again at 5 min → 4 annunciations
  [10 * SECOND, 'CH', 'activated', 4],
  [20 * SECOND, 'CH', 'cleared', 4],
  [30 * SECOND, 'CH', 'activated', 4],
  [40 * SECOND, 'CH', 'cleared', 4],
  [50 * SECOND, 'CH', 'activated', 4],
  [70 * SECOND, 'CH', 'cleared', 4],
  [5 * MINUTE, 'CH', 'activated', 4],
  [6 * MINUTE, 'CH', 'cleared', 4],
  // W1: 12 alarms (> 10) → flood
  ...burst('F', 12, 11 * MINUTE, 3),
  // W2: 11 alarms (> 10) → the same flood goes on
  ...burst('G', 11, 21 * MINUTE, 4),
  [30 * MINUTE, 'ST2', 'cleared', 4],
  // W3: exactly 10 → not a flood
  ...burst('H', 10, 31 * MINUTE, 4),
  // W4: S activates while shelved (not shown), then the shelf expires with S still active (shown at 45 min).
  [40 * MINUTE, 'S', 'shelved', 2],
  [41 * MINUTE, 'S', 'activated', 2],
  [45 * MINUTE, 'S', 'shelve_expired', 2],
  //     Q activates and clears while suppressed: never shown, even when the suppression lifts.
  [42 * MINUTE, 'Q', 'suppressed', 1],
  [43 * MINUTE, 'Q', 'activated', 1],
  [44 * MINUTE, 'Q', 'cleared', 1],
  [46 * MINUTE, 'Q', 'unsuppressed', 1],
  // W5: one p1 alarm, acked (acks are not alarms)
  [55 * MINUTE, 'P', 'activated', 1],
  [56 * MINUTE, 'P', 'acknowledged', 1],
  // at `to` exactly: outside the half-open range
  [60 * MINUTE, 'LATE', 'activated', 1],
];

const range = { from: T0, to: T0 + HOUR };

describe('alarm KPIs on a crafted journal', () => {
  // Annunciations in range: W0 4 (CH) + W1 12 + W2 11 + W3 10 + W4 1 (S) + W5 1 (P) = 39.
  const kpis = computeAlarmKpis(journal(rows), range);

  it('counts annunciations, not hidden activations', () => {
    expect(kpis.annunciations).toBe(39);
  });

  it('alarm rate per 10 min per operator: average 39 / 6 windows = 6.5, peak 12 (W1); 39 × 24 = 936 per day', () => {
    expect(kpis.per10MinPerOperator).toEqual({ average: 6.5, peak: 12 });
    expect(kpis.perDayPerOperator).toBe(936);
  });

  it('one flood spanning W1 and W2: 23 alarms, 20 min in flood = 1/3 of the hour', () => {
    expect(kpis.floods.count).toBe(1);
    expect(kpis.floods.episodes).toEqual([
      { start: T0 + 10 * MINUTE, end: T0 + 30 * MINUTE, annunciations: 23 },
    ]);
    expect(kpis.floods.timeInFloodMs).toBe(20 * MINUTE);
    expect(kpis.floods.percentTimeInFlood).toBeCloseTo(100 / 3, 10);
  });

  it('chattering: CH with 3 activations inside one minute (4 in the range)', () => {
    expect(kpis.chattering).toEqual([{ alarmId: 'CH', activations: 4, maxInOneMinute: 3 }]);
  });

  it('stale: only ST, active 26 h at the end of the range', () => {
    expect(kpis.stale).toEqual([{ alarmId: 'ST', activeSince: T0 - 25 * HOUR, activeForMs: 26 * HOUR }]);
  });

  it('top 10: CH (4 = 10.26 %), then the single ones by id', () => {
    expect(kpis.topFrequent.map((t) => [t.alarmId, t.count])).toEqual([
      ['CH', 4],
      ...Array.from({ length: 9 }, (_, i) => [id2('F', i + 1), 1]),
    ]);
    expect(kpis.topFrequent[0]!.percent).toBeCloseTo((4 / 39) * 100, 10);
  });

  it('priority distribution: p1 1 (P) + p2 1 (S) = 5.13 % high, p3 12 = 30.77 % medium, p4 25 = 64.10 % low', () => {
    const { counts, percent, guidelinePercent } = kpis.priorityDistribution;
    expect(counts).toEqual({ 1: 1, 2: 1, 3: 12, 4: 25 }); // p4: CH 4 + G 11 + H 10
    expect(percent.high).toBeCloseTo((2 / 39) * 100, 10);
    expect(percent.medium).toBeCloseTo((12 / 39) * 100, 10);
    expect(percent.low).toBeCloseTo((25 / 39) * 100, 10);
    expect(guidelinePercent).toEqual({ high: 5, medium: 15, low: 80 });
  });

  it('per operator: two operators halve the rates and the same hour has no flood (12 / 2 = 6 ≤ 10)', () => {
    const two = computeAlarmKpis(journal(rows), { ...range, operators: 2 });
    expect(two.per10MinPerOperator).toEqual({ average: 3.25, peak: 6 });
    expect(two.floods.count).toBe(0);
  });

  it('an empty range gives zeros, not NaN', () => {
    const empty = computeAlarmKpis([], range);
    expect(empty.per10MinPerOperator).toEqual({ average: 0, peak: 0 });
    expect(empty.priorityDistribution.percent).toEqual({ high: 0, medium: 0, low: 0 });
    expect(() => computeAlarmKpis([], { from: T0, to: T0 })).toThrow(RangeError);
  });
});

describe('journal replay', () => {
  it('an alarm returned to service while active is an annunciation; while inactive it is not', () => {
    const replay = replayJournal(
      journal([
        [0, 'X', 'out_of_service', 3],
        [1, 'X', 'activated', 3],
        [2, 'X', 'in_service', 3], // shown now
        [3, 'Y', 'out_of_service', 3],
        [4, 'Y', 'in_service', 3], // nothing active: nothing shown
      ]),
    );
    expect(replay.annunciations.map((a) => [a.time - T0, a.alarmId])).toEqual([[2, 'X']]);
    expect(replay.activations).toHaveLength(1);
  });

  it('an alarm still hidden by another overlay is not shown when one lifts', () => {
    const replay = replayJournal(
      journal([
        [0, 'X', 'shelved', 3],
        [1, 'X', 'suppressed', 3],
        [2, 'X', 'activated', 3],
        [3, 'X', 'unshelved', 3], // still suppressed
        [4, 'X', 'unsuppressed', 3], // shown now
      ]),
    );
    expect(replay.annunciations.map((a) => a.time - T0)).toEqual([4]);
  });
});
