// The built-in demo town is what every new user sees first; it must be the small but
// complete town the product promises, and hydraulically sound all day long.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSidecar } from './sidecar';
import { HydraulicTwin } from './twin';

const dir = join(__dirname, '../../../assets/demo-town');
const inp = readFileSync(join(dir, 'demo-town.inp'), 'utf8');
const sidecar = parseSidecar(readFileSync(join(dir, 'demo-town.zones.json'), 'utf8'), 'demo-town.zones.json');

describe('the built-in demo town', async () => {
  const twin = await HydraulicTwin.load(inp, {
    name: 'demo-town',
    startMs: Date.UTC(2026, 0, 5),
    hydraulicStep: 300,
    sidecar,
  });
  const { nodes, links, zones } = twin.model;
  const count = (pred: (x: { kind: string }) => boolean, xs: { kind: string }[]) => xs.filter(pred).length;

  it('has the elements the product promises', () => {
    const junctions = count((n) => n.kind === 'junction', nodes);
    expect(junctions).toBeGreaterThanOrEqual(150);
    expect(junctions).toBeLessThanOrEqual(300);
    expect(count((n) => n.kind === 'reservoir', nodes)).toBeGreaterThanOrEqual(1);
    expect(count((n) => n.kind === 'tank', nodes)).toBeGreaterThanOrEqual(2);
    const pumps = links.filter((l) => l.kind === 'pump');
    expect(pumps.length).toBeGreaterThanOrEqual(3);
    expect(pumps.filter((p) => p.standby).length).toBeGreaterThanOrEqual(1);
    expect(links.filter((l) => l.valveType === 'PRV').length).toBeGreaterThanOrEqual(1);
    expect(sidecar.isolationValves.length).toBeGreaterThanOrEqual(10);
    expect(nodes.filter((n) => n.hydrant).length).toBeGreaterThanOrEqual(8);
    expect(zones).toHaveLength(3);
    for (const zone of zones) expect(zone.inlets.length).toBeGreaterThanOrEqual(1);
    // every junction is in a DMA, every inlet is a real link
    expect(nodes.filter((n) => n.kind === 'junction' && n.zone === null)).toEqual([]);
    const linkIds = new Set(links.map((l) => l.id));
    expect(zones.flatMap((z) => z.inlets).every((id) => linkIds.has(id))).toBe(true);
    expect(twin.model.syntheticLayout).toBe(false);
  });

  it('keeps service pressure and tank levels within limits over a whole day', () => {
    const tankIdx = nodes.flatMap((n, i) => (n.kind === 'tank' ? [i] : []));
    let minPressure = Infinity;
    let maxPressure = -Infinity;
    const tankRange = tankIdx.map(() => [Infinity, -Infinity]);
    const standby = links.findIndex((l) => l.standby);
    for (let step = 0; step < (24 * 3600) / twin.stepS; step++) {
      twin.step();
      const f = twin.frame();
      nodes.forEach((n, i) => {
        if (n.kind !== 'junction') return;
        minPressure = Math.min(minPressure, f.nodes.pressure[i]!);
        maxPressure = Math.max(maxPressure, f.nodes.pressure[i]!);
      });
      tankIdx.forEach((i, k) => {
        tankRange[k]![0] = Math.min(tankRange[k]![0]!, f.nodes.pressure[i]!);
        tankRange[k]![1] = Math.max(tankRange[k]![1]!, f.nodes.pressure[i]!);
      });
      expect(f.links.status[standby]).toBe(0); // the standby pump stays off on a normal day
    }
    expect(minPressure).toBeGreaterThan(20);
    expect(maxPressure).toBeLessThan(80);
    tankIdx.forEach((i, k) => {
      const tank = nodes[i]!.tank!;
      expect(tankRange[k]![0]).toBeGreaterThan(tank.minLevel);
      expect(tankRange[k]![1]).toBeLessThan(tank.maxLevel);
      expect(tankRange[k]![1]! - tankRange[k]![0]!).toBeGreaterThan(1); // tanks cycle over the day
    });
  });
});
