import { describe, expect, it } from 'vitest';
import type { AlarmView } from '../../shared/operations';
import { audibleAlarms, newIds } from './alarmSound';

const alarm = (id: string, priority: number, acked = false, active = true): AlarmView => ({
  id,
  tag: id,
  type: 'low',
  priority,
  state: acked ? 'acknowledged' : 'unacknowledged',
  active,
  acked,
  message: id,
  suppressedBy: [],
  shelvable: true,
});

describe('alarm tone', () => {
  it('sounds for active unacknowledged priority 1 and 2 alarms not silenced', () => {
    const alarms = [
      alarm('a', 1),
      alarm('b', 2),
      alarm('c', 3),
      alarm('d', 1, true),
      alarm('e', 2, false, false),
    ];
    expect(audibleAlarms(alarms, new Set())).toEqual(['a', 'b']);
    expect(audibleAlarms(alarms, new Set(['a']))).toEqual(['b']);
  });

  it('sounds at once only for an alarm it did not sound for before', () => {
    expect(newIds(['a'], ['a', 'b'])).toEqual(['b']);
    expect(newIds(['a', 'b'], ['a'])).toEqual([]);
  });
});
