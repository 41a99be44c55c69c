// The `leaks` array of an `aqueduct simulate` report, from the leak watch's incidents.
import type { CrewLocation, LeakIncident } from '../../agents/analytics/leak-incident';

export interface ReportedLeak {
  id: string;
  zone: string;
  /** Suspected, Confirmed, Proposed, Isolating, Isolated, Unisolable (Faded ones are left out) */
  state: string;
  detectedAt: string;
  confirmedAt: string | null;
  /** best first; pipe ids from the .inp */
  candidates: { pipe: string; score: number }[];
  estimatedFlowLps: number;
  /** null unless the valves were closed (auto mode) */
  isolation: { valves: string[]; closedAt: string; nodesWithoutSupply: number } | null;
  /** each isolation's check of the inflow balance: stopped, missed (not in the segment), partial */
  checks: {
    pipe: string;
    closedAt: string;
    at: string;
    lossLps: number;
    outcome: 'stopped' | 'missed' | 'partial';
  }[];
  /** pipes ruled out by isolations that did not change the loss */
  ruledOut: string[];
  /** where the work order sends the crew (leak-incident.ts crewLocation) */
  location: CrewLocation | null;
}

const iso = (t: number) => new Date(t).toISOString();

/** `incidents` as the leak watch gives them (with where the crew goes) */
export function leakReport(incidents: readonly LeakIncident[]): ReportedLeak[] {
  return [...incidents]
    .filter((i) => i.state !== 'Faded')
    .sort((a, b) => a.detectedAt - b.detectedAt)
    .map((i) => ({
      id: i.id,
      zone: i.zone,
      state: i.state,
      detectedAt: iso(i.detectedAt),
      confirmedAt: i.confirmedAt === null ? null : iso(i.confirmedAt),
      candidates: i.candidates.map(({ pipe, score }) => ({ pipe, score })),
      estimatedFlowLps: i.estimatedFlowLps,
      isolation:
        i.isolation && i.isolation.closedAt !== null
          ? {
              valves: i.isolation.valves,
              closedAt: iso(i.isolation.closedAt),
              nodesWithoutSupply: i.isolation.nodesWithoutSupply,
            }
          : null,
      checks: i.checks.map((c) => ({
        pipe: c.pipe,
        closedAt: iso(c.closedAt),
        at: iso(c.time),
        lossLps: c.lossLps,
        outcome: c.outcome,
      })),
      ruledOut: [...i.ruledOut],
      location: i.location ?? null,
    }));
}
