// Leak localization by signature matching. A leak at node j shifts every instrument by a
// pattern the model can predict: solve the reference with a trial outflow at j and take
// the difference to the solution without it (the sensitivity of each instrument to a
// leak at j). The observed shift (mean innovation since the change began, in standard
// deviations of each channel) is compared with every candidate's pattern; the closer the
// shapes (cosine of the angle between them), the likelier the location. The best least-
// squares scale of the pattern is the leak flow estimate.
import { pipeLeakEnds } from '../../shared/network';
import { type NetworkGraph, pipeDistancesFrom } from './network-graph';
import type { Boundary, Observation, ReferenceModel } from './reference-model';

export interface Sensitivities {
  /** candidate junction ids */
  nodes: string[];
  /** per candidate: change of each observation per L/s of leak (same order as observations) */
  rows: Float64Array[];
}

export function sensitivities(
  ref: ReferenceModel,
  boundary: Boundary,
  observations: readonly Observation[],
  candidates: readonly string[],
  trialLps: number,
): Sensitivities {
  const base = ref.solve(boundary, observations).values;
  const rows = candidates.map((node) => {
    const v = ref.solve(boundary, observations, { node, flowLps: trialLps }).values;
    return v.map((x, i) => (x - base[i]!) / trialLps);
  });
  return { nodes: [...candidates], rows };
}

export interface RankedNode {
  node: string;
  /** 0…1: cosine similarity of predicted and observed shift, negative matches at 0 */
  score: number;
  /** L/s that best explain the observed shift with a leak here */
  flowLps: number;
  /** what a leak here leaves unexplained: squared misfit, in squared standard deviations */
  misfit: number;
}

/** a predicted shift per L/s (`row`) against the observed one `d`, both in standard deviations */
function project(row: ArrayLike<number>, d: Float64Array, sigma: Float64Array): { sd: number; ss: number } {
  let sd = 0;
  let ss = 0;
  for (let i = 0; i < d.length; i++) {
    const si = row[i]! / sigma[i]!;
    if (!Number.isFinite(si)) continue;
    sd += si * d[i]!;
    ss += si * si;
  }
  return { sd, ss };
}

const scaled = (shift: Float64Array, sigma: Float64Array) => {
  const d = shift.map((v, i) => v / sigma[i]!);
  return { d, dd: d.reduce((a, v) => a + v * v, 0) };
};

/** candidates ranked by how well a leak there explains `shift` (per channel, in its unit) */
export function rankNodes(s: Sensitivities, shift: Float64Array, sigma: Float64Array): RankedNode[] {
  const { d, dd } = scaled(shift, sigma);
  const ranked = s.rows.map((row, k) => {
    const { sd, ss } = project(row, d, sigma);
    const cos = ss > 0 && dd > 0 ? sd / Math.sqrt(ss * dd) : 0;
    const misfit = cos > 0 ? dd * (1 - cos * cos) : dd;
    return { node: s.nodes[k]!, score: Math.max(0, cos), flowLps: ss > 0 ? Math.max(0, sd / ss) : 0, misfit };
  });
  return ranked.sort((a, b) => b.score - a.score || a.node.localeCompare(b.node));
}

export interface RankedPipe {
  pipe: string;
  score: number;
  /** what a leak midway along it leaves unexplained: squared misfit, in squared standard deviations */
  misfit: number;
}

/**
 * Pipes ranked by how well a leak midway along each explains `shift`. Sensitivities are
 * linear in where the water leaves, so a leak midway shifts the instruments by the mean of
 * the patterns of the ends it drains at (shared/network.ts pipeLeakEnds). Matching that blend,
 * rather than averaging the ends' scores, tells the pipe between two likely nodes from the
 * other pipes at either node: on a network of long pipes, most of the distance.
 */
export function rankPipes(
  g: NetworkGraph,
  s: Sensitivities,
  shift: Float64Array,
  sigma: Float64Array,
  top: number,
): RankedPipe[] {
  const { d, dd } = scaled(shift, sigma);
  const rowOf = new Map(s.nodes.map((n, k) => [n, s.rows[k]!]));
  const nodeOf = (id: string) => g.model.nodes[g.nodeIndex.get(id) ?? -1];
  const pipes: RankedPipe[] = [];
  for (const l of g.model.links) {
    if (l.kind !== 'pipe') continue;
    const ends = pipeLeakEnds(l, nodeOf)
      .map((id) => rowOf.get(id))
      .filter((r): r is Float64Array => r !== undefined);
    if (ends.length === 0) continue;
    const row = ends.length === 1 ? ends[0]! : ends[0]!.map((v, i) => (v + ends[1]![i]!) / 2);
    const { sd, ss } = project(row, d, sigma);
    const cos = ss > 0 && dd > 0 ? sd / Math.sqrt(ss * dd) : 0;
    pipes.push({ pipe: l.id, score: Math.max(0, cos), misfit: cos > 0 ? dd * (1 - cos * cos) : dd });
  }
  pipes.sort((a, b) => b.score - a.score || a.pipe.localeCompare(b.pipe));
  return pipes.slice(0, top).map((p) => ({
    pipe: p.pipe,
    score: Number(p.score.toFixed(4)),
    misfit: Number(p.misfit.toFixed(2)),
  }));
}

/**
 * How far around where it starts a survey crew listens for a leak, m: ground microphones
 * and correlators along the mains cover a few hundred metres in a shift (the BattLeDIM
 * yardstick counts a leak as found when the reported pipe is within 300 m of it).
 */
export const SURVEY_RADIUS_M = 300;

/**
 * Where to send a survey crew: the pipe (of `from`) whose SURVEY_RADIUS_M holds most of
 * the leak's likelihood among the pipes it may still be in (`among`). The likelihood of a
 * pipe is the Gaussian one of its misfit, exp(−misfit/2), relative to the best; a pipe at
 * the edge of the reach counts half (the nearer the crew starts, the sooner it hears the
 * leak). The best-scoring pipe is often at the edge of a cluster of nearly as likely ones
 * (with the model a few per cent off the plant, on the demo town the signature's best lies
 * just beyond 300 m of the leak a third of the time); the crew starts where the cluster is,
 * not at its edge. Ties go to the likelier pipe. Pipes of `among` the ranking does not list
 * count as unlikely but possible: where none is listed, every one counts alike.
 */
export function surveyPipe(
  g: NetworkGraph,
  ranked: readonly RankedPipe[],
  among: readonly string[],
  from: readonly string[] = among,
  radiusM = SURVEY_RADIUS_M,
): string | undefined {
  const misfitOf = new Map(ranked.map((r) => [r.pipe, r.misfit]));
  const listed = among.filter((p) => misfitOf.has(p));
  const least = Math.min(...listed.map((p) => misfitOf.get(p)!));
  const likelihood = (p: string) =>
    listed.length === 0 ? 1 : misfitOf.has(p) ? Math.exp(-(misfitOf.get(p)! - least) / 2) : 0;
  const weighed = among.map((p) => ({ p, w: likelihood(p) })).filter((x) => x.w > 1e-9);
  const order = [...from].sort((a, b) => likelihood(b) - likelihood(a));
  let best: string | undefined;
  let bestMass = -1;
  for (const p of order) {
    const distance = pipeDistancesFrom(g, p);
    const mass = weighed.reduce((a, q) => {
      const d = distance(q.p);
      return a + (d <= radiusM ? q.w * (1 - d / (2 * radiusM)) : 0);
    }, 0);
    if (mass > bestMass + 1e-12) [best, bestMass] = [p, mass];
  }
  return best;
}
