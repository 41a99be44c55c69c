import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../agents/runtime/clock';
import { SimulatedPlant } from './plant';
import { parseScenario } from './scenario';
import type { Reading } from './sensors';
import { parseSidecar } from './sidecar';
import { HydraulicTwin } from './twin';

const dir = join(__dirname, '../../../assets/demo-town');
const START = Date.UTC(2026, 0, 5);

async function run(events: string, hours: number) {
  const scenario = parseScenario(
    `name: t\nstart: 2026-01-05T00:00:00Z\nduration: ${hours}h\nhydraulicStep: 60s\nseed: 3\nevents:${events ? `\n${events}` : ' []'}`,
    't.yaml',
  );
  const twin = await HydraulicTwin.load(readFileSync(join(dir, 'demo-town.inp'), 'utf8'), {
    name: 'demo-town',
    startMs: START,
    hydraulicStep: scenario.hydraulicStep,
    sidecar: parseSidecar(readFileSync(join(dir, 'demo-town.zones.json'), 'utf8'), 'zones'),
  });
  const clock = new SimulatedClock(START);
  const plant = new SimulatedPlant(twin, clock, scenario);
  const readings: Reading[] = [];
  plant.onReadings((r) => readings.push(...r));
  clock.advanceTo(START + hours * 3_600_000);
  plant.stop();
  twin.close();
  return { readings, plant, series: (sensor: string) => readings.filter((r) => r.sensor === sensor) };
}

/** the demo town's plant for an hour of `events`, its clock for the test to advance */
async function steppedPlant(events: string) {
  const scenario = parseScenario(
    `name: t\nstart: 2026-01-05T00:00:00Z\nduration: 1h\nhydraulicStep: 60s\nseed: 3\nevents:\n${events}`,
    't.yaml',
  );
  const twin = await HydraulicTwin.load(readFileSync(join(dir, 'demo-town.inp'), 'utf8'), {
    name: 'demo-town',
    startMs: START,
    hydraulicStep: 60,
    sidecar: parseSidecar(readFileSync(join(dir, 'demo-town.zones.json'), 'utf8'), 'zones'),
  });
  const clock = new SimulatedClock(START);
  return { twin, clock, plant: new SimulatedPlant(twin, clock, scenario) };
}

