// What the schematic highlights for a leak incident: the suspected area (the segment holding
// the best candidate, where a crew should look), the candidate pipes ranked best first, and
// once an isolation is proposed or carried out the segment it cuts off and its valves (each
// with how far it has got). Pure: the schematic's drawing and the e2e read the same answer.
import type { LeakIncidentView } from '../../shared/operations';
import { useFieldStore, type FieldState } from './incidents';

/** States in which an incident still asks for the operator's attention. */
const OPEN_STATES: ReadonlySet<LeakIncidentView['state']> = new Set([
  'Suspected',
  'Confirmed',
  'Proposed',
  'Isolating',
  'Isolated',
  'Unisolable',
]);

export function isOpenIncident(incident: LeakIncidentView): boolean {
  return OPEN_STATES.has(incident.state);
}

export type ValveProgress = 'proposed' | 'closing' | 'closed' | 'stuck';

export interface IncidentHighlight {
  incidentId: string;
  state: LeakIncidentView['state'];
  /** pipes of the suspected area (not also a candidate) */
  suspected: readonly string[];
  /** candidate pipes, best first; rank 1 is the most likely */
  candidates: readonly { pipe: string; rank: number; score: number }[];
  /** pipes of the segment the isolation cuts off (proposed or done) */
  isolated: readonly string[];
  /** the isolation valves and how far each has got */
  valves: readonly { valve: string; progress: ValveProgress }[];
  /** whether the segment is cut off already (valves closed) or only proposed */
  isolationDone: boolean;
}

/** How many candidates the schematic ranks (the panel lists them all). */
export const HIGHLIGHTED_CANDIDATES = 5;

/**
 * The incident to highlight: the one picked in the panel if it is still listed, otherwise
 * the newest one still open. None when no incident needs attention.
 */
export function highlightedIncident(
  incidents: readonly LeakIncidentView[],
  picked: string | null,
): LeakIncidentView | null {
  const chosen = picked === null ? undefined : incidents.find((i) => i.id === picked);
  return chosen ?? incidents.find(isOpenIncident) ?? null;
}

const ISOLATION_STATES: ReadonlySet<LeakIncidentView['state']> = new Set([
  'Proposed',
  'Isolating',
  'Isolated',
]);

export function incidentHighlight(incident: LeakIncidentView | null): IncidentHighlight | null {
  if (!incident) return null;
  const candidates = incident.candidates
    .slice(0, HIGHLIGHTED_CANDIDATES)
    .map((c, i) => ({ pipe: c.pipe, rank: i + 1, score: c.score }));
  const candidateIds = new Set(candidates.map((c) => c.pipe));
  const isolation = ISOLATION_STATES.has(incident.state) ? incident.isolation : null;
  const isolationDone = incident.state === 'Isolated' || (isolation?.closedAt ?? null) !== null;
  const pending = new Set(incident.pending);
  const stuck = new Set(incident.stuck);
  const valves = (isolation?.valves ?? []).map((valve) => ({
    valve,
    progress: stuck.has(valve)
      ? ('stuck' as const)
      : pending.has(valve)
        ? ('closing' as const)
        : incident.state === 'Proposed'
          ? ('proposed' as const)
          : ('closed' as const),
  }));
  return {
    incidentId: incident.id,
    state: incident.state,
    suspected: incident.suspectedArea.filter((p) => !candidateIds.has(p)),
    candidates,
    isolated: isolation?.segmentPipes ?? [],
    valves,
    isolationDone,
  };
}

const cache = new WeakMap<readonly LeakIncidentView[], Map<string | null, IncidentHighlight | null>>();

/** Store selector: the same object while the incidents and the pick are the same. */
export function selectIncidentHighlight(state: FieldState): IncidentHighlight | null {
  let byPick = cache.get(state.incidents);
  if (!byPick) cache.set(state.incidents, (byPick = new Map()));
  if (!byPick.has(state.pickedIncident))
    byPick.set(
      state.pickedIncident,
      incidentHighlight(highlightedIncident(state.incidents, state.pickedIncident)),
    );
  return byPick.get(state.pickedIncident)!;
}

export function useIncidentHighlight(): IncidentHighlight | null {
  return useFieldStore(selectIncidentHighlight);
}

/** pipe id → how it is drawn; a pipe in several sets takes the strongest: isolated, candidate, suspected */
export function pipeHighlights(
  h: IncidentHighlight | null,
): Map<string, 'suspected' | 'candidate' | 'isolated'> {
  const map = new Map<string, 'suspected' | 'candidate' | 'isolated'>();
  if (!h) return map;
  for (const p of h.suspected) map.set(p, 'suspected');
  for (const c of h.candidates) map.set(c.pipe, 'candidate');
  for (const p of h.isolated) map.set(p, 'isolated');
  return map;
}
