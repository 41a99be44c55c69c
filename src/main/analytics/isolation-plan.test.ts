// Isolation planning on the demo town: the segment around a pipe, the valves that shut it,
// who loses supply, re-planning around a stuck valve, and refusing a bad valve layer.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HydraulicTwin } from '../../protocols/sim/twin';
import { parseSidecar } from '../../protocols/sim/sidecar';
import { planIsolation, valveLayer } from '../../agents/analytics/isolation-plan';
import { inflowBalances } from '../../agents/analytics/inflow-balance';
import { networkGraph, pipeDistance } from '../../agents/analytics/network-graph';

const dir = join(__dirname, '../../../assets/demo-town');
const sidecar = parseSidecar(readFileSync(join(dir, 'demo-town.zones.json'), 'utf8'), 'zones');
const twin = await HydraulicTwin.load(readFileSync(join(dir, 'demo-town.inp'), 'utf8'), {
  name: 'demo-town',
  startMs: Date.parse('2026-01-05T00:00:00Z'),
  sidecar,
});
const model = twin.model;
twin.close();
const g = networkGraph(model);

describe('isolation plan', () => {
  it('with a valve at every pipe end but one per node, a segment is a pipe or two', () => {
    const layer = valveLayer(g, 'pipe-ends', []);
    expect(layer.kind).toBe('pipe-ends');
    const plan = planIsolation(g, layer, 'P-120')!;
    expect(plan.segmentPipes).toContain('P-120');
    expect(plan.segmentPipes.length).toBeLessThanOrEqual(6);
    expect(plan.valves.length).toBeGreaterThan(0);
    // every valve on the boundary sits at a node of the segment or on a pipe of it
    for (const v of plan.valves)
      expect(plan.segmentPipes.includes(v.link) || plan.segmentNodes.includes(v.node!)).toBe(true);
    expect(plan.nodesWithoutSupply.length).toBeLessThan(20);
  });

  it('closes the segments of several pipes together, leaving the valves between them open', () => {
    const layer = valveLayer(g, 'model+pipe-ends', sidecar.isolationValves);
    const a = planIsolation(g, layer, 'P-120')!;
    // a neighbour: a pipe at one of P-120's nodes outside its segment
    const end = model.links.find((l) => l.id === 'P-120')!.to;
    const near = model.links.find(
      (l) => l.kind === 'pipe' && (l.from === end || l.to === end) && !a.segmentPipes.includes(l.id),
    )!;
    const b = planIsolation(g, layer, near.id)!;
    const both = planIsolation(g, layer, ['P-120', near.id])!;
    expect(both.pipe).toBe('P-120');
    expect(new Set(both.segmentPipes)).toEqual(new Set([...a.segmentPipes, ...b.segmentPipes]));
    // a valve between the two segments has both on its sides: it isolates nothing
    const shared = a.valves.filter((v) => b.valves.some((w) => w.id === v.id)).map((v) => v.id);
    expect(shared.length).toBeGreaterThan(0);
    for (const id of shared) expect(both.valves.map((v) => v.id)).not.toContain(id);
    expect(both.nodesWithoutSupply.length).toBeGreaterThanOrEqual(
      Math.max(a.nodesWithoutSupply.length, b.nodesWithoutSupply.length),
    );
  });

  it("uses the sidecar's isolation valves when it lists them, and re-plans around a stuck one", () => {
    const layer = valveLayer(g, 'auto', sidecar.isolationValves);
    expect(layer.kind).toBe('model');
    const plan = planIsolation(g, layer, 'P-120')!;
    expect(plan.valves.map((v) => v.id)).toEqual(expect.arrayContaining(['IV-09']));
    const without = planIsolation(g, layer, 'P-120', new Set(['IV-09']))!;
    expect(without.valves.map((v) => v.id)).not.toContain('IV-09');
    expect(without.segmentPipes.length).toBeGreaterThan(plan.segmentPipes.length);
    expect(without.nodesWithoutSupply.length).toBeGreaterThanOrEqual(plan.nodesWithoutSupply.length);
  });

  it('refuses a valve layer that names pipes or nodes the model does not have, saying which', () => {
    expect(() => valveLayer(g, { valves: [{ pipe: 'P-NOPE', node: 'J-0001' }] }, [])).toThrow(
      'valve layer: valves[0]: no pipe "P-NOPE" in the model',
    );
    expect(() => valveLayer(g, { valves: [{ pipe: 'P-120', node: 'J-1000' }] }, [])).toThrow(
      /pipe P-120 does not end at node "J-1000"/,
    );
    expect(() => valveLayer(g, 'model', ['IV-99'])).toThrow('valve layer: no link IV-99 in the model');
  });

  it('balances the inflow of each DMA whose inlets are all metered, and of the network when every source link is', () => {
    const flow = (element: string) => ({ id: `S-${element}-flow`, element, quantity: 'flow' as const });
    const inlets = model.zones.flatMap((z) => z.inlets);
    const zonesOnly = inflowBalances(g, inlets.map(flow));
    expect(zonesOnly.map((b) => b.id).sort()).toEqual(['inflow:DMA-C', 'inflow:DMA-N', 'inflow:DMA-S']);
    expect(zonesOnly.find((b) => b.id === 'inflow:DMA-C')!.terms.map((t) => t.sign)).toEqual([1, 1, 1]);
    // one inlet unmetered: that zone has no balance
    expect(inflowBalances(g, inlets.filter((id) => id !== 'IV-09').map(flow)).map((b) => b.id)).not.toContain(
      'inflow:DMA-C',
    );
    const sources = new Set(model.nodes.filter((n) => n.kind !== 'junction').map((n) => n.id));
    const crossing = model.links.filter((l) => sources.has(l.from) !== sources.has(l.to)).map((l) => l.id);
    const all = inflowBalances(g, [...inlets, ...crossing].map(flow));
    expect(all.find((b) => b.id === 'inflow:network')!.terms).toHaveLength(crossing.length);
  });

  it('measures distance along the pipes, midpoint to midpoint', () => {
    expect(pipeDistance(g, 'P-120', 'P-120')).toBe(0);
    const l = model.links.find((x) => x.id === 'P-120')!;
    const neighbour = model.links.find(
      (x) => x.kind === 'pipe' && x.id !== l.id && (x.from === l.to || x.to === l.to),
    )!;
    expect(pipeDistance(g, l.id, neighbour.id)).toBeCloseTo(l.length / 2 + neighbour.length / 2, 3);
  });
});
