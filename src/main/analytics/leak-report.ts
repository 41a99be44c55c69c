// The `leaks` array of an `aqueduct simulate` report, from the leak watch's incidents.
import type { CrewLocation, LeakIncident } from '../../agents/analytics/leak-incident';

export interface ReportedLeak {
  id: string;
  zone: string;
  /**
   * Suspected, Confirmed, Proposed, Isolating, Isolated, Unisolable; Faded only when valves
   * closed before a check found no loss (the others that faded are left out)
   */
  state: string;
  detectedAt: string;
  confirmedAt: string | null;
  /**
   * best first as the evidence leaves them (pipe ids from the .inp, each with its signature
   * score): where the work order sends the crew, then the signature's candidates no
   * isolation ruled out, then those it did (afterChecks)
   */
  candidates: { pipe: string; score: number }[];
  /** the signature's own ranking, by score: what the pressures and flows alone said */
  signature: { pipe: string; score: number }[];
  estimatedFlowLps: number;
  /** null unless the valves were closed (auto mode) */
  isolation: { valves: string[]; closedAt: string; nodesWithoutSupply: number } | null;
  /** each isolation's check of the inflow balance: stopped, missed (not in the segment), partial */
  checks: {
    pipe: string;
    closedAt: string;
    at: string;
    lossLps: number;
    /** how far the raw balance fell as the valves shut (the step test; first checks only) */
    dropLps?: number;
    outcome: 'stopped' | 'missed' | 'partial' | 'gone';
    /** the isolation shut part of a hold of several segments, narrowing it down */
    narrowing?: boolean;
  }[];
  /** pipes ruled out by isolations that did not change the loss */
  ruledOut: string[];
  /** where the work order sends the crew (leak-incident.ts crewLocation) */
  location: CrewLocation | null;
}

const iso = (t: number) => new Date(t).toISOString();

/**
 * The candidates refined by what the water said: the signature ranks the pipes, the checks
 * of the isolations rule segments out or locate the leak in one, and crewLocation weighs
 * what is left; the pipe the crew is sent to is the report's answer to where the leak is
 * (on the BattLeDIM yardstick, "the reported pipe"), so it leads. Ruled-out pipes stay, last.
 */
export function afterChecks(inc: LeakIncident): { pipe: string; score: number }[] {
  const ruledOut = new Set(inc.ruledOut);
  const first = inc.location?.pipe;
  const scoreOf = (pipe: string) =>
    inc.candidates.find((c) => c.pipe === pipe)?.score ?? inc.likely.find((r) => r.pipe === pipe)?.score ?? 0;
  const rest = inc.candidates.filter((c) => c.pipe !== first);
  return [
    ...(first === undefined ? [] : [{ pipe: first, score: scoreOf(first) }]),
    ...rest.filter((c) => !ruledOut.has(c.pipe)),
    ...rest.filter((c) => ruledOut.has(c.pipe)),
  ].map(({ pipe, score }) => ({ pipe, score }));
}

/** `incidents` as the leak watch gives them (with where the crew goes) */
export function leakReport(incidents: readonly LeakIncident[]): ReportedLeak[] {
  return [...incidents]
    .filter((i) => i.state !== 'Faded' || i.checks.length > 0)
    .sort((a, b) => a.detectedAt - b.detectedAt)
    .map((i) => ({
      id: i.id,
      zone: i.zone,
      state: i.state,
      detectedAt: iso(i.detectedAt),
      confirmedAt: i.confirmedAt === null ? null : iso(i.confirmedAt),
      candidates: afterChecks(i),
      signature: i.candidates.map(({ pipe, score }) => ({ pipe, score })),
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
        ...(c.dropLps === undefined ? {} : { dropLps: c.dropLps }),
        outcome: c.outcome,
        ...(c.narrowing ? { narrowing: true } : {}),
      })),
      ruledOut: [...i.ruledOut],
      location: i.location ?? null,
    }));
}
