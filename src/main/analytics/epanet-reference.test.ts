// The console's reference model under the console's own valve operations: what it closes for
// an isolation, and opens again when the isolation missed, must solve as the plant does.
import { afterAll, describe, expect, it } from 'vitest';
import type { Boundary, Observation } from '../../agents/analytics/reference-model';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HydraulicTwin } from '../../protocols/sim/twin';
import { demoTownReference } from './demo-town.fixture';
import { loadReferenceModel } from './epanet-reference';

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

describe('reference model: a pipe with a check valve', () => {
  it('shuts it, though EPANET will not close it by status, and opens it again', async () => {
    const inp = readFileSync(join(__dirname, '../../protocols/sim/fixtures/check-valve.inp'), 'utf8');
    const twin = await HydraulicTwin.load(inp, { name: 'cv', startMs: start });
    const ref = await loadReferenceModel({ model: twin.model, inp, epochMs: start });
    twin.close();
    const flows: Observation[] = ['CV1', 'P4'].map((element) => ({ id: element, element, quantity: 'flow' }));
    try {
      const open = ref.solve(at([]), flows).values;
      expect(open[0]).toBeGreaterThan(2);
      const shut = ref.solve(at(['CV1']), flows).values;
      expect(Math.abs(shut[0]!)).toBeLessThan(0.01);
      expect(shut[1]).toBeCloseTo(5, 2);
      const again = ref.solve(at([]), flows).values;
      expect(again[0]).toBeCloseTo(open[0]!, 3);
    } finally {
      ref.close();
    }
  });
});
