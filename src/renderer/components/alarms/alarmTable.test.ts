import { describe, expect, it } from 'vitest';
import type { AlarmView } from '../../../shared/operations';
import {
  alarmRows,
  DEFAULT_SORT,
  keepSelected,
  matchesAlarm,
  NO_FILTER,
  NO_ZONE,
  nextSort,
  sortAlarms,
} from './alarmTable';

const alarm = (id: string, priority: number, since: number, extra: Partial<AlarmView> = {}): AlarmView => ({
  id,
  tag: `${id}.tag`,
  type: 'limit',
  priority,
  state: 'unacknowledged',
  active: true,
  acked: false,
  message: `Alarm ${id}`,
  since,
  suppressedBy: [],
  shelvable: true,
  ...extra,
});

const list = [
  alarm('J-2.pressure.lo', 4, 30, { element: 'J-2', zone: 'DMA-N' }),
  alarm('T-1.low', 3, 10, { element: 'T-1', state: 'acknowledged', acked: true }),
  alarm('PU-1.emergency_stop', 1, 20, { element: 'PU-1', zone: 'DMA-S' }),
  alarm('J-10.pressure.lolo', 2, 40, { element: 'J-10', zone: 'DMA-N', state: 'rtn_unacknowledged' }),
  alarm('J-3.pressure.lolo', 2, 50, { element: 'J-3', zone: 'DMA-N' }),
];
const ids = (rows: AlarmView[]) => rows.map((a) => a.id);

describe('sortAlarms', () => {
  it('by default puts priority 1 first and the newest first within a priority', () => {
    expect(ids(sortAlarms(list, DEFAULT_SORT))).toEqual([
      'PU-1.emergency_stop',
      'J-3.pressure.lolo',
      'J-10.pressure.lolo',
      'T-1.low',
      'J-2.pressure.lo',
    ]);
  });

  it('sorts by time, state and element, either way', () => {
    expect(ids(sortAlarms(list, { key: 'time', ascending: false }))[0]).toBe('J-3.pressure.lolo');
    expect(ids(sortAlarms(list, { key: 'time', ascending: true }))[0]).toBe('T-1.low');
    // unacked first (by priority inside), then cleared-unacked, then acked
    expect(ids(sortAlarms(list, { key: 'state', ascending: true }))).toEqual([
      'PU-1.emergency_stop',
      'J-3.pressure.lolo',
      'J-2.pressure.lo',
      'J-10.pressure.lolo',
      'T-1.low',
    ]);
    // numeric: J-2 before J-3 before J-10
    expect(ids(sortAlarms(list, { key: 'element', ascending: true })).slice(0, 3)).toEqual([
      'J-2.pressure.lo',
      'J-3.pressure.lolo',
      'J-10.pressure.lolo',
    ]);
    expect(ids(sortAlarms(list, { key: 'element', ascending: false }))[0]).toBe('T-1.low');
  });

  it('does not touch the list it is given', () => {
    const copy = [...list];
    sortAlarms(list, { key: 'time', ascending: true });
    expect(list).toEqual(copy);
  });
});

describe('filtering', () => {
  it('by priority, state, zone (or no zone) and text', () => {
    expect(ids(alarmRows(list, { ...NO_FILTER, priority: '2' }, DEFAULT_SORT))).toEqual([
      'J-3.pressure.lolo',
      'J-10.pressure.lolo',
    ]);
    expect(ids(alarmRows(list, { ...NO_FILTER, state: 'acknowledged' }, DEFAULT_SORT))).toEqual(['T-1.low']);
    expect(alarmRows(list, { ...NO_FILTER, zone: 'DMA-N' }, DEFAULT_SORT)).toHaveLength(3);
    expect(ids(alarmRows(list, { ...NO_FILTER, zone: NO_ZONE }, DEFAULT_SORT))).toEqual(['T-1.low']);
    expect(matchesAlarm(list[2]!, { ...NO_FILTER, text: '  pu-1 ' })).toBe(true);
    expect(matchesAlarm(list[2]!, { ...NO_FILTER, text: 'tank' })).toBe(false);
  });
});

describe('nextSort and keepSelected', () => {
  it('flips the direction on the same column, starts a new one in its natural direction', () => {
    expect(nextSort(DEFAULT_SORT, 'priority')).toEqual({ key: 'priority', ascending: false });
    expect(nextSort(DEFAULT_SORT, 'time')).toEqual({ key: 'time', ascending: false });
    expect(nextSort(DEFAULT_SORT, 'element')).toEqual({ key: 'element', ascending: true });
  });

  it('drops selected alarms that left the list', () => {
    expect([...keepSelected(new Set(['T-1.low', 'gone']), list)]).toEqual(['T-1.low']);
  });
});
