// The ISA-18.2 alarm state machine as one pure function, so the whole transition table can be
// tested without an engine or a clock.
//
// An alarm carries its process condition (active) and ack state, plus three independent
// "hidden" overlays: shelved (operator, timed), suppressed (by design, by rules) and
// out-of-service (engineer). A hidden alarm is still evaluated — `active` keeps tracking the
// process — but is not annunciated. When the last overlay lifts, the alarm shows its current
// condition: Unacknowledged when the condition is active (the operator must see it afresh),
// Normal when it is not (ISA-18.2 returns E/F/G to A or B).

import { AlarmStateName } from '../../shared/operations';

/** the states, as the contract names them to the console (src/shared/operations.ts) */
export type AlarmState = AlarmStateName;

export const ALARM_STATES: readonly AlarmState[] = AlarmStateName.options;

export interface LifecycleFlags {
  active: boolean;
  acked: boolean;
  shelved: boolean;
  suppressed: boolean;
  outOfService: boolean;
}

export type LifecycleAction =
  | 'activate'
  | 'clear'
  | 'acknowledge'
  | 'shelve'
  | 'unshelve'
  | 'suppress'
  | 'unsuppress'
  | 'remove_from_service'
  | 'return_to_service';

/** what the journal records for a transition (shelve expiry is an 'unshelve' the engine renames) */
export type AlarmEventType =
  | 'activated'
  | 'cleared'
  | 'acknowledged'
  | 'shelved'
  | 'unshelved'
  | 'suppressed'
  | 'unsuppressed'
  | 'out_of_service'
  | 'in_service'
  | 'shelve_expired';

export type TransitionResult =
  /** `event` null: nothing changed (e.g. a re-activation of an active alarm — dedup) */
  { ok: true; flags: LifecycleFlags; event: AlarmEventType | null } | { ok: false; reason: string };

export const NORMAL: LifecycleFlags = {
  active: false,
  acked: true,
  shelved: false,
  suppressed: false,
  outOfService: false,
};

export const isHidden = (f: LifecycleFlags) => f.shelved || f.suppressed || f.outOfService;

/** the single state shown for an alarm; out-of-service outranks suppressed outranks shelved */
export function alarmState(f: LifecycleFlags): AlarmState {
  if (f.outOfService) return 'out_of_service';
  if (f.suppressed) return 'suppressed';
  if (f.shelved) return 'shelved';
  if (f.active) return f.acked ? 'acknowledged' : 'unacknowledged';
  return f.acked ? 'normal' : 'rtn_unacknowledged';
}

/** in the operator's alarm list: not hidden, and either active or still waiting for an ack */
export const isAnnunciated = (f: LifecycleFlags) => !isHidden(f) && (f.active || !f.acked);

export function transition(f: LifecycleFlags, action: LifecycleAction): TransitionResult {
  const changed = (flags: LifecycleFlags, event: AlarmEventType): TransitionResult => ({
    ok: true,
    flags,
    event,
  });
  const same: TransitionResult = { ok: true, flags: f, event: null };
  switch (action) {
    case 'activate':
      if (f.active) return same;
      // A hidden alarm's ack state is settled when it becomes visible again (reveal below).
      return changed({ ...f, active: true, acked: isHidden(f) ? f.acked : false }, 'activated');
    case 'clear':
      // Clearing does not ack: an unacked alarm goes to RTN-Unacknowledged and waits.
      return f.active ? changed({ ...f, active: false }, 'cleared') : same;
    case 'acknowledge':
      if (isHidden(f)) return { ok: false, reason: `cannot acknowledge a ${alarmState(f)} alarm` };
      if (f.acked) return { ok: false, reason: 'alarm is not waiting for an acknowledgement' };
      return changed({ ...f, acked: true }, 'acknowledged');
    case 'shelve':
      if (f.outOfService) return { ok: false, reason: 'cannot shelve an out-of-service alarm' };
      // Re-shelving a shelved alarm is allowed: it restarts the shelf time.
      return changed({ ...f, shelved: true }, 'shelved');
    case 'unshelve':
      if (!f.shelved) return { ok: false, reason: 'alarm is not shelved' };
      return changed(reveal({ ...f, shelved: false }), 'unshelved');
    case 'suppress':
      return f.suppressed ? same : changed({ ...f, suppressed: true }, 'suppressed');
    case 'unsuppress':
      return f.suppressed ? changed(reveal({ ...f, suppressed: false }), 'unsuppressed') : same;
    case 'remove_from_service':
      if (f.outOfService) return { ok: false, reason: 'alarm is already out of service' };
      return changed({ ...f, outOfService: true }, 'out_of_service');
    case 'return_to_service':
      if (!f.outOfService) return { ok: false, reason: 'alarm is not out of service' };
      return changed(reveal({ ...f, outOfService: false }), 'in_service');
  }
}

/** when no overlay is left the alarm shows its current condition: active ⇒ unacked, else normal */
function reveal(f: LifecycleFlags): LifecycleFlags {
  return isHidden(f) ? f : { ...f, acked: !f.active };
}
