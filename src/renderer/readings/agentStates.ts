// How the console shows an agent's state. The core decides which states are abnormal (the
// agents.abnormal snapshot lists them); this decides how loud each one is drawn: alarm (red)
// for states where water or an asset is at risk now, warning (amber) for states that need
// attention. Like every abnormal cue it always comes with a shape and a word.
import type { AgentSummary } from '../../shared/contract';
import type { Severity } from './abnormal';

const ALARM_STATES: ReadonlySet<string> = new Set([
  'Emergency_Stop',
  'Critical',
  'Critical_Low',
  'Overflowing',
  'Stuck',
  'Error',
  'Offline',
  'Blocked',
  'Out_of_Service',
  'Possible_Leak',
  'Emergency',
]);

const WARNING_STATES: ReadonlySet<string> = new Set([
  'Warning',
  'Degraded',
  'Low',
  'High',
  'Low_Battery',
  'In_Use',
  'Inspection_Due',
  'Maintenance_Required',
  'Maintenance',
  'Calibrating',
  'Alert',
  'Isolating',
  'Isolated',
]);

/** How loud to draw a state, or null for a normal one. */
export function stateSeverity(state: string | undefined): Severity | null {
  if (state === undefined) return null;
  if (ALARM_STATES.has(state)) return 'alarm';
  if (WARNING_STATES.has(state)) return 'warning';
  return null;
}

/**
 * Severity of a state the core reported abnormal. A state this console does not know yet
 * (a newer core, another agent kind) is still abnormal: drawn as a warning, never as gray.
 */
export function abnormalSeverity(state: string): Severity {
  return stateSeverity(state) ?? 'warning';
}

/** "Critical_Low" → "Critical low" */
export function formatState(state: string): string {
  const words = state.replace(/_/g, ' ').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The short uppercase word drawn next to a glyph: "CRITICAL LOW". */
export function stateWord(state: string): string {
  return state.replace(/_/g, ' ').toUpperCase();
}

/** What an operator calls an instrument measuring `quantity`. */
const INSTRUMENT_NAMES: Record<string, string> = {
  level: 'level gauge',
  pressure: 'pressure gauge',
  flow: 'flow meter',
};

/**
 * "level gauge" for S-T-NORTH-level measuring T-NORTH. Sensor ids are
 * `S-<element>-<quantity>`; an id of another shape is named by itself.
 */
export function instrumentName(sensorId: string, element: string): string {
  const prefix = `S-${element}-`;
  if (!sensorId.startsWith(prefix)) return sensorId;
  const quantity = sensorId.slice(prefix.length);
  return INSTRUMENT_NAMES[quantity] ?? `${quantity} sensor`;
}

/** The state an agent normally rests in, for kinds that have exactly one. */
const SINGLE_NORMAL_STATE: Record<string, string> = {
  pipe: 'Operational',
  sensor: 'Active',
  hydrant: 'Available',
  zone: 'Normal',
  'control-center': 'Normal',
};

/**
 * The agent's current state. The abnormal snapshot is pushed on every change, the list is
 * only fetched now and then: an agent in the snapshot is in that state; one the list still
 * shows abnormal but the snapshot no longer lists is back to normal, and until the list
 * is fetched again we show its kind's normal state (or "Normal" where a kind has several).
 */
export function currentState(agent: AgentSummary, abnormal: Readonly<Record<string, string>>): string {
  const reported = abnormal[agent.id];
  if (reported !== undefined) return reported;
  if (stateSeverity(agent.status) === null) return agent.status;
  return SINGLE_NORMAL_STATE[agent.kind] ?? 'Normal';
}
