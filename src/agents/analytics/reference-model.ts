// The console's own hydraulic model, as the leak analytics see it: the nominal network (no
// injected leaks, no perturbation) solved under boundary conditions taken from readings
// only. The analytics get it injected; they never load EPANET themselves and never see the
// plant (src/protocols/sim), so whatever they conclude they concluded from the instruments.
import type { NetworkModel } from '../../shared/network';

/** one instrument whose reading the model predicts */
export interface Observation {
  /** instrument id, e.g. S-J-12-pressure */
  id: string;
  /** node (pressure) or link (flow) it measures */
  element: string;
  quantity: 'pressure' | 'flow';
}

/** what the readings say about the state the network is operated in */
export interface Boundary {
  /** ms since the Unix epoch; sets the demand patterns' period */
  time: number;
  /** tank id → measured level above the tank bottom, m */
  tankLevels: Readonly<Record<string, number>>;
  /** pump id → measured speed, fraction of rated (0 = stopped) */
  pumpSpeeds: Readonly<Record<string, number>>;
  /** node id → measured outflow there (an open hydrant), L/s */
  outflows: Readonly<Record<string, number>>;
  /** links the console itself has closed (an isolation) */
  closedLinks: readonly string[];
}

export interface ReferenceSolution {
  /** expected value of each observation, in the order asked, SI units */
  values: Float64Array;
  /** total junction demand of the solution, L/s (without the trial outflow) */
  demandLps: number;
}

export interface ReferenceModel {
  readonly model: NetworkModel;
  /**
   * Solve the nominal network under `boundary`, optionally with a trial outflow (a
   * hypothetical leak) at one junction: what each observation should read.
   */
  solve(
    boundary: Boundary,
    observations: readonly Observation[],
    trial?: { node: string; flowLps: number },
  ): ReferenceSolution;
}
