// Localization on the demo town's reference model: the pipe a leak is midway along is told
// from the other pipes at either of its ends, from the leak's signature alone.
import { afterAll, describe, expect, it } from 'vitest';
import { rankPipes, sensitivities } from '../../agents/analytics/localization';
import { networkGraph } from '../../agents/analytics/network-graph';
import type { Boundary, Observation } from '../../agents/analytics/reference-model';
import { pipeLeakEnds } from '../../shared/network';
import { demoTownReference } from './demo-town.fixture';

const { start, model, reference } = await demoTownReference();
afterAll(() => reference.close());
const g = networkGraph(model);

// loggers around Central's south-west corner, and every inlet meter
const observations: Observation[] = [
  ...['J-0505', 'J-0507', 'J-0607', 'J-0609', 'J-0707', 'J-0406', 'HYD-07'].map((element): Observation => ({
    id: `S-${element}-pressure`,
    element,
    quantity: 'pressure',
  })),
  ...model.zones
    .flatMap((z) => z.inlets)
    .map((element): Observation => ({ id: `S-${element}-flow`, element, quantity: 'flow' })),
];
const boundary: Boundary = {
  time: start + 10 * 3_600_000,
  tankLevels: {},
  pumpSpeeds: {},
  outflows: {},
  closedLinks: [],
};
const junctions = model.nodes.filter((n) => n.kind === 'junction').map((n) => n.id);
const sens = sensitivities(reference, boundary, observations, junctions, 3);
const sigma = Float64Array.from(observations, (o) => (o.quantity === 'pressure' ? 0.1 : 0.05));

/** what 4 L/s leaking midway along `pipe` shifts the instruments by: the model's own answer */
function midwayShift(pipe: string): Float64Array {
  const link = model.links.find((l) => l.id === pipe)!;
  const rows = pipeLeakEnds(link, (id) => model.nodes.find((n) => n.id === id)).map(
    (n) => sens.rows[sens.nodes.indexOf(n)]!,
  );
  return rows[0]!.map((_, i) => (4 * rows.reduce((a, r) => a + r[i]!, 0)) / rows.length);
}

describe('leak localization', () => {
  it('puts a leak midway along any pipe on that pipe, from its signature alone', () => {
    const junction = new Set(junctions);
    const pipes = model.links.filter((l) => l.kind === 'pipe' && junction.has(l.from) && junction.has(l.to));
    // first, or tied for first with a pipe that drains at the same junction (both ends of
    // a main through a hydrant node drain at the junction beside it)
    const missed = pipes.filter((p) => {
      const ranked = rankPipes(g, sens, midwayShift(p.id), sigma, 3);
      return !ranked.some((r) => r.pipe === p.id && r.score >= ranked[0]!.score);
    });
    // scoring a pipe by the mean of its ends' node scores put only 150 of these 326 first:
    // at its best end every pipe there looks alike
    expect(pipes.length).toBeGreaterThan(300);
    expect(missed.map((p) => p.id)).toEqual([]);
  });

  it('tells P-006 from P-004 and P-007, which share its end J-0006', () => {
    const shift = midwayShift('P-006');
    const ranked = rankPipes(g, sens, shift, sigma, 10);
    expect(ranked[0]!.pipe).toBe('P-006');
    expect(ranked[0]!.score).toBeGreaterThan(0.999);
    for (let i = 1; i < ranked.length; i++)
      expect(ranked[i]!.score).toBeLessThanOrEqual(ranked[i - 1]!.score);
    expect(ranked.every((p) => p.score >= 0 && p.score <= 1)).toBe(true);
  });
});
