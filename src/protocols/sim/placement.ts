// Where a utility puts its few pressure loggers so that a leak can be told apart from a
// leak elsewhere: a greedy placement over leak sensitivities of the nominal model.
//
// Loggers spread evenly over the drawing see every part of the network but not
// necessarily *differently*: in a branched district fed from one side, a leak at any of
// its far nodes lowers all the loggers by nearly the same pattern, and signature matching
// (src/agents/analytics/localization.ts) cannot tell them apart. What localization needs
// is that, for two leak nodes far apart, no rescaling of one's signature explains the
// other's: the least-squares misfit D(j,k) = |s_j|² − (s_j·s_k)²/|s_k|² (per (L/s)²) must
// be large. The greedy adds, one logger at a time, the junction that makes the most pairs
// of distant leak nodes distinguishable (each pair counts up to 1 as D reaches `dMin`), the
// standard sensor-placement heuristic for model-based leak localization. Pure: the
// sensitivities come from the caller (the twin, on its nominal model, before any
// perturbation), so the same network always gets the same loggers.
//
// Measured against farthest-point spread (bench/leak-suite.ts, same count): bursts ≥ 2 L/s
// within 300 m on L-Town 91 → 100 % (median 81 → 61 m, --full), on Micropolis 50 → 75 %
// (median 215 → 63 m, default suite), on the demo town 33 → 39 % (--full); on Modena 91 →
// 83 % (median 117 → 106 m, --full), still inside the floors. Spreading half the loggers
// first for coverage and placing the rest by the study was tried: no better on Modena,
// worse on the demo town.

export interface PlacementInput {
  /** candidate logger sites (junction ids), in a stable order */
  sites: readonly string[];
  /**
   * per leak node: the pressure change at each site per L/s of leak there (same order as
   * `sites`), m/(L/s); a leak lowers the pressure, the sign does not matter here
   */
  rows: readonly Float64Array[];
  /** network distance between leak nodes a and b (indices into rows), m */
  distance: (a: number, b: number) => number;
  /**
   * per leak node: what the instruments already there (the flow meters) see, per L/s, in
   * pressure-logger noise units; pairs they already tell apart need no logger
   */
  fixed?: readonly Float64Array[];
  /** loggers to place */
  count: number;
  /** then this many more, among the sites `among` allows (the hydrants' monitors) */
  then?: { count: number; among: (site: string) => boolean };
  /** leak nodes closer than this count as the same place (the BattLeDIM yardstick), m */
  radius: number;
  /** misfit at which two leak nodes count as told apart, m²/(L/s)² */
  dMin: number;
}

/** rounds in which every site's gain is recomputed before the greedy turns lazy */
const FULL_ROUNDS = 3;

/** indices into `sites` of the chosen loggers, in the order the greedy picked them */
export function placeLoggers(o: PlacementInput): number[] {
  const m = o.sites.length;
  const n = o.rows.length;
  const limit = Math.min(m, o.count + (o.then?.count ?? 0));
  if (limit >= m) return o.sites.map((_, i) => i);
  const later = Uint8Array.from(o.sites, (id) => (o.then?.among(id) ? 1 : 0));
  // the pairs that must be told apart: both orders, since the misfit is not symmetric
  const pa: number[] = [];
  const pb: number[] = [];
  for (let a = 0; a < n; a++)
    for (let b = a + 1; b < n; b++)
      if (o.distance(a, b) > o.radius) {
        pa.push(a);
        pb.push(b);
      }
  const pairs = pa.length;
  const dot = new Float64Array(pairs);
  const norm = new Float64Array(n);
  if (o.fixed) for (let a = 0; a < n; a++) norm[a] = o.fixed[a]!.reduce((acc, v) => acc + v * v, 0);
  for (let p = 0; p < pairs && o.fixed; p++)
    dot[p] = o.fixed[pa[p]!]!.reduce((acc, v, k) => acc + v * o.fixed![pb[p]!]![k]!, 0);
  const chosen: number[] = [];
  const taken = new Uint8Array(m);
  const told = (nj: number, nk: number, d: number) =>
    nk > 0 ? Math.min(1, (nj - (d * d) / nk) / o.dMin) : Math.min(1, nj / o.dMin);
  const score = new Float64Array(pairs);
  for (let p = 0; p < pairs && o.fixed; p++) {
    const [a, b] = [pa[p]!, pb[p]!];
    score[p] = told(norm[a]!, norm[b]!, dot[p]!) + told(norm[b]!, norm[a]!, dot[p]!);
  }
  const gainOf = (i: number) => {
    let gain = 0;
    for (let p = 0; p < pairs; p++) {
      const a = pa[p]!;
      const b = pb[p]!;
      const sa = o.rows[a]![i]!;
      const sb = o.rows[b]![i]!;
      const na = norm[a]! + sa * sa;
      const nb = norm[b]! + sb * sb;
      const d = dot[p]! + sa * sb;
      gain += told(na, nb, d) + told(nb, na, d) - score[p]!;
    }
    return gain;
  };
  // lazy greedy: once a few loggers are placed, a site's gain only shrinks as more are added
  // (in practice: the capped misfit sum is nearly submodular), so last round's gain bounds
  // this round's and only the sites at the top of the bound need recomputing. Not at first:
  // one logger alone tells no two leaks apart (any signature rescales onto any other), the
  // second is what makes the first count, so the first rounds evaluate every site.
  const bound = new Float64Array(m);
  // on a tie (the first logger, which tells nothing apart alone), the site that sees leaks most
  const energy = Float64Array.from({ length: m }, (_, i) => o.rows.reduce((acc, r) => acc + r[i]! ** 2, 0));
  const better = (i: number, j: number) =>
    bound[i]! > bound[j]! + 1e-9 || (bound[i]! > bound[j]! - 1e-9 && energy[i]! > energy[j]!);
  const fresh = new Int32Array(m).fill(-1);
  while (chosen.length < limit) {
    const round = chosen.length;
    // past the first `count`, only the sites of the second phase may be taken
    const open = (i: number) => !taken[i] && (round < o.count || later[i] === 1);
    if (round < FULL_ROUNDS || round === o.count)
      for (let i = 0; i < m; i++) {
        bound[i] = open(i) ? gainOf(i) : 0;
        fresh[i] = round;
      }
    // the highest bound (exact ties: the earlier site, for a stable answer), recomputed until fresh
    const top = () => {
      let best = -1;
      for (let i = 0; i < m; i++) if (open(i) && (best < 0 || better(i, best))) best = i;
      return best;
    };
    let best = top();
    while (best >= 0 && fresh[best] !== round) {
      bound[best] = gainOf(best);
      fresh[best] = round;
      best = top();
    }
    if (best < 0) break;
    taken[best] = 1;
    chosen.push(best);
    for (let a = 0; a < n; a++) norm[a] = norm[a]! + o.rows[a]![best]! ** 2;
    for (let p = 0; p < pairs; p++) {
      const a = pa[p]!;
      const b = pb[p]!;
      dot[p] = dot[p]! + o.rows[a]![best]! * o.rows[b]![best]!;
      score[p] = told(norm[a]!, norm[b]!, dot[p]!) + told(norm[b]!, norm[a]!, dot[p]!);
    }
  }
  return chosen;
}

