// Digital-twin step time: how long one hydraulic step (plus reading the frame the console
// pushes) takes on networks from small town to city size. Prints JSON.
//   npx tsx bench/twin-step.ts
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { HydraulicTwin } from '../src/protocols/sim/twin';

const root = resolve(import.meta.dirname, '..');
const networks: [string, string, number][] = [
  ['demo-town', resolve(root, 'assets/demo-town/demo-town.inp'), 2000],
  ['L-Town', resolve(root, '../shared/networks/L-Town.inp'), 1000],
  ['NJ1', resolve(root, '../shared/networks/NJ1.inp'), 100],
];
const STEP_S = 15;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const results = [];
for (const [name, path, steps] of networks) {
  if (!existsSync(path)) {
    results.push({ network: name, skipped: `${path} not found` });
    continue;
  }
  const inp = readFileSync(path, 'utf8');
  const loadStart = performance.now();
  const twin = await HydraulicTwin.load(inp, { name, startMs: 0, hydraulicStep: STEP_S });
  const loadMs = performance.now() - loadStart;
  for (let i = 0; i < 5; i++) twin.step();
  const stepMs: number[] = [];
  const frameMs: number[] = [];
  for (let i = 0; i < steps; i++) {
    const a = performance.now();
    twin.step();
    const b = performance.now();
    twin.frame();
    frameMs.push(performance.now() - b);
    stepMs.push(b - a);
  }
  stepMs.sort((x, y) => x - y);
  frameMs.sort((x, y) => x - y);
  const mean = stepMs.reduce((s, x) => s + x, 0) / stepMs.length;
  results.push({
    network: name,
    nodes: twin.model.nodes.length,
    links: twin.model.links.length,
    hydraulicStepS: STEP_S,
    steps,
    loadMs: +loadMs.toFixed(1),
    stepMs: {
      mean: +mean.toFixed(3),
      p50: +percentile(stepMs, 50).toFixed(3),
      p95: +percentile(stepMs, 95).toFixed(3),
      max: +stepMs.at(-1)!.toFixed(3),
    },
    frameMs: { p50: +percentile(frameMs, 50).toFixed(3), p95: +percentile(frameMs, 95).toFixed(3) },
    // how many times faster than real time the twin alone could run at this step
    maxSpeedup: Math.round((STEP_S * 1000) / mean),
  });
  twin.close();
}
console.log(JSON.stringify({ bench: 'twin-step', node: process.version, results }, null, 2));
