import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { seededRandom } from './random';
import { chooseSensors, SimulatedInstruments } from './sensors';
import { parseSidecar } from './sidecar';
import { HydraulicTwin } from './twin';

const dir = join(__dirname, '../../../assets/demo-town');
const load = () =>
  HydraulicTwin.load(readFileSync(join(dir, 'demo-town.inp'), 'utf8'), {
    name: 'demo-town',
    startMs: 0,
    hydraulicStep: 60,
    sidecar: parseSidecar(readFileSync(join(dir, 'demo-town.zones.json'), 'utf8'), 'zones'),
  });
const twins: HydraulicTwin[] = [];
afterAll(() => twins.forEach((t) => t.close()));

describe('instruments on the simulated plant', async () => {
  const twin = await load();
  twins.push(twin);
  const auto = chooseSensors(twin.model, { pressure: 'auto', flow: 'auto', level: 'auto', period: 60 });

  it('are placed where a utility would put them when the scenario says auto', () => {
    const by = (q: string) => auto.filter((s) => s.quantity === q).map((s) => s.element);
    expect(by('level').sort()).toEqual(['T-EAST', 'T-NORTH']);
    expect(by('flow')).toEqual(
      expect.arrayContaining(['PU-1', 'PU-2', 'PU-3', 'PRV-SOUTH', 'IV-12', 'IV-13']),
    );
    const junctions = twin.model.nodes.filter((n) => n.kind === 'junction').length;
    expect(by('pressure').length).toBeGreaterThanOrEqual(Math.round(0.03 * junctions));
    expect(by('pressure').length).toBeLessThanOrEqual(Math.round(0.06 * junctions));
    expect(new Set(by('pressure')).size).toBe(by('pressure').length);
    expect(chooseSensors(twin.model, { pressure: 'auto', flow: 'auto', level: 'auto', period: 60 })).toEqual(
      auto,
    );
  });

  it('refuses sensors on elements that do not exist', () => {
    expect(() => chooseSensors(twin.model, { pressure: ['NOPE'], flow: [], level: [], period: 60 })).toThrow(
      /no node NOPE/,
    );
  });

  it('sample at their period, with seeded noise of the stated size, quantized', () => {
    const frame = twin.frame();
    const spec = auto.filter((s) => s.quantity === 'pressure').slice(0, 1);
    const instruments = new SimulatedInstruments(
      twin.model,
      spec,
      { pressure: 0.5, flow: 0, level: 0 },
      seededRandom(1),
    );
    const truth = frame.nodes.pressure[twin.model.nodes.findIndex((n) => n.id === spec[0]!.element)]!;
    const values: number[] = [];
    for (let t = 0; t < 2000 * 60_000; t += 30_000) {
      for (const r of instruments.sample(frame, t)) values.push(r.value);
    }
    expect(values).toHaveLength(2000); // every 60 s, though asked every 30 s
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const std = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
    expect(mean).toBeCloseTo(truth, 1);
    expect(std).toBeGreaterThan(0.45);
    expect(std).toBeLessThan(0.55);
    expect(values.every((v) => Math.abs(v * 100 - Math.round(v * 100)) < 1e-6)).toBe(true);
  });

  it('fail the way real instruments do: offline, stuck, drifting, and a whole zone going dark', () => {
    const frame = twin.frame();
    const instruments = new SimulatedInstruments(
      twin.model,
      auto,
      { pressure: 0, flow: 0, level: 0 },
      seededRandom(2),
    );
    const [a, b, c] = auto.filter((s) => s.quantity === 'pressure');
    const at = (t: number) => new Map(instruments.sample(frame, t).map((r) => [r.sensor, r.value]));
    const first = at(0);
    instruments.fault(a!.id, { mode: 'offline' });
    instruments.fault(b!.id, { mode: 'stuck', value: null });
    instruments.fault(c!.id, { mode: 'drift', since: 60_000, perHour: 6 });
    const later = at(60_000 * 61); // one hour of drift later
    expect(later.has(a!.id)).toBe(false);
    expect(later.get(b!.id)).toBe(first.get(b!.id));
    expect(later.get(c!.id)! - first.get(c!.id)!).toBeCloseTo(6, 1);
    expect(() => instruments.fault('S-nothing', { mode: 'offline' })).toThrow(/no sensor/);
    const zoneSensors = auto.filter(
      (s) => twin.model.nodes.find((n) => n.id === s.element)?.zone === 'DMA-S',
    );
    expect(zoneSensors.length).toBeGreaterThan(0);
    instruments.commsLoss('DMA-S', true);
    const dark = at(60_000 * 62);
    expect(zoneSensors.some((s) => dark.has(s.id))).toBe(false);
    instruments.commsLoss('DMA-S', false);
    const back = at(60_000 * 63);
    expect(zoneSensors.filter((s) => s.id !== a!.id).every((s) => back.has(s.id))).toBe(true);
  });

  it('give the same readings for the same seed', () => {
    const frame = twin.frame();
    const run = (seed: number) =>
      new SimulatedInstruments(
        twin.model,
        auto,
        { pressure: 0.1, flow: 0.02, level: 0.01 },
        seededRandom(seed),
      ).sample(frame, 0);
    expect(run(5)).toEqual(run(5));
    expect(run(5)).not.toEqual(run(6));
  });
});

describe('what scenarios do to the plant', () => {
  it('a leak at a node draws about the stated flow and lowers the pressure there', async () => {
    const twin = await load();
    twins.push(twin);
    const i = twin.model.nodes.findIndex((n) => n.id === 'J-1005');
    twin.step();
    const before = twin.frame();
    const sources = (f: typeof before) =>
      twin.model.nodes.reduce((sum, n, k) => sum + (n.kind === 'junction' ? 0 : -f.nodes.demand[k]!), 0);
    twin.setOutflow('J-1005', 8);
    twin.step();
    const after = twin.frame();
    // the plant supplies ~8 L/s more, though the junction's recorded demand does not show the leak
    expect(sources(after) - sources(before)).toBeGreaterThan(6.5);
    expect(sources(after) - sources(before)).toBeLessThan(9.5);
    expect(after.nodes.pressure[i]!).toBeLessThan(before.nodes.pressure[i]!);
    expect(() => twin.setOutflow('T-NORTH', 1)).toThrow(/not a junction/);
  });

  it('perturbing roughness and demands changes the plant but not the model the console sees', async () => {
    const nominal = await load();
    const real = await load();
    twins.push(nominal, real);
    const modelBefore = JSON.stringify(real.model);
    real.perturb(seededRandom(3), 0.2, 0.2);
    nominal.step();
    real.step();
    expect(JSON.stringify(real.model)).toBe(modelBefore);
    const diff = nominal.frame().nodes.pressure.map((p, k) => Math.abs(p - real.frame().nodes.pressure[k]!));
    expect(Math.max(...diff)).toBeGreaterThan(0.05);
  });
});
