import { describe, expect, it } from 'vitest';
import {
  alarmState,
  isAnnunciated,
  NORMAL,
  transition,
  type AlarmEventType,
  type AlarmState,
  type LifecycleAction,
  type LifecycleFlags,
} from './lifecycle';

// Starting points, named after the ISA-18.2 state diagram (A normal … G out of service).
const A_normal = NORMAL;
const B_unack: LifecycleFlags = { ...NORMAL, active: true, acked: false };
const C_ack: LifecycleFlags = { ...NORMAL, active: true, acked: true };
const D_rtnUnack: LifecycleFlags = { ...NORMAL, active: false, acked: false };
const E_shelvedActive: LifecycleFlags = { ...C_ack, shelved: true };
const E_shelvedInactiveUnacked: LifecycleFlags = { ...D_rtnUnack, shelved: true };
const F_suppressedActive: LifecycleFlags = { ...B_unack, suppressed: true };
const F_suppressedInactive: LifecycleFlags = { ...A_normal, suppressed: true };
const G_oosActive: LifecycleFlags = { ...C_ack, outOfService: true };
const G_oosInactive: LifecycleFlags = { ...A_normal, outOfService: true };
const shelvedAndSuppressed: LifecycleFlags = { ...B_unack, shelved: true, suppressed: true };
const oosAndShelved: LifecycleFlags = { ...B_unack, shelved: true, outOfService: true };

type Row = [
  from: string,
  flags: LifecycleFlags,
  action: LifecycleAction,
  state: AlarmState | 'rejected',
  event: AlarmEventType | null,
  active?: boolean,
];

const table: Row[] = [
  // the four annunciation states
  ['A normal', A_normal, 'activate', 'unacknowledged', 'activated'],
  ['A normal', A_normal, 'clear', 'normal', null],
  ['A normal', A_normal, 'acknowledge', 'rejected', null],
  ['B unack', B_unack, 'activate', 'unacknowledged', null], // dedup: no second occurrence
  ['B unack', B_unack, 'acknowledge', 'acknowledged', 'acknowledged'],
  ['B unack', B_unack, 'clear', 'rtn_unacknowledged', 'cleared'], // clearing is not acking
  ['C ack', C_ack, 'activate', 'acknowledged', null],
  ['C ack', C_ack, 'clear', 'normal', 'cleared'],
  ['C ack', C_ack, 'acknowledge', 'rejected', null],
  ['D rtn-unack', D_rtnUnack, 'acknowledge', 'normal', 'acknowledged'],
  ['D rtn-unack', D_rtnUnack, 'activate', 'unacknowledged', 'activated'],
  ['D rtn-unack', D_rtnUnack, 'clear', 'rtn_unacknowledged', null],
  // shelving
  ['A normal', A_normal, 'shelve', 'shelved', 'shelved'],
  ['B unack', B_unack, 'shelve', 'shelved', 'shelved'],
  ['A normal', A_normal, 'unshelve', 'rejected', null],
  ['E shelved, active + acked', E_shelvedActive, 'unshelve', 'unacknowledged', 'unshelved'], // seen afresh
  ['E shelved, inactive + unacked', E_shelvedInactiveUnacked, 'unshelve', 'normal', 'unshelved'],
  ['E shelved, active', E_shelvedActive, 'clear', 'shelved', 'cleared', false], // still tracked
  ['E shelved, inactive', E_shelvedInactiveUnacked, 'activate', 'shelved', 'activated', true],
  ['E shelved', E_shelvedActive, 'acknowledge', 'rejected', null],
  ['E shelved', E_shelvedActive, 'shelve', 'shelved', 'shelved'], // re-shelve restarts the shelf
  // suppression by design
  ['B unack', B_unack, 'suppress', 'suppressed', 'suppressed'],
  ['F suppressed', F_suppressedActive, 'suppress', 'suppressed', null],
  ['F suppressed, active', F_suppressedActive, 'unsuppress', 'unacknowledged', 'unsuppressed'],
  ['F suppressed, inactive', F_suppressedInactive, 'unsuppress', 'normal', 'unsuppressed'],
  ['F suppressed, inactive', F_suppressedInactive, 'activate', 'suppressed', 'activated', true],
  ['F suppressed', F_suppressedActive, 'acknowledge', 'rejected', null],
  ['A normal', A_normal, 'unsuppress', 'normal', null],
  // out of service
  ['C ack', C_ack, 'remove_from_service', 'out_of_service', 'out_of_service'],
  ['G oos', G_oosActive, 'remove_from_service', 'rejected', null],
  ['G oos, active', G_oosActive, 'return_to_service', 'unacknowledged', 'in_service'],
  ['G oos, inactive', G_oosInactive, 'return_to_service', 'normal', 'in_service'],
  ['G oos', G_oosInactive, 'activate', 'out_of_service', 'activated', true],
  ['G oos', G_oosActive, 'shelve', 'rejected', null],
  ['G oos', G_oosActive, 'acknowledge', 'rejected', null],
  ['A normal', A_normal, 'return_to_service', 'rejected', null],
  // overlays stack: the alarm stays hidden until the last one lifts
  ['shelved + suppressed', shelvedAndSuppressed, 'unsuppress', 'shelved', 'unsuppressed'],
  ['shelved + suppressed', shelvedAndSuppressed, 'unshelve', 'suppressed', 'unshelved'],
  ['oos + shelved', oosAndShelved, 'unshelve', 'out_of_service', 'unshelved'], // shelf expiring while OOS
  ['oos + shelved', oosAndShelved, 'return_to_service', 'shelved', 'in_service'],
];

describe('ISA-18.2 lifecycle', () => {
  const cases = table.map(([from, flags, action, state, event, active]) => ({
    from,
    flags,
    action,
    state,
    event,
    active,
  }));
  it.each(cases)('$from --$action--> $state', ({ flags, action, state, event, active }) => {
    const result = transition(flags, action);
    if (state === 'rejected') {
      expect(result.ok).toBe(false);
      return;
    }
    if (!result.ok) throw new Error(`unexpectedly rejected: ${result.reason}`);
    expect(alarmState(result.flags)).toBe(state);
    expect(result.event).toBe(event);
    if (active !== undefined) expect(result.flags.active).toBe(active);
  });

  it('annunciates exactly the unacknowledged, acknowledged and RTN-unacknowledged states', () => {
    const states: [LifecycleFlags, boolean][] = [
      [A_normal, false],
      [B_unack, true],
      [C_ack, true],
      [D_rtnUnack, true],
      [E_shelvedActive, false],
      [F_suppressedActive, false],
      [G_oosActive, false],
    ];
    for (const [flags, shown] of states) expect(isAnnunciated(flags)).toBe(shown);
  });

  it('a rejected transition leaves the flags untouched (no partial update)', () => {
    const flags = { ...C_ack };
    transition(flags, 'acknowledge');
    expect(flags).toEqual(C_ack);
  });
});
