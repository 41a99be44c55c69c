// The alarm summary table's rows: sorting and filtering, pure so they are tested alone.
import type { AlarmStateName, AlarmView } from '../../../shared/operations';

export type AlarmSortKey = 'priority' | 'time' | 'state' | 'element';
export interface AlarmSort {
  key: AlarmSortKey;
  /** ascending: P1 first, oldest first, most urgent state first, A→Z */
  ascending: boolean;
}

/** The core's own order (ISA-18.2 summary): priority 1 first, newest first within a priority. */
export const DEFAULT_SORT: AlarmSort = { key: 'priority', ascending: true };

export interface AlarmFilter {
  /** '' any, else '1'…'4' */
  priority: string;
  /** '' any, else an AlarmStateName */
  state: string;
  /** '' any, NO_ZONE for alarms outside every zone, else a zone id */
  zone: string;
  text: string;
}

export const ANY = '';
export const NO_ZONE = '(none)';
export const NO_FILTER: AlarmFilter = { priority: ANY, state: ANY, zone: ANY, text: '' };

/** What needs the operator first: unacked active, then returned-to-normal unacked, then acked. */
const STATE_RANK: Record<AlarmStateName, number> = {
  unacknowledged: 0,
  rtn_unacknowledged: 1,
  acknowledged: 2,
  shelved: 3,
  suppressed: 4,
  out_of_service: 5,
  normal: 6,
};

export const STATE_LABELS: Record<AlarmStateName, string> = {
  unacknowledged: 'Unacknowledged',
  rtn_unacknowledged: 'Cleared, unacknowledged',
  acknowledged: 'Acknowledged',
  shelved: 'Shelved',
  suppressed: 'Suppressed by design',
  out_of_service: 'Out of service',
  normal: 'Normal',
};

/** When the alarm entered the list (the core's `since`), else when it became active. */
export function alarmTime(alarm: AlarmView): number {
  return alarm.since ?? alarm.activeSince ?? 0;
}

const byId = (a: AlarmView, b: AlarmView) => a.id.localeCompare(b.id, undefined, { numeric: true });
const newestFirst = (a: AlarmView, b: AlarmView) => alarmTime(b) - alarmTime(a);

export function sortAlarms(alarms: readonly AlarmView[], sort: AlarmSort): AlarmView[] {
  const direction = sort.ascending ? 1 : -1;
  const primary: (a: AlarmView, b: AlarmView) => number = {
    priority: (a: AlarmView, b: AlarmView) => a.priority - b.priority,
    time: (a: AlarmView, b: AlarmView) => alarmTime(a) - alarmTime(b),
    state: (a: AlarmView, b: AlarmView) => STATE_RANK[a.state] - STATE_RANK[b.state],
    element: (a: AlarmView, b: AlarmView) =>
      (a.element ?? '').localeCompare(b.element ?? '', undefined, { numeric: true }),
  }[sort.key];
  // ties: priority, then newest, then id, whatever the column, so the order never jumps
  return [...alarms].sort(
    (a, b) => direction * primary(a, b) || a.priority - b.priority || newestFirst(a, b) || byId(a, b),
  );
}

export function matchesAlarm(alarm: AlarmView, filter: AlarmFilter): boolean {
  const text = filter.text.trim().toLowerCase();
  return (
    (filter.priority === ANY || String(alarm.priority) === filter.priority) &&
    (filter.state === ANY || alarm.state === filter.state) &&
    (filter.zone === ANY || (alarm.zone ?? NO_ZONE) === filter.zone) &&
    (text === '' ||
      [alarm.id, alarm.message, alarm.element ?? '', alarm.tag].some((field) =>
        field.toLowerCase().includes(text),
      ))
  );
}

export function alarmRows(alarms: readonly AlarmView[], filter: AlarmFilter, sort: AlarmSort): AlarmView[] {
  return sortAlarms(
    alarms.filter((alarm) => matchesAlarm(alarm, filter)),
    sort,
  );
}

/** Clicking a column: the same one flips the direction, another starts ascending. */
export function nextSort(current: AlarmSort, key: AlarmSortKey): AlarmSort {
  return current.key === key ? { key, ascending: !current.ascending } : { key, ascending: key !== 'time' };
}

/** The selected ids still in the list (alarms leave it while the operator looks). */
export function keepSelected(selected: ReadonlySet<string>, alarms: readonly AlarmView[]): Set<string> {
  const present = new Set(alarms.map((a) => a.id));
  return new Set([...selected].filter((id) => present.has(id)));
}

/** An alarm the operator still has to acknowledge. */
export const needsAck = (alarm: AlarmView) => !alarm.acked;
