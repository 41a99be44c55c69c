import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { InpError } from './inp-errors';
import { HydraulicTwin } from './twin';

const sharedNetworks = join(__dirname, '../../../../shared/networks');
const net1 = () => readFileSync(join(__dirname, 'fixtures/two-zone.inp'), 'utf8');
const START = Date.UTC(2026, 0, 5, 0, 0, 0);

const open: HydraulicTwin[] = [];
async function load(inp: string, name = 'test', step?: number) {
  const twin = await HydraulicTwin.load(inp, { name, startMs: START, hydraulicStep: step });
  open.push(twin);
  return twin;
}
afterEach(() => {
  while (open.length) open.pop()!.close();
});

/** The counts the shared networks' README gives (epanet-js 0.9 / EPANET 2.3). */
const expectedCounts: Record<string, [number, number]> = {
  'Net1.inp': [11, 13],
  'Net2.inp': [36, 40],
  'Net3.inp': [97, 119],
  'Anytown.inp': [22, 41],
  'Hanoi.inp': [32, 34],
  'C-Town.inp': [396, 444],
  'L-Town.inp': [785, 909],
  'Modena.inp': [272, 317],
  'Richmond.inp': [872, 957],
  'D-Town.inp': [407, 459],
  'Micropolis.inp': [1577, 1619],
  'E-Town.inp': [2869, 3253],
  'Net6.inp': [3356, 3892],
  'NJ1.inp': [14999, 16078],
};

describe.skipIf(!existsSync(sharedNetworks))(
  'the twin on the shared benchmark networks (../shared/networks)',
  () => {
    const files = existsSync(sharedNetworks)
      ? readdirSync(sharedNetworks).filter((f) => f.endsWith('.inp'))
      : [];

    it('finds all 14 networks', () => {
      expect(files.sort()).toEqual(Object.keys(expectedCounts).sort());
    });

    it.each(files)('loads %s, steps it, and reports SI values', async (file) => {
      const twin = await load(readFileSync(join(sharedNetworks, file), 'utf8'), file.replace('.inp', ''));
      const [nodes, links] = expectedCounts[file]!;
      expect(twin.model.nodes).toHaveLength(nodes);
      expect(twin.model.links).toHaveLength(links);
      twin.step();
      twin.step();
      const frame = twin.frame();
      expect(frame.t).toBe(START + 2 * twin.stepS * 1000);
      expect(frame.nodes.pressure).toHaveLength(nodes);
      expect(frame.links.flow).toHaveLength(links);
      // every value is a finite number, and sources deliver water into the network
      for (const v of [...frame.nodes.pressure, ...frame.links.flow, ...frame.links.velocity]) {
        expect(Number.isFinite(v)).toBe(true);
      }
      // mass balance: sources (and inflow junctions, as in Net2) report negative demand, tanks
      // filling positive, so all nodes sum to ~0
      const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
      const consumed = sum(
        frame.nodes.demand.filter((d, i) => d > 0 && twin.model.nodes[i]!.kind === 'junction'),
      );
      expect(consumed).toBeGreaterThan(0);
      expect(Math.abs(sum(frame.nodes.demand))).toBeLessThan(0.01 * consumed + 0.01);
    });
  },
);

describe('unit conversion', () => {
  it('reports a GPM network in metres and litres per second', async () => {
    // Net1 style: US units. Junction 10 at 710 ft; a 1-ft-head column is 0.3048 m
    const twin = await load(net1());
    const j = twin.model.nodes.findIndex((n) => n.id === 'J2');
    expect(twin.model.nodes[j]!.elevation).toBeCloseTo(30 * 0.3048, 3);
    const pipe = twin.model.links.find((l) => l.id === 'P1')!;
    expect(pipe.diameter).toBeCloseTo(12 * 25.4, 1);
    expect(pipe.length).toBeCloseTo(1000 * 0.3048, 1);
    const frame = twin.frame();
    // the reservoir at 200 ft head: head in m
    const r = twin.model.nodes.findIndex((n) => n.id === 'R1');
    expect(frame.nodes.head[r]).toBeCloseTo(200 * 0.3048, 2);
    // junction demand 100 GPM = 6.309 L/s
    const j2 = twin.model.nodes.findIndex((n) => n.id === 'J2');
    expect(frame.nodes.demand[j2]).toBeCloseTo(6.309, 2);
  });
});

