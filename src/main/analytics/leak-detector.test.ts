// The leak detector's check of an isolation, on the demo town with the real EPANET reference
// model: a pump that starts while the valves are shut, and a search's second isolation after
// a first that swelled the leak. The "plant" here is that same model (so what the console
// knows is exact) plus a miss of its own that only shows while PU-1 runs: 1.5 L/s less
// through the DMA-C inlet IV-09 than the model says, as a model a few per cent off the plant
// has for one pump configuration and not another.
import { describe, expect, it } from 'vitest';
import { type DetectorEvent, LeakDetector, type LiveReading } from '../../agents/analytics/leak-detector';
import { networkGraph } from '../../agents/analytics/network-graph';
import { seededRandom } from '../../protocols/sim/random';
import { spreadJunctions } from '../../protocols/sim/sensors';
import { demoTownReference } from './demo-town.fixture';

const { start, model, reference } = await demoTownReference();
const graph = networkGraph(model);
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const PUMP_MISS_LPS = -1.5;
const leakPipe = model.links.find((l) => l.id === 'P-120')!;
const tanks = model.nodes.filter((n) => n.kind === 'tank');
const pumps = model.links.filter((l) => l.kind === 'pump').map((l) => l.id);
const flows = ['IV-09', 'IV-10', 'IV-11', 'IV-12', 'IV-13', 'PRV-SOUTH'];
const pressures = spreadJunctions(model, 16);
const instruments = [
  ...pressures.map((element) => ({ element, quantity: 'pressure' })),
  ...flows.map((element) => ({ element, quantity: 'flow' })),
  ...pumps.map((element) => ({ element, quantity: 'speed' })),
  ...tanks.map((t) => ({ element: t.id, quantity: 'level' })),
];

/** what the plant does at hour `h`, given when the console shut valves so far */
type Plant = (h: number, shutAt: readonly number[]) => { pumpOn: boolean; leakLps: number };

/**
 * Feed the detector a morning minute by minute, from the plant `plantAt` says, and act as the
 * console: once the detector confirms a leak, shut `isolations[0]`; after each check, shut
 * the next instead (the last one's valves reopen as the next one's shut), until no isolation
 * is left. Returns every event and the checks of the water.
 */
function watch(plantAt: Plant, isolations: readonly (readonly string[])[]) {
  const detector = new LeakDetector(reference, graph, instruments);
  const observations = detector.observations;
  const random = seededRandom(7);
  const noise = (sd: number) => sd * (random() + random() + random() - 1.5) * 2;
  const shutAt: number[] = [];
  const shut = (t: number) => {
    detector.setClosedLinks(isolations[shutAt.length]!);
    detector.isolated(t);
    shutAt.push(t);
  };
  const events: DetectorEvent[] = [];
  const checks = () => events.filter((e) => e.type === 'checked');
  for (let t = start; t < start + 9 * HOUR && checks().length < isolations.length; t += MINUTE) {
    const { pumpOn, leakLps } = plantAt((t - start) / HOUR, shutAt);
    const boundary = {
      time: t,
      tankLevels: Object.fromEntries(tanks.map((n) => [n.id, (n.tank!.minLevel + n.tank!.maxLevel) / 2])),
      pumpSpeeds: Object.fromEntries(pumps.map((p) => [p, p === 'PU-1' && pumpOn ? 1 : 0])),
      outflows: {},
      closedLinks: shutAt.length === 0 ? [] : isolations[shutAt.length - 1]!,
    };
    const plant = reference.solve(
      boundary,
      observations,
      leakLps > 0 ? { node: leakPipe.to, flowLps: leakLps } : undefined,
    );
    const reading = (element: string, quantity: string, value: number): LiveReading => ({
      element,
      quantity,
      value,
      quality: 'good',
      time: t,
    });
    const readings = [
      ...observations.map((o, i) =>
        reading(
          o.element,
          o.quantity,
          plant.values[i]! + (o.element === 'IV-09' && pumpOn ? PUMP_MISS_LPS : 0) + noise(0.05),
        ),
      ),
      ...pumps.map((p) => reading(p, 'speed', 100 * boundary.pumpSpeeds[p]!)),
      ...tanks.map((n) => reading(n.id, 'level', boundary.tankLevels[n.id]!)),
    ];
    for (const e of detector.onReadings(readings, t)) {
      events.push(e);
      if (e.type === 'confirmed' && shutAt.length === 0) shut(t);
      if (e.type === 'checked' && shutAt.length < isolations.length && !e.recheck) shut(t);
    }
  }
  return { events, checks: checks() as Extract<DetectorEvent, { type: 'checked' }>[] };
}

/** PU-1 runs the first half of every hour until 7 h (each configuration learns its miss over the same demands) */
const learnedBothWays = (h: number) => h < 7 && Math.floor(2 * h) % 2 === 0;

/**
 * A 4 L/s burst at P-120 at 7:15, PU-1 resting; once it is confirmed the console shuts P-120
 * and, `stops` says, the burst with it; PU-1 starts 3 minutes later, inside the check's window.
 */
const checkWithPumpStarting = (stops: boolean) =>
  watch(
    (h, shutAt) => ({
      pumpOn: learnedBothWays(h) || (shutAt.length > 0 && start + h * HOUR >= shutAt[0]! + 3 * MINUTE),
      leakLps: h >= 7.25 && !(stops && shutAt.length > 0) ? 4 : 0,
    }),
    [[leakPipe.id]],
  );

describe('leak detector: the check of an isolation', () => {
  it('reads the miss learned for the pumps running now: a pump starting while the valves are shut is not water lost', () => {
    const { events, checks } = checkWithPumpStarting(true);
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['detected', 'confirmed', 'checked']));
    const check = checks[0]!;
    // the leak stopped: what is left is noise, not the 1.5 L/s PU-1's configuration takes off
    expect(Math.abs(check.lossLps)).toBeLessThan(0.5);
    // PU-1 started inside the check: no step test (the pumps did not run the same throughout)
    expect(check.dropLps).toBeUndefined();
  });

  it('and a leak the isolation did not stop still reads as lost through the same pump start', () => {
    const check = checkWithPumpStarting(false).checks[0]!;
    expect(check.lossLps).toBeGreaterThan(3.3);
    expect(check.lossLps).toBeLessThan(4.7);
  });

  it("a later isolation's step is from the balance with no valves shut: a burst the last isolation swelled is not taken as stopped", () => {
    // the burst is outside both isolations; the first (P-126 shut) raises the pressure on it,
    // so it loses 5.5 L/s until the second (P-142 shut, P-126 open again) brings it back to 4
    const { checks } = watch(
      (h, shutAt) => ({ pumpOn: learnedBothWays(h), leakLps: h < 7.25 ? 0 : shutAt.length === 1 ? 5.5 : 4 }),
      [['P-126'], ['P-142']],
    );
    expect(checks).toHaveLength(2);
    // the first step reads the swell: the inflow rose as its valves shut
    expect(checks[0]!.dropLps).toBeLessThan(-1);
    // the second steps from before the first isolation: nothing stopped (from just before it
    // the inflow fell by 1.5 L/s, over a third of the leak)
    expect(Math.abs(checks[1]!.dropLps!)).toBeLessThan(0.5);
    // and says what it could have seen stop: the leak as estimated when the search began
    expect(checks[1]!.stepLeakLps).toBeGreaterThan(3);
    expect(checks[1]!.stepLeakLps).toBeLessThan(5);
  });
});
