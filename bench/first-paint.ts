// Time from starting the console in web mode to the first complete schematic in Chromium,
// for the demo town and L-Town. The browser is already open (as an operator's is); the
// clock starts when the console's process is spawned and stops when every network element
// is on screen. The console shows nothing before a session, so the measured path includes
// logging in through the login form (an operator account made beforehand, unmeasured, in a
// data folder the runs share). Two ways to start: the built `aqueduct serve` (median of 3),
// and `npm start` as typed on a checkout, which builds first (1 run). Prints JSON.
//   npx tsx bench/first-paint.ts
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from '@playwright/test';
import { fillLogin, startConsole, testUsers } from '../e2e/console';
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

/** A data folder with the test accounts in it, so the measured starts find users and a login form. */
async function dataFolderWithUsers(): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'aqueduct-bench-'));
  const app = await startConsole([], 'cli', { dataDir });
  await app.stop();
  return dataDir;
}

async function measure(args: string[], elements: number, via: 'cli' | 'npm start', dataDir: string) {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const t0 = performance.now();
  const app = await startConsole(args, via, { dataDir, users: false });
  const ready = performance.now() - t0;
  await page.goto(app.url);
  await fillLogin(page, testUsers.operator);
  // every element as a React Flow node, or (a large network drawn on a canvas) the schematic's own signal
  await page.waitForFunction(
    (n) =>
      document.querySelectorAll('.react-flow__node').length === n ||
      document.querySelector('[data-schematic-ready]') !== null,
    elements,
    {
      timeout: 120_000,
      polling: 'raf',
    },
  );
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));
  const painted = performance.now() - t0;
  await page.close();
  await app.stop();
  return { ready, painted };
}

const dataDir = await dataFolderWithUsers();
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
  for (let run = 0; run < RUNS; run++) runs.push(await measure(args, elements, 'cli', dataDir));
  const viaNpmStart = await measure(args, elements, 'npm start', dataDir);
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
console.log(
  JSON.stringify(
    {
      bench: 'first-paint',
      mode: 'web',
      includes:
        'spawn → server ready → page load → login through the login form (operator) → every element drawn',
      results,
    },
    null,
    2,
  ),
);
