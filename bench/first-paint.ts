// Time from starting the console in web mode to the first complete schematic in Chromium,
// for the demo town and L-Town. The browser is already open (as an operator's is); the
// clock starts when the console's process is spawned and stops when every network element
// is on screen. Two ways to start: the built `aqueduct serve` (median of 3), and `npm start`
// as typed on a checkout, which builds first (1 run). Prints JSON.
//   npx tsx bench/first-paint.ts
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium } from '@playwright/test';
import { startConsole } from '../e2e/console';
import { chromiumArgs } from '../playwright.config';
import { HydraulicTwin } from '../src/protocols/sim/twin';

const root = resolve(import.meta.dirname, '..');
const RUNS = 3;
const networks: [string, string][] = [
  ['demo-town', resolve(root, 'assets/demo-town/demo-town.inp')],
  ['L-Town', resolve(root, '../shared/networks/L-Town.inp')],
];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: chromiumArgs,
});

async function measure(args: string[], elements: number, via: 'cli' | 'npm start') {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const t0 = performance.now();
  const app = await startConsole(args, via);
  const ready = performance.now() - t0;
  await page.goto(app.url);
  await page.waitForFunction((n) => document.querySelectorAll('.react-flow__node').length === n, elements, {
    timeout: 120_000,
    polling: 'raf',
  });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));
  const painted = performance.now() - t0;
  await page.close();
  await app.stop();
  return { ready, painted };
}

const results = [];
for (const [name, path] of networks) {
  if (!existsSync(path)) {
    results.push({ network: name, skipped: `${path} not found` });
    continue;
  }
  const twin = await HydraulicTwin.load(readFileSync(path, 'utf8'), { name, startMs: 0 });
  const elements = twin.model.nodes.length + twin.model.links.filter((l) => l.kind !== 'pipe').length;
  twin.close();
  const args = name === 'demo-town' ? [] : ['--network', path];
  const runs = [];
  for (let run = 0; run < RUNS; run++) runs.push(await measure(args, elements, 'cli'));
  const viaNpmStart = await measure(args, elements, 'npm start');
  results.push({
    network: name,
    elementsDrawn: elements,
    runs: RUNS,
    serverReadyMs: Math.round(median(runs.map((r) => r.ready))),
    firstSchematicPaintMs: Math.round(median(runs.map((r) => r.painted))),
    allRunsMs: runs.map((r) => Math.round(r.painted)),
    npmStartToFirstPaintMs: Math.round(viaNpmStart.painted),
  });
}
await browser.close();
console.log(JSON.stringify({ bench: 'first-paint', mode: 'web', results }, null, 2));
