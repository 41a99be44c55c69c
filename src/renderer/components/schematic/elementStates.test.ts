import { describe, expect, it } from 'vitest';
import type { AlarmSummary, AlarmView } from '../../../shared/operations';
import { unackedAlarmsByElement } from './elementStates';

const alarm = (id: string, element: string | undefined, priority: number, acked: boolean): AlarmView => ({
  id: `${element}.pressure.${id}`,
  tag: `${element}.pressure`,
  type: 'low_pressure',
  priority,
  element,
  state: acked ? 'acknowledged' : 'unacknowledged',
  active: true,
  acked,
  message: '',
  suppressedBy: [],
  shelvable: true,
});

const summary = (alarms: AlarmView[]): AlarmSummary => ({
  alarms,
  hidden: [],
  counts: {
    annunciated: alarms.length,
    unacknowledged: 0,
    byPriority: {},
    shelved: 0,
    suppressed: 0,
    outOfService: 0,
  },
  banner: null,
});

describe('unackedAlarmsByElement', () => {
  it('keeps the most urgent unacknowledged alarm per element, in words, and skips acked ones', () => {
    const byElement = unackedAlarmsByElement(
      summary([
        alarm('lo', 'J1', 3, false),
        alarm('lolo', 'J1', 2, false),
        alarm('lolo', 'J2', 1, true),
        alarm('hi', undefined, 1, false),
      ]),
    );
    expect([...byElement]).toEqual([['J1', { severity: 'alarm', words: 'PRESSURE LOW LOW' }]]);
  });

  it('answers from its cache for the same summary, and nothing without one', () => {
    const s = summary([alarm('x', 'J1', 4, false)]);
    expect(unackedAlarmsByElement(s)).toBe(unackedAlarmsByElement(s));
    expect(unackedAlarmsByElement(s).get('J1')).toEqual({ severity: 'warning', words: 'ALARM P4' });
    expect(unackedAlarmsByElement(null).size).toBe(0);
  });
});