describe('actuation', () => {
  it('closing a pipe cuts supply to the nodes behind it', async () => {
    const twin = await load(net1(), 'net', 60);
    const i = (id: string) => twin.model.nodes.findIndex((n) => n.id === id);
    const before = twin.frame();
    expect(before.nodes.pressure[i('J4')]!).toBeGreaterThan(10);
    twin.actuate({ link: 'P3', action: 'close' }); // P3 is the only pipe into J4
    twin.step();
    const after = twin.frame();
    expect(after.links.status[twin.model.links.findIndex((l) => l.id === 'P3')]).toBe(0);
    expect(after.links.flow[twin.model.links.findIndex((l) => l.id === 'P3')]).toBeCloseTo(0, 3);
    // EPANET reports a disconnected demand node at a strongly negative pressure
    expect(after.nodes.pressure[i('J4')]!).toBeLessThan(before.nodes.pressure[i('J4')]! - 10);
    twin.actuate({ link: 'P3', action: 'open' });
    twin.step();
    expect(twin.frame().nodes.pressure[i('J4')]!).toBeCloseTo(before.nodes.pressure[i('J4')]!, 0);
  });

  it('shuts a pipe with a check valve, which EPANET will not close by status, and opens it again', async () => {
    // J1 feeds J3 two ways: through the check-valve pipe CV1 (via J2) and through P4
    const inp = readFileSync(join(__dirname, 'fixtures/check-valve.inp'), 'utf8');
    const twin = await load(inp, 'cv', 60);
    const at = (id: string) => twin.model.links.findIndex((l) => l.id === id);
    const flow = (id: string) => twin.frame().links.flow[at(id)]!;
    expect(flow('CV1')).toBeGreaterThan(2);
    twin.actuate({ link: 'CV1', action: 'close' });
    twin.step();
    expect(Math.abs(flow('CV1'))).toBeLessThan(0.01); // a few mL/s of 5 L/s
    expect(flow('P4')).toBeCloseTo(5, 2);
    expect(twin.linkState('CV1').open).toBe(false);
    expect(twin.frame().links.status[at('CV1')]).toBe(0);
    twin.actuate({ link: 'CV1', action: 'open' });
    twin.step();
    expect(flow('CV1')).toBeGreaterThan(2);
    expect(twin.linkState('CV1').open).toBe(true);
  });

  it('stopping the pump stops its flow and drops downstream pressure; speed changes head', async () => {
    const twin = await load(net1(), 'net', 60);
    const pump = twin.model.links.findIndex((l) => l.id === 'PU1');
    const j = twin.model.nodes.findIndex((n) => n.id === 'J3');
    const running = twin.frame();
    expect(running.links.flow[pump]!).toBeGreaterThan(1);
    twin.actuate({ link: 'PU1', action: 'speed', value: 1.2 });
    twin.step();
    const faster = twin.frame();
    expect(faster.nodes.pressure[j]!).toBeGreaterThan(running.nodes.pressure[j]!);
    twin.actuate({ link: 'PU1', action: 'close' });
    twin.step();
    const stopped = twin.frame();
    expect(stopped.links.flow[pump]).toBeCloseTo(0, 3);
    expect(stopped.nodes.pressure[j]!).toBeLessThan(running.nodes.pressure[j]!);
  });

  it('a PRV setting in metres holds downstream pressure', async () => {
    const twin = await load(net1(), 'net', 60);
    const j = twin.model.nodes.findIndex((n) => n.id === 'J5');
    twin.actuate({ link: 'V1', action: 'setting', value: 20 });
    twin.step();
    expect(twin.frame().nodes.pressure[j]!).toBeCloseTo(20, 1);
    twin.actuate({ link: 'V1', action: 'setting', value: 25 });
    twin.step();
    expect(twin.frame().nodes.pressure[j]!).toBeCloseTo(25, 1);
  });

  it('refuses actuation that makes no sense, with a clear error', async () => {
    const twin = await load(net1());
    expect(() => twin.actuate({ link: 'NOPE', action: 'open' })).toThrow(/no link "NOPE"/);
    expect(() => twin.actuate({ link: 'P1', action: 'speed', value: 1 })).toThrow(/only pumps have a speed/);
    expect(() => twin.actuate({ link: 'PU1', action: 'setting', value: 1 })).toThrow(/only valves/);
  });
});

