// The console's reference model under the console's own valve operations: what it closes for
// an isolation, and opens again when the isolation missed, must solve as the plant does.
import { afterAll, describe, expect, it } from 'vitest';
import type { Boundary, Observation } from '../../agents/analytics/reference-model';
import { demoTownReference } from './demo-town.fixture';

const { start, model, reference } = await demoTownReference();
afterAll(() => reference.close());

const inlets = model.zones.find((z) => z.id === 'DMA-C')!.inlets;
const observations: Observation[] = inlets.map((element) => ({
  id: `S-${element}-flow`,
  element,
  quantity: 'flow',
}));
const at = (closedLinks: string[]): Boundary => ({
  time: start + 10 * 3_600_000,
  tankLevels: {},
  pumpSpeeds: {},
  outflows: {},
  closedLinks,
});

describe('reference model', () => {
  it('reopens a valve the file has active on its setting, and a pipe, as they were', () => {
    const valve = inlets[0]!; // a DMA inlet TCV: EPANET reads its status as "active"
    const pipe = 'P-120';
    const before = reference.solve(at([]), observations).values;
    const shut = reference.solve(at([valve, pipe]), observations).values;
    expect(shut[0]).toBeCloseTo(0, 6);
    expect(Math.abs(shut[1]! - before[1]!)).toBeGreaterThan(0.1); // the other inlets take its flow
    const again = reference.solve(at([]), observations).values;
    for (let i = 0; i < before.length; i++) expect(again[i]).toBeCloseTo(before[i]!, 3);
  });
});
