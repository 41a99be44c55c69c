// What the operator sees: the alarm list, the counters and the banner, as pure functions over
// alarm snapshots so the renderer, the API and the tests all share one definition.
import type { AlarmDefinition, Priority, Quality, TagValue } from './definition';
import { ALARM_STATES, type AlarmState } from './lifecycle';

export interface OperatorNote {
  user: string;
  time: number;
  comment?: string;
}

export interface AlarmSnapshot {
  id: string;
  tag: string;
  type: AlarmDefinition['type'];
  priority: Priority;
  area?: string;
  zone?: string;
  state: AlarmState;
  /** the process condition (after delays), tracked even while hidden */
  active: boolean;
  acked: boolean;
  annunciated: boolean;
  /** the message filled with the latest value */
  message: string;
  value?: TagValue;
  quality?: Quality;
  /** when the current activation began (undefined while the condition is not active) */
  activeSince?: number;
  /** when the alarm last entered the alarm list: its activation, or the moment it was revealed */
  since?: number;
  lastAck?: OperatorNote;
  shelf?: OperatorNote & { until: number };
  /** ids of the suppression rules currently holding the alarm */
  suppressedBy: string[];
  outOfService?: OperatorNote;
}

/** Highest priority (1) first; within a priority the newest first, as in an ISA-101 alarm summary. */
export function compareForAlarmList(a: AlarmSnapshot, b: AlarmSnapshot): number {
  return a.priority - b.priority || (b.since ?? 0) - (a.since ?? 0) || a.id.localeCompare(b.id);
}

export function alarmList(alarms: Iterable<AlarmSnapshot>): AlarmSnapshot[] {
  return [...alarms].filter((a) => a.annunciated).sort(compareForAlarmList);
}

export interface AlarmCounts {
  /** every configured alarm in exactly one state */
  byState: Record<AlarmState, number>;
  /** annunciated alarms by priority */
  byPriority: Record<Priority, number>;
  annunciated: number;
  unacknowledged: number;
}

/** what counting needs of an alarm (a full snapshot will do) */
export type CountableAlarm = Pick<AlarmSnapshot, 'state' | 'priority' | 'annunciated' | 'acked'>;

export function alarmCounts(alarms: Iterable<CountableAlarm>): AlarmCounts {
  const byState = Object.fromEntries(ALARM_STATES.map((s) => [s, 0])) as Record<AlarmState, number>;
  const byPriority: Record<Priority, number> = { 1: 0, 2: 0, 3: 0, 4: 0 };
  let annunciated = 0;
  let unacknowledged = 0;
  for (const a of alarms) {
    byState[a.state]++;
    if (!a.annunciated) continue;
    annunciated++;
    byPriority[a.priority]++;
    if (!a.acked) unacknowledged++;
  }
  return { byState, byPriority, annunciated, unacknowledged };
}

/** The one alarm for the banner: the latest of the highest-priority unacknowledged alarms. */
export function bannerAlarm(alarms: Iterable<AlarmSnapshot>): AlarmSnapshot | undefined {
  let best: AlarmSnapshot | undefined;
  for (const a of alarms) {
    if (!a.annunciated || a.acked) continue;
    if (!best || compareForAlarmList(a, best) < 0) best = a;
  }
  return best;
}