describe('the simulated plant running a scenario', () => {
  it('a tripped pump stops and stays stopped although the level controls would start it', async () => {
    // PU-1 runs on tank-level control most of the day; trip it at 01:00
    const { series, plant } = await run('  - { at: 1h, type: pump_trip, pump: PU-1 }', 6);
    const flow = series('S-PU-1-flow');
    expect(flow.filter((r) => r.time < START + 3_600_000).some((r) => r.value > 5)).toBe(true);
    expect(flow.filter((r) => r.time > START + 3_660_000).every((r) => Math.abs(r.value) < 0.05)).toBe(true);
    expect(plant.history).toEqual([{ time: START + 3_600_000, type: 'pump_trip', detail: 'PU-1 tripped' }]);
  });

  it('an offline sensor stops reporting; a fault with a duration clears', async () => {
    const { series } = await run(
      '  - { at: 1h, type: sensor_fault, sensor: S-T-NORTH-level, mode: offline, for: 1h }',
      3,
    );
    const times = series('S-T-NORTH-level').map((r) => (r.time - START) / 60_000);
    expect(times.filter((m) => m > 60 && m < 120)).toEqual([]);
    expect(times.filter((m) => m >= 120).length).toBeGreaterThan(50);
  });

  it('an open hydrant draws its flow from the pumps and tanks (water balance)', async () => {
    const quiet = await run('', 2);
    const fire = await run('  - { at: 1h, type: hydrant_open, node: HYD-01, flowLps: 25 }', 2);
    // m³ delivered by the pumps in the second hour, and m³ left in the tanks at the end
    const pumped = (r: Awaited<ReturnType<typeof run>>) =>
      r.readings
        .filter((x) => x.time > START + 3_600_000 && x.quantity === 'flow' && x.element.startsWith('PU-'))
        .reduce((sum, x) => sum + (x.value * 60) / 1000, 0);
    const area = { 'T-NORTH': Math.PI * 8 ** 2, 'T-EAST': Math.PI * 5.5 ** 2 };
    const stored = (r: Awaited<ReturnType<typeof run>>) =>
      Object.entries(area).reduce((sum, [tank, a]) => sum + r.series(`S-${tank}-level`).at(-1)!.value * a, 0);
    const extra = pumped(fire) - pumped(quiet) + (stored(quiet) - stored(fire));
    // 25 L/s for an hour is 90 m³; the orifice gives a little less as pressure falls
    expect(extra).toBeGreaterThan(60);
    expect(extra).toBeLessThan(110);
  });

  it('never samples faster than the plant steps', async () => {
    const scenario = parseScenario(
      'name: t\nstart: 2026-01-05T00:00:00Z\nduration: 1h\nhydraulicStep: 5m\n',
      't.yaml',
    );
    const twin = await HydraulicTwin.load(readFileSync(join(dir, 'demo-town.inp'), 'utf8'), {
      name: 'demo-town',
      startMs: START,
      hydraulicStep: scenario.hydraulicStep,
    });
    const plant = new SimulatedPlant(twin, new SimulatedClock(START), scenario);
    expect(new Set(plant.instruments.sensors.map((s) => s.period))).toEqual(new Set([300]));
    twin.close();
  });

  it('is deterministic for a seed', async () => {
    const a = await run('  - { at: 30m, type: leak, node: J-1005, flowLps: 5, rampHours: 1 }', 2);
    const b = await run('  - { at: 30m, type: leak, node: J-1005, flowLps: 5, rampHours: 1 }', 2);
    expect(a.readings).toEqual(b.readings);
  });

  it('a leak on a pipe drains midway, half at each end; two leaks at one junction add up; a shut pipe stops leaking', async () => {
    const { twin, clock, plant } = await steppedPlant(
      '  - { at: 10m, type: leak, pipe: P-121, flowLps: 4, rampHours: 0 }\n' +
        '  - { at: 20m, type: pipe_burst, pipe: P-120, flowLps: 6 }\n',
    );
    const at = (node: string) => twin.outflowAt(node);
    clock.advanceTo(START + 15 * 60_000);
    // P-121 runs J-0507 → J-0607: 2 L/s at each end (the orifice follows pressure a little)
    expect(at('J-0507')).toBeCloseTo(2, 0);
    expect(at('J-0607')).toBeCloseTo(2, 0);
    clock.advanceTo(START + 25 * 60_000);
    // P-120 runs J-0507 → HYD-07: the hydrant's monitor reads only what the hydrant
    // discharges, so the main's burst drains at J-0507, adding to the leak already there
    expect(at('J-0507')).toBeCloseTo(8, 0);
    expect(at('J-0607')).toBeCloseTo(2, 0);
    expect(at('HYD-07')).toBe(0);
    // each leak's loss, the shared junction's outflow split by the leaks' sizes
    const [first, second] = plant.leakOutflows();
    expect(first).toMatchObject({ leak: 0, at: 'P-121' });
    expect(second).toMatchObject({ leak: 1, at: 'P-120' });
    expect(first!.outflowLps).toBeCloseTo(4, 0);
    expect(second!.outflowLps).toBeCloseTo(6, 0);
    // P-121 shut at its end valves: the leak inside it stops, the burst on P-120 goes on
    twin.actuate({ link: 'P-121', action: 'close' });
    clock.advanceTo(START + 30 * 60_000);
    const [shut, running] = plant.leakOutflows();
    expect(shut!.outflowLps).toBe(0);
    expect(at('J-0607')).toBe(0);
    expect(running!.outflowLps).toBeCloseTo(6, 0);
    expect(plant.history.map((h) => h.detail)).toEqual([
      '4 L/s midway along P-121 (draining at J-0507 and J-0607)',
      '6 L/s midway along P-120 (draining at J-0507)',
    ]);
    plant.stop();
    twin.close();
  });

  it('a leak shut in and opened again leaks as before, though its dead end ran dry meanwhile', async () => {
    // P-106 is J-0412's only pipe: shut, J-0412 loses its pressure. The orifice keeps the
    // size it had when the leak began; sized anew at the dry end's pressure on reopening, it
    // lost three times the leak (an isolation search that reopened a segment read 24 L/s
    // for an 8 L/s burst)
    const { twin, clock, plant } = await steppedPlant(
      '  - { at: 10m, type: leak, pipe: P-106, flowLps: 4, rampHours: 0 }\n',
    );
    const lost = () => plant.leakOutflows()[0]!.outflowLps;
    clock.advanceTo(START + 15 * 60_000);
    expect(lost()).toBeCloseTo(4, 0);
    twin.actuate({ link: 'P-106', action: 'close' });
    clock.advanceTo(START + 25 * 60_000);
    expect(lost()).toBe(0);
    twin.actuate({ link: 'P-106', action: 'open' });
    clock.advanceTo(START + 35 * 60_000);
    expect(lost()).toBeCloseTo(4, 0);
    plant.stop();
    twin.close();
  });

  it('refuses, before running, an event on an element that does not exist', async () => {
    await expect(run('  - { at: 1h, type: pump_trip, pump: PU-9 }', 2)).rejects.toThrow(
      'events[0] (pump_trip): no pump "PU-9"',
    );
    await expect(
      run('  - { at: 1h, type: sensor_fault, sensor: S-X-pressure, mode: stuck }', 2),
    ).rejects.toThrow(/no sensor "S-X-pressure"/);
  });
});
