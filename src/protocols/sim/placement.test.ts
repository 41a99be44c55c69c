import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { elementId } from './element-id';
import { placeLoggers } from './placement';
import { chooseSensors } from './sensors';
import { parseSidecar } from './sidecar';
import { HydraulicTwin } from './twin';

const fixture = () => readFileSync(join(__dirname, 'fixtures/two-zone.inp'), 'utf8');
const START = Date.UTC(2026, 0, 5, 0, 0, 0);
const twins: HydraulicTwin[] = [];
afterAll(() => twins.forEach((t) => t.close()));
const load = async (inp: string, sidecar?: Parameters<typeof HydraulicTwin.load>[1]['sidecar']) => {
  const twin = await HydraulicTwin.load(inp, {
    name: 'test',
    startMs: START,
    hydraulicStep: 60,
    ...(sidecar ? { sidecar } : {}),
  });
  twins.push(twin);
  return twin;
};

describe('logger placement by leak distinguishability', () => {
  // a line of five leak nodes 400 m apart; sites 0 and 1 see them in proportion (together
  // no better than one of them), site 2 sees them all alike: only with it do the others count
  const rows = [0, 1, 2, 3, 4].map((k) => Float64Array.from([0.01 * (k + 1), 0.02 * (k + 1), 0.05]));
  const distance = (a: number, b: number) => 400 * Math.abs(a - b);

  it('picks sites that tell distant leaks apart, not two that see the same pattern', () => {
    const picked = placeLoggers({
      sites: ['flat', 'up', 'down'],
      rows,
      distance,
      count: 2,
      radius: 300,
      dMin: 1e-4,
    });
    expect(picked.sort()).toEqual([1, 2]);
  });

  it('lets the meters already there count: one logger suffices where a meter gives the other view', () => {
    const fixed = [0, 1, 2, 3, 4].map(() => Float64Array.from([0.05]));
    const picked = placeLoggers({
      sites: ['flat', 'up', 'down'],
      rows,
      fixed,
      distance,
      count: 1,
      radius: 300,
      dMin: 1e-4,
    });
    expect(picked).toEqual([1]); // the larger view of the gradient, the meter being flat
  });

  it('is deterministic and returns every site when asked for as many', () => {
    const o = { sites: ['flat', 'up', 'down'], rows, distance, count: 2, radius: 300, dMin: 1e-4 };
    expect(placeLoggers(o)).toEqual(placeLoggers(o));
    expect(placeLoggers({ ...o, count: 3 })).toEqual([0, 1, 2]);
  });

  it('studies the nominal network and leaves the twin as it loaded it', async () => {
    const twin = await load(fixture());
    const before = twin.frame();
    const { rows: s, meterFlows } = twin.nominalSensitivities(
      ['J2', 'J4', 'J5'],
      ['J3', 'J4'],
      ['PU1', 'P4'],
    );
    expect(twin.frame()).toEqual(before);
    // a leak lowers the pressures and draws more through the pump, most near itself
    expect(s[0]![1]!).toBeLessThan(0);
    expect(s[1]![1]!).toBeLessThan(s[1]![0]!);
    // every L/s leaking comes in through the pump or out of the tank (P4 runs J3 → T1)
    expect(s[0]![3]! - s[0]![4]!).toBeCloseTo(1, 1);
    expect(meterFlows[0]!).toBeGreaterThan(0);
    twin.step();
    expect(() => twin.nominalSensitivities(['J2'], ['J3'])).toThrow(/before the first step/);
  });

  it('auto loggers with a study stay within the 3–5 % budget and are the same every time', async () => {
    const dir = join(__dirname, '../../../assets/demo-town');
    const sidecar = parseSidecar(readFileSync(join(dir, 'demo-town.zones.json'), 'utf8'), 'zones');
    const twin = await load(readFileSync(join(dir, 'demo-town.inp'), 'utf8'), sidecar);
    const choice = { pressure: 'auto', flow: 'auto', level: 'auto', period: 60 } as const;
    const study = (a: readonly string[], b: readonly string[], c: readonly string[]) =>
      twin.nominalSensitivities(a, b, c);
    const loggers = chooseSensors(twin.model, choice, study).filter((x) => x.quantity === 'pressure');
    const junctions = twin.model.nodes.filter((n) => n.kind === 'junction').length;
    expect(loggers.length).toBeGreaterThanOrEqual(Math.round(0.03 * junctions));
    expect(loggers.length).toBeLessThanOrEqual(Math.round(0.05 * junctions));
    expect(chooseSensors(twin.model, choice, study)).toEqual(chooseSensors(twin.model, choice, study));
  });
});

describe('element ids the console can put in a topic', () => {
  it('maps MQTT-reserved characters to their fullwidth forms and leaves other ids alone', () => {
    expect(elementId('HSP#1')).toBe('HSP＃1');
    expect(elementId('a/b+c')).toBe('a／b＋c');
    expect(elementId('J-0207')).toBe('J-0207');
  });

  it('the twin carries such ids mapped, and sidecars may name them raw', async () => {
    const inp = fixture().replaceAll('PU1', 'PU#1');
    const twin = await load(inp, parseSidecar(JSON.stringify({ standbyPumps: ['PU#1'] }), 'test.zones.json'));
    const pump = twin.model.links.find((l) => l.kind === 'pump')!;
    expect(pump.id).toBe('PU＃1');
    expect(pump.standby).toBe(true);
    twin.actuate({ link: 'PU＃1', action: 'close' });
    twin.step();
    expect(twin.linkState('PU＃1').open).toBe(false);
  });
});

describe('an .inp that says UNBALANCED STOP', () => {
  it('keeps the plant running (Continue 10), as a real network keeps existing', async () => {
    const inp = fixture().replace(' Headloss H-W', ' Headloss H-W\n Unbalanced Stop');
    const twin = await load(inp);
    for (let i = 0; i < 120; i++) twin.step();
    expect(twin.time).toBe(START + 120 * 60_000);
  });
});