describe('time', () => {
  it('steps on fixed boundaries and the tank level integrates', async () => {
    const twin = await load(net1(), 'net', 300);
    const tank = twin.model.nodes.findIndex((n) => n.kind === 'tank');
    const level0 = twin.frame().nodes.pressure[tank]!;
    for (let k = 0; k < 12; k++) twin.step();
    expect(twin.time).toBe(START + 12 * 300 * 1000);
    expect(twin.frame().nodes.pressure[tank]).not.toBeCloseTo(level0, 2);
  });

  it('aligns daily demand patterns with the time of day of the start', async () => {
    // the fixture's pattern is 1.0 except 2.0 from 06:00 to 07:00
    const at = async (hour: number) => {
      const twin = await HydraulicTwin.load(net1(), { name: 'n', startMs: START + hour * 3_600_000 });
      const d = twin.frame().nodes.demand[twin.model.nodes.findIndex((n) => n.id === 'J2')]!;
      twin.close();
      return d;
    };
    expect(await at(6)).toBeCloseTo(2 * (await at(3)), 3);
  });
});

describe('malformed input gives a clear error naming the problem', () => {
  const cases: [string, (inp: string) => string, RegExp][] = [
    ['an empty file', () => '', /no nodes found/],
    ['binary garbage', () => '\u0000\u0001\u0002 PNG \u00ff', /no nodes found/],
    [
      'a bad number',
      (s) => s.replace(/^ J2\s+30/m, ' J2 abc'),
      /line \d+ \[JUNCTIONS\]: illegal numeric value abc/,
    ],
    [
      'a duplicate id',
      (s) => s.replace('[JUNCTIONS]', '[JUNCTIONS]\n J2 1 1'),
      /line 9 \[JUNCTIONS\]: duplicate ID label J2/,
    ],
    [
      'a pipe to nowhere',
      (s) => s.replace('[PIPES]', '[PIPES]\n PX J2 NOWHERE 100 10 100 0 Open'),
      /\[PIPES\]: undefined node NOWHERE/,
    ],
    ['an unknown section', (s) => s.replace('[PIPES]', '[PIPEZ]'), /invalid section keyword \[PIPEZ\]/],
    [
      'no source of water',
      () => '[JUNCTIONS]\n A 10 1\n B 10 1\n[PIPES]\n P1 A B 100 100 100\n[END]\n',
      /no reservoir or tank/,
    ],
    ['a truncated file', (s) => s.slice(0, s.indexOf('[PIPES]') + 40), /undefined|line|node/i],
  ];
  it.each(cases)('%s', async (_label, mutate, message) => {
    const error = await load(mutate(net1()), 'broken').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InpError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).toMatch(/^broken\.inp/);
  });

  it('a bad file does not disturb a twin already running', async () => {
    const good = await load(net1());
    good.step();
    const before = good.frame();
    await expect(load('[JUNCTIONS]\n A x y\n', 'broken')).rejects.toThrow(InpError);
    good.step();
    expect(good.frame().t).toBe(before.t + good.stepS * 1000);
  });
});

describe('networks without coordinates', () => {
  it('get a synthetic layout, flagged as such', async () => {
    const inp = net1().replace(/\[COORDINATES\][\s\S]*?(?=\[END\])/, '');
    const twin = await load(inp);
    expect(twin.model.syntheticLayout).toBe(true);
    const positions = new Set(twin.model.nodes.map((n) => `${n.x},${n.y}`));
    expect(positions.size).toBe(twin.model.nodes.length);
  });
});
