// How the Incidents panel words and marks a leak incident (ISA-101: shape, word and colour,
// never colour alone) and its timeline: every step of the agents' collaboration, oldest first.
import type { LeakIncidentView } from '../../../shared/operations';
import { formatSimClock, formatSimDate } from '../../readings/simTime';

export type IncidentState = LeakIncidentView['state'];
export type IncidentSeverity = 'alarm' | 'warning' | 'normal';

/**
 * alarm: water is being lost and someone must act (a confirmed leak, an isolation waiting
 * for approval, one that cannot be isolated); warning: under way or contained; normal: over.
 */
const SEVERITY: Record<IncidentState, IncidentSeverity> = {
  Suspected: 'warning',
  Confirmed: 'alarm',
  Proposed: 'alarm',
  Isolating: 'warning',
  Isolated: 'warning',
  Unisolable: 'alarm',
  Faded: 'normal',
  Resolved: 'normal',
};

const WORDS: Record<IncidentState, string> = {
  Suspected: 'SUSPECTED',
  Confirmed: 'CONFIRMED',
  Proposed: 'APPROVAL NEEDED',
  Isolating: 'ISOLATING',
  Isolated: 'ISOLATED',
  Unisolable: 'CANNOT ISOLATE',
  Faded: 'FADED',
  Resolved: 'RESOLVED',
};

export function incidentSeverity(state: IncidentState): IncidentSeverity {
  return SEVERITY[state];
}

export function incidentStateWord(state: IncidentState): string {
  return WORDS[state];
}

const KIND_LABELS: Record<string, string> = {
  residual: 'Residual',
  suspect: 'Suspect',
  localized: 'Localized',
  isolation: 'Isolation',
  valve: 'Valve',
  'work-order': 'Work order',
  check: 'Check',
  faded: 'Faded',
  approved: 'Approved',
  resolved: 'Resolved',
};

/** The kinds of step a complete detect → isolate story has, in their order. */
export const ISOLATION_STORY = [
  'residual',
  'suspect',
  'localized',
  'isolation',
  'valve',
  'work-order',
] as const;

export function kindLabel(kind: string): string {
  return KIND_LABELS[kind] ?? kind.charAt(0).toUpperCase() + kind.slice(1).replace(/[-_]/g, ' ');
}

export interface TimelineRow {
  key: string;
  time: number;
  clock: string;
  date: string;
  kind: string;
  kindLabel: string;
  /** "S-J-31-pressure → P-120" */
  route: string;
  from: string;
  to: string;
  message: string;
  /** seconds after detection, "+1m 30s" */
  sinceDetection: string;
}

/** "+45s", "+3m 05s", "+1h 02m" */
export function formatElapsed(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `+${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `+${m}m ${String(s % 60).padStart(2, '0')}s`;
  return `+${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`;
}

/** The timeline as the panel shows it: oldest first, every step kept. */
export function timelineRows(incident: LeakIncidentView): TimelineRow[] {
  const steps = [...incident.timeline].sort((a, b) => a.time - b.time);
  return steps.map((step, i) => ({
    key: `${i}-${step.time}-${step.kind}`,
    time: step.time,
    clock: formatSimClock(step.time),
    date: formatSimDate(step.time),
    kind: step.kind,
    kindLabel: kindLabel(step.kind),
    route: `${step.from} → ${step.to}`,
    from: step.from,
    to: step.to,
    message: step.message,
    sinceDetection: formatElapsed(step.time - incident.detectedAt),
  }));
}

/** Which steps of the isolation story the timeline has so far. */
export function storySteps(incident: LeakIncidentView): Record<(typeof ISOLATION_STORY)[number], boolean> {
  const kinds = new Set(incident.timeline.map((s) => s.kind));
  return Object.fromEntries(ISOLATION_STORY.map((k) => [k, kinds.has(k)])) as Record<
    (typeof ISOLATION_STORY)[number],
    boolean
  >;
}

export function formatFlow(lps: number): string {
  return `${lps.toFixed(lps < 10 ? 1 : 0)} L/s`;
}

/** A candidate's match score (0–1, how well a leak there explains the residuals): three decimals. */
export function formatScore(score: number): string {
  return score.toFixed(3);
}

/** What approving the isolation will do, in one sentence for the confirmation. */
export function isolationSummary(incident: LeakIncidentView): string {
  const iso = incident.isolation;
  if (!iso) return 'No isolation is proposed.';
  const valves = iso.valves.length === 1 ? '1 valve' : `${iso.valves.length} valves`;
  const nodes =
    iso.nodesWithoutSupply === 0
      ? 'no customer node loses supply'
      : iso.nodesWithoutSupply === 1
        ? '1 node loses supply'
        : `${iso.nodesWithoutSupply} nodes lose supply`;
  return `Close ${valves} (${iso.valves.join(', ')}); ${iso.segmentPipes.length} pipes cut off; ${nodes}.`;
}

export function mayApprove(incident: LeakIncidentView): boolean {
  return incident.state === 'Proposed' && incident.isolation !== null;
}

export function mayResolve(incident: LeakIncidentView): boolean {
  return incident.state !== 'Resolved' && incident.state !== 'Faded';
}
