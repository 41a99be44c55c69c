// Which network elements are abnormal or carry an unacknowledged alarm, derived from the
// store once per snapshot (not once per glyph): the level of detail needs the whole set,
// and each glyph asks about its own id. Cached by the identity of the store values they
// come from, so a new twin frame (which changes neither) costs nothing here.
import type { AlarmSummary, AlarmView } from '../../../shared/operations';
import type { Severity } from '../../readings/abnormal';
import {
  elementOfAgent,
  useConsoleStore,
  type ConsoleState,
  type ElementRef,
} from '../../store/consoleStore';

export interface UnackedAlarm {
  severity: Severity;
  /** "LOW PRESSURE": the alarm's type in the words drawn beside a glyph */
  words: string;
}

/** Priority 1–2 are drawn as alarms, 3–4 as warnings (ISA-18.2 priorities). */
const alarmSeverity = (alarm: AlarmView): Severity => (alarm.priority <= 2 ? 'alarm' : 'warning');

const LIMIT_WORDS: Record<string, string> = { lolo: 'LOW LOW', lo: 'LOW', hi: 'HIGH', hihi: 'HIGH HIGH' };

/**
 * "PRESSURE LOW LOW" for a limit alarm (ids end in the limit: `<element>.pressure.lolo`),
 * else "ALARM P2": the agent's own state words usually say more, and win when there are any.
 */
export function alarmWords(alarm: AlarmView): string {
  const limit = LIMIT_WORDS[alarm.id.slice(alarm.id.lastIndexOf('.') + 1)];
  const quantity = alarm.tag.slice(alarm.tag.lastIndexOf('.') + 1).replace(/[_-]+/g, ' ');
  return limit && quantity ? `${quantity} ${limit}`.toUpperCase() : `ALARM P${alarm.priority}`;
}

const unackedCache = new WeakMap<AlarmSummary, ReadonlyMap<string, UnackedAlarm>>();

/** element id → its most urgent unacknowledged annunciated alarm (shelved/suppressed ones do not blink) */
export function unackedAlarmsByElement(summary: AlarmSummary | null): ReadonlyMap<string, UnackedAlarm> {
  if (!summary) return EMPTY;
  let map = unackedCache.get(summary);
  if (map) return map;
  const byElement = new Map<string, AlarmView>();
  for (const alarm of summary.alarms) {
    if (alarm.acked || !alarm.element) continue;
    const seen = byElement.get(alarm.element);
    if (!seen || alarm.priority < seen.priority) byElement.set(alarm.element, alarm);
  }
  map = new Map(
    [...byElement].map(([id, alarm]) => [id, { severity: alarmSeverity(alarm), words: alarmWords(alarm) }]),
  );
  unackedCache.set(summary, map);
  return map;
}
const EMPTY: ReadonlyMap<string, UnackedAlarm> = new Map();

export function useUnackedAlarm(elementId: string): UnackedAlarm | undefined {
  return useConsoleStore((s) => unackedAlarmsByElement(s.alarmSummary).get(elementId));
}

let abnormalCache: {
  abnormal: object;
  agentById: object;
  network: object | null;
  refs: ElementRef[];
} | null = null;

/** Elements whose own agent, or one of whose instruments, is in an abnormal state. */
export function abnormalElements(state: ConsoleState): ElementRef[] {
  const { abnormal, agentById, network } = state;
  if (
    abnormalCache?.abnormal === abnormal &&
    abnormalCache.agentById === agentById &&
    abnormalCache.network === network
  )
    return abnormalCache.refs;
  const refs: ElementRef[] = [];
  for (const agentId of Object.keys(abnormal)) {
    const ref = elementOfAgent(state, agentId);
    if (ref) refs.push(ref);
  }
  abnormalCache = { abnormal, agentById, network, refs };
  return refs;
}

/** Elements with an unacknowledged alarm, as refs of the loaded network. */
export function unackedElements(state: ConsoleState): ElementRef[] {
  const refs: ElementRef[] = [];
  for (const id of unackedAlarmsByElement(state.alarmSummary).keys()) {
    const node = state.nodeIndexById.get(id);
    if (node !== undefined) refs.push({ kind: 'node', index: node });
    else {
      const link = state.linkIndexById.get(id);
      if (link !== undefined) refs.push({ kind: 'link', index: link });
    }
  }
  return refs;
}