/** the study's size: beyond these, sites and leak nodes are a spread sample (the greedy is O(sites × leaks²)) */
const MAX_SITES = 500;
const MAX_LEAKS = 250;
/**
 * Two leak nodes count as told apart once a 2 L/s leak at one, refitted as a leak of any
 * size at the other, leaves ≈ 0.06 m unexplained over the loggers: about what 15 minutes of
 * 1-minute readings at 0.1 m noise resolve. m²/(L/s)².
 */
const D_MIN = 0.001;

/** the nominal model's answer: per leak node, the change per L/s at each site, then at each meter */
export interface LeakStudyResult {
  rows: Float64Array[];
  /** the meters' flows without a leak, L/s (their noise grows with the flow) */
  meterFlows: Float64Array;
}

/** a flow meter's noise: ±1 % of the flow, not below 0.05 L/s; a pressure logger's ±0.1 m */
const meterSigma = (flowLps: number) => Math.max(0.05, 0.01 * Math.abs(flowLps));
const LOGGER_SIGMA = 0.1;

/**
 * `count` pressure logger sites chosen by leak distinguishability, given the flow meters
 * already there. `study(sites, leaks, meters)` answers the nominal model's sensitivities
 * (the twin's nominalSensitivities); `distancesFrom(a)(b)` the network distance, m.
 */
export function sensitivityJunctions(
  junctions: readonly string[],
  meters: readonly string[],
  count: number,
  /** hydrant monitors that may add a pressure channel, and how many may */
  hydrants: { ids: readonly string[]; count: number },
  spread: (n: number) => string[],
  study: (sites: readonly string[], leaks: readonly string[], meters: readonly string[]) => LeakStudyResult,
  distancesFrom: (id: string) => (other: string) => number,
): string[] {
  if (junctions.length <= count) return [...junctions];
  const sites = junctions.length <= MAX_SITES ? [...junctions] : spread(MAX_SITES);
  for (const h of hydrants.ids) if (!sites.includes(h)) sites.push(h);
  const hydrant = new Set(hydrants.ids);
  const leaks = junctions.length <= MAX_LEAKS ? [...junctions] : spread(MAX_LEAKS);
  const { rows, meterFlows } = study(sites, leaks, meters);
  const scale = Array.from(meterFlows, (q) => LOGGER_SIGMA / meterSigma(q));
  const from = leaks.map((id) => distancesFrom(id));
  const chosen = placeLoggers({
    sites,
    rows: rows.map((r) => r.subarray(0, sites.length)),
    // what the meters see, in pressure-logger noise units
    fixed: rows.map((r) => Float64Array.from(r.subarray(sites.length), (v, k) => v * scale[k]!)),
    distance: (a, b) => from[a]!(leaks[b]!),
    count,
    ...(hydrants.count > 0
      ? { then: { count: hydrants.count, among: (id: string) => hydrant.has(id) } }
      : {}),
    radius: 300,
    dMin: D_MIN,
  });
  return chosen.map((i) => sites[i]!);
}
