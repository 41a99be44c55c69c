// A city in one console process: every agent of NJ1 (15,000 junctions, 16,000 links) plus
// 20,000 customer-meter agents, each fed one reading per simulated second, for a simulated
// minute. Reports whether one core sustains 1 Hz and how late readings are handled.
// Floors (agent-runtime issue): sustained at 1 Hz, reaction p99 < 10 ms. Prints JSON.
//   npx tsx bench/agents-scale.ts
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { configure } from '../src/agents/kinds';
import { SimulatedClock } from '../src/agents/runtime';
import { attachAgents } from '../src/main/core/agents';
import { chooseSensors } from '../src/protocols/sim/sensors';
import { HydraulicTwin } from '../src/protocols/sim/twin';

const root = resolve(import.meta.dirname, '..');
const path = resolve(root, '../shared/networks/NJ1.inp');
if (!existsSync(path)) {
  console.log(JSON.stringify({ bench: 'agents-scale', skipped: `${path} not found` }));
  process.exit(0);
}
const METERS = 20_000;
const SECONDS = 60;

const twin = await HydraulicTwin.load(readFileSync(path, 'utf8'), { name: 'NJ1', startMs: 0 });
const model = twin.model;
const frame = twin.frame();
twin.close();
const clock = new SimulatedClock(Date.UTC(2026, 0, 5));
const sensors = chooseSensors(model, { pressure: 'auto', flow: 'auto', level: 'auto', period: 1 });
const setupStart = performance.now();
const agents = attachAgents(model, sensors, clock);
const junctions = model.nodes.flatMap((n, i) => (n.kind === 'junction' ? [i] : []));
for (let m = 0; m < METERS; m++) {
  const hosted = configure('meter', { id: `M-${m}`, customer: `C-${m}`, meterType: 'residential' });
  agents.runtime.register({
    id: `M-${m}`,
    kind: 'meter',
    behaviour: hosted.behaviour,
    config: hosted.config,
  });
}
const setupMs = performance.now() - setupStart;

// every junction's pressure (so every pipe agent hears both its ends) and every meter's flow
const secondWall: number[] = [];
const lateness: number[] = [];
let events = 0;
let warmupMs = 0;
for (let s = 0; s < SECONDS; s++) {
  const t = clock.now();
  const started = performance.now();
  const batch = [];
  for (const i of junctions) {
    batch.push({
      sensor: '',
      element: model.nodes[i]!.id,
      quantity: 'pressure' as const,
      value: frame.nodes.pressure[i]! + (s % 3) * 0.01,
      quality: 'good' as const,
      time: t,
    });
  }
  for (let m = 0; m < METERS; m++) {
    batch.push({
      sensor: '',
      element: `M-${m}`,
      quantity: 'flow' as const,
      value: 0.01 + (m % 7) * 0.001,
      quality: 'good' as const,
      time: t,
    });
  }
  // Readings are handled as they arrive: publishing one runs every agent it wakes (and the
  // messages those send) before returning, so the time a publish takes is that reading's
  // reaction latency. Every 10th is timed to keep the timer's own cost out of the total.
  for (let k = 0; k < batch.length; k++) {
    if (k % 10 === 0) {
      const t0 = performance.now();
      agents.ingest([batch[k]!]);
      lateness.push(performance.now() - t0);
    } else agents.ingest([batch[k]!]);
  }
  events += batch.length;
  clock.advanceBy(1000);
  // the first simulated second warms the JIT up; it is reported on its own
  if (s === 0) warmupMs = performance.now() - started;
  else secondWall.push(performance.now() - started);
}
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const health = agents.runtime.health();
console.log(
  JSON.stringify(
    {
      bench: 'agents-scale',
      network: 'NJ1',
      agents: health.agents,
      meters: METERS,
      readingsPerSimulatedSecond: junctions.length + METERS,
      simulatedSeconds: SECONDS,
      setupMs: Math.round(setupMs),
      firstSecondMs: Math.round(warmupMs),
      wallPerSimulatedSecondMs: {
        p50: +pct(secondWall, 50).toFixed(1),
        p99: +pct(secondWall, 99).toFixed(1),
        max: +Math.max(...secondWall).toFixed(1),
      },
      sustains1Hz: pct(secondWall, 99) < 1000,
      reactionMs: {
        p50: +pct(lateness, 50).toFixed(4),
        p99: +pct(lateness, 99).toFixed(4),
        max: +lateness.reduce((a, b) => Math.max(a, b), 0).toFixed(2),
      },
      eventsPerSecondWall: Math.round(events / ((warmupMs + secondWall.reduce((a, b) => a + b, 0)) / 1000)),
      errors: health.errors,
      floors: { sustained: '1 Hz', reactionP99Ms: 10 },
    },
    null,
    2,
  ),
);
