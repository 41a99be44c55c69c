// The schematic at city scale, in headless Chromium (software rendering: --disable-gpu),
// for the demo town, L-Town and NJ1. Per network, with the console started as a user does
// (`aqueduct serve`, fresh data folder, first administrator created, login through the form):
//   - firstPaintMs: console process spawned → first complete schematic (data-schematic-ready:
//     network drawn, glyphs measured, a live frame shown)
//   - interactiveMs: spawned → first successful click-to-select on the schematic (a junction
//     near the centre, clicked where it is drawn; the details panel names it)
//   - panZoom: a scripted wheel zoom + drag pan of a few seconds
//   - liveUpdates: the same pan (20 s) while every node and link value changes once a second
//     (--speed 15 --step 15: one hydraulic step per wall second, each frame push carries
//     3 values per node and 4 per link, e.g. NJ1 ≈ 109,000 values/s)
//   - pushToPaint: twin.frame push handed to the renderer (JSON parsed) → canvas drawn and
//     glyphs rendered; pushToPaintFromSocket: from the WebSocket message event instead
//     (includes JSON.parse of the frame), recorded by a listener this bench adds to the page
// Frame figures: `work` is what a frame costs the main thread (frame start → after its
// rendering step: input, rAF callbacks, style, layout, paint), `interval` the rAF-to-rAF
// time an operator sees (16.7 ms at 60 Hz when no frame is dropped). Floors are checked on
// `work` p95. Prints JSON.
//   npm run build && npx tsx bench/schematic-scale.ts [demo|L-Town|NJ1 …]
// SCHEMATIC_MODE=svg|canvas forces the schematic's mode (default: by network size), to compare.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { startConsole, testUsers } from '../e2e/console';
import { chromiumArgs } from '../playwright.config';
import { HydraulicTwin } from '../src/protocols/sim/twin';

const root = resolve(import.meta.dirname, '..');
const shared = resolve(root, '../shared/networks');
const all = [
  {
    name: 'demo',
    inp: resolve(root, 'assets/demo-town/demo-town.inp'),
    network: 'demo',
    panZoomFloorMs: 16.7,
  },
  {
    name: 'L-Town',
    inp: resolve(shared, 'L-Town.inp'),
    network: resolve(shared, 'L-Town.inp'),
    panZoomFloorMs: 16.7,
  },
  { name: 'NJ1', inp: resolve(shared, 'NJ1.inp'), network: resolve(shared, 'NJ1.inp'), panZoomFloorMs: 33 },
];
const wanted = process.argv.slice(2);
const networks = wanted.length ? all.filter((n) => wanted.includes(n.name)) : all;
const PUSH_TO_PAINT_P99_FLOOR_MS = 100;
const NJ1_INTERACTIVE_FLOOR_MS = 5_000;
/** long enough for ~20 frame pushes (one a second), so p99 is more than the worst of a handful */
const LIVE_SECONDS = 20;
const VIEWPORT = { width: 1440, height: 900 };

const quantile = (xs: number[], q: number) => {
  if (xs.length === 0) return null;
  const sorted = [...xs].sort((a, b) => a - b);
  return round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!);
};
const round = (x: number) => Math.round(x * 10) / 10;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: chromiumArgs,
});

/** Starts recording frames in the page: rAF interval, and work up to after the frame's rendering. */
// A string, not a function: tsx would add helpers (__name) the page does not have.
const FRAME_PROBE = `(() => {
  const f = (window.__frames = { work: [], interval: [], on: true });
  const channel = new MessageChannel();
  let frameStart = 0;
  let last = 0;
  // a message posted from a rAF callback runs as the next task, after style, layout and paint
  channel.port1.onmessage = () => f.work.push(performance.now() - frameStart);
  const tick = (t) => {
    if (!f.on) return;
    if (last) f.interval.push(t - last);
    last = t;
    frameStart = t;
    channel.port2.postMessage(null);
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})()`;

type Metrics = Record<string, number>;
const cdpMetrics = new WeakMap<
  Page,
  { send: (m: 'Performance.getMetrics') => Promise<{ metrics: { name: string; value: number }[] }> }
>();

async function metrics(page: Page): Promise<Metrics> {
  let cdp = cdpMetrics.get(page);
  if (!cdp) {
    const session = await page.context().newCDPSession(page);
    await session.send('Performance.enable');
    cdp = session as never;
    cdpMetrics.set(page, cdp!);
  }
  const { metrics } = await cdp!.send('Performance.getMetrics');
  return Object.fromEntries(metrics.map((m) => [m.name, m.value]));
}

let metricsAtStart: Metrics = {};

async function startFrameProbe(page: Page) {
  metricsAtStart = await metrics(page);
  await page.evaluate(FRAME_PROBE);
}

async function stopFrameProbe(page: Page) {
  const frames = await page.evaluate(() => {
    const w = window as unknown as { __frames: { work: number[]; interval: number[]; on: boolean } };
    w.__frames.on = false;
    return w.__frames;
  });
  const dropped = frames.interval.filter((t) => t > 1.5 * (1000 / 60)).length;
  // where the main thread's time went, per frame (Chromium's own counters, seconds → ms)
  const end = await metrics(page);
  const perFrame = (name: string) =>
    round((((end[name] ?? 0) - (metricsAtStart[name] ?? 0)) * 1000) / Math.max(1, frames.interval.length));
  return {
    frames: frames.interval.length,
    workP50Ms: quantile(frames.work, 0.5),
    workP95Ms: quantile(frames.work, 0.95),
    intervalP50Ms: quantile(frames.interval, 0.5),
    intervalP95Ms: quantile(frames.interval, 0.95),
    droppedFrames: dropped,
    mainThreadPerFrameMs: {
      task: perFrame('TaskDuration'),
      script: perFrame('ScriptDuration'),
      style: perFrame('RecalcStyleDuration'),
      layout: perFrame('LayoutDuration'),
    },
  };
}

/**
 * Wheel in towards the centre, drag around, wheel out, drag back, for `seconds` (checked
 * before every step, so a slow page shortens the script instead of stretching the run).
 */
async function panZoom(page: Page, seconds = 4) {
  const cx = 620;
  const cy = 430;
  const until = Date.now() + seconds * 1000;
  const path: [number, number][] = [];
  for (let i = 1; i <= 20; i++) path.push([cx + 13 * i, cy + 6 * i]);
  for (let i = 1; i <= 25; i++) path.push([cx + 260 - 18.4 * i, cy + 120 - 8 * i]);
  for (let i = 1; i <= 15; i++) path.push([cx - 200 + 13.3 * i, cy - 80 + 5.3 * i]);
  await page.mouse.move(cx, cy);
  for (let round = 0; Date.now() < until; round++) {
    for (let i = 0; i < 6 && Date.now() < until; i++) {
      await page.mouse.wheel(0, round % 2 === 0 ? -120 : 120);
      await page.waitForTimeout(40);
    }
    await page.mouse.move(cx, cy);
    await page.mouse.down();
    for (const [x, y] of path) {
      if (Date.now() >= until) break;
      await page.mouse.move(x, y);
    }
    await page.mouse.up();
  }
}

async function pushToPaint(page: Page, from: number) {
  const latencies = await page.evaluate((n) => window.__aqueductPerf?.pushToPaint.slice(n) ?? [], from);
  return { samples: latencies.length, p50Ms: quantile(latencies, 0.5), p99Ms: quantile(latencies, 0.99) };
}

/** Every twin.frame message's arrival on any WebSocket of the page, before the app parses it. */
const SOCKET_PROBE = `(() => {
  const received = (window.__frameReceivedAt = []);
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (event) => {
        if (typeof event.data === 'string' && event.data.slice(0, 120).includes('"twin.frame"'))
          received.push(performance.now());
      });
    }
  };
})()`;

/** Socket arrival of the first frame after the previous paint → the next paint. */
async function socketToPaint(page: Page, since: number) {
  const { received, painted } = (await page.evaluate(
    `({ received: window.__frameReceivedAt ?? [], painted: window.__aqueductPerf?.paintedAt ?? [] })`,
  )) as { received: number[]; painted: number[] };
  const latencies: number[] = [];
  let r = 0;
  let previous = since;
  for (const paint of painted) {
    if (paint < since) continue;
    while (r < received.length && received[r]! <= previous) r++;
    if (r < received.length && received[r]! < paint) latencies.push(paint - received[r]!);
    previous = paint;
  }
  return { samples: latencies.length, p50Ms: quantile(latencies, 0.5), p99Ms: quantile(latencies, 0.99) };
}

/** A junction near the middle of the network's extent: on screen in the fitted view. */
async function centralJunction(inp: string) {
  const twin = await HydraulicTwin.load(readFileSync(inp, 'utf8'), { name: 'bench', startMs: 0 });
  const { nodes, links } = twin.model;
  twin.close();
  const xs = nodes.map((n) => n.x);
  const ys = nodes.map((n) => n.y);
  const mx = (Math.min(...xs) + Math.max(...xs)) / 2;
  const my = (Math.min(...ys) + Math.max(...ys)) / 2;
  let best = nodes[0]!;
  for (const n of nodes)
    if (n.kind === 'junction' && (n.x - mx) ** 2 + (n.y - my) ** 2 < (best.x - mx) ** 2 + (best.y - my) ** 2)
      best = n;
  return { id: best.id, nodes: nodes.length, links: links.length };
}

/**
 * Start the console on `net` (in `dataDir`), log in, and time the first complete schematic
 * and the first click that selects an element, from the console's start and from the page's.
 */
async function openAndSelect(net: (typeof all)[number], page: Page, dataDir: string, freshFolder: boolean) {
  const target = await centralJunction(net.inp);
  const t0 = performance.now();
  const app = await startConsole(['--network', net.network, '--speed', '15', '--step', '15'], 'cli', {
    dataDir,
    users: freshFolder,
  });
  const serverReadyMs = performance.now() - t0;
  const tNav = performance.now();
  await page.goto(
    process.env.SCHEMATIC_MODE ? `${app.url}?schematic=${process.env.SCHEMATIC_MODE}` : app.url,
  );
  await page.getByTestId('login-user').fill(testUsers.operator.user);
  await page.getByTestId('login-password').fill(testUsers.operator.password);
  await page.getByTestId('login-submit').click();
  await page.waitForSelector('[data-schematic-ready]', { timeout: 180_000, state: 'attached' });
  const firstPaintMs = performance.now() - t0;
  const firstPaintFromPageMs = performance.now() - tNav;
  const mode = await page.getAttribute('[data-schematic-ready]', 'data-schematic-ready');

  // interactive: click the junction where it is drawn until the details panel shows an element
  let clicked: string | null = null;
  for (const giveUp = Date.now() + 60_000; !clicked && Date.now() < giveUp;) {
    const at = await page.evaluate((id) => window.__aqueductPerf?.screenPoint(id) ?? null, target.id);
    if (at) {
      await page.mouse.click(at.x, at.y);
      clicked = await page
        .getByTestId('details-id')
        .textContent({ timeout: 200 })
        .catch(() => null);
    } else await page.waitForTimeout(50);
  }
  const start = {
    serverReadyMs: Math.round(serverReadyMs),
    firstPaintMs: Math.round(firstPaintMs),
    interactiveMs: Math.round(performance.now() - t0),
    // the same two, from opening the page (login by script included): what the renderer costs
    firstPaintFromPageMs: Math.round(firstPaintFromPageMs),
    interactiveFromPageMs: Math.round(performance.now() - tNav),
  };
  return { app, target, mode, clicked, start };
}

/** A console started again on the data folder of a first run: users, agent states and logger placement kept. */
async function measureRestart(net: (typeof all)[number], dataDir: string) {
  const page = await browser.newPage({ viewport: VIEWPORT });
  const { app, start } = await openAndSelect(net, page, dataDir, false);
  await page.close();
  await app.stop();
  return start;
}

async function measure(net: (typeof all)[number], dataDir: string) {
  const page = await browser.newPage({ viewport: VIEWPORT });
  await page.addInitScript(SOCKET_PROBE);
  const { app, target, mode, clicked, start } = await openAndSelect(net, page, dataDir, true);
  try {
    const { interactiveMs, interactiveFromPageMs } = start;
    await page.keyboard.press('Escape');

    // pan/zoom, clock paused so only the view changes
    await page.getByTestId('clock-toggle').click();
    await page.waitForTimeout(500);
    await startFrameProbe(page);
    await panZoom(page);
    const panZoomFrames = await stopFrameProbe(page);

    // live: resume (one step per wall second) and pan meanwhile
    await page.getByTestId('clock-toggle').click();
    await page.waitForTimeout(1500);
    const pushesBefore = await page.evaluate(() => window.__aqueductPerf?.pushToPaint.length ?? 0);
    const liveSince = (await page.evaluate('performance.now()')) as number;
    const paintsBefore = await page.evaluate(() => window.__aqueductPerf?.paints ?? 0);
    await startFrameProbe(page);
    await panZoom(page, LIVE_SECONDS);
    const liveFrames = await stopFrameProbe(page);
    const latency = await pushToPaint(page, pushesBefore);
    const fromSocket = await socketToPaint(page, liveSince);
    const paints = (await page.evaluate(() => window.__aqueductPerf?.paints ?? 0)) - paintsBefore;
    const lastDrawMs = await page.evaluate(() => window.__aqueductPerf?.lastDrawMs ?? null);
    const tagsPerPush = target.nodes * 3 + target.links * 4;

    const floors: Record<string, boolean> = {
      [`panZoomWorkP95 < ${net.panZoomFloorMs} ms`]:
        (panZoomFrames.workP95Ms ?? Infinity) < net.panZoomFloorMs,
      [`pushToPaintP99 < ${PUSH_TO_PAINT_P99_FLOOR_MS} ms (from socket)`]:
        (fromSocket.p99Ms ?? Infinity) < PUSH_TO_PAINT_P99_FLOOR_MS,
    };
    if (net.name === 'NJ1') {
      floors[`interactive < ${NJ1_INTERACTIVE_FLOOR_MS} ms (from console start)`] =
        interactiveMs < NJ1_INTERACTIVE_FLOOR_MS;
      floors[`interactive < ${NJ1_INTERACTIVE_FLOOR_MS} ms (from opening the page)`] =
        interactiveFromPageMs < NJ1_INTERACTIVE_FLOOR_MS;
    }
    return {
      network: net.name,
      nodes: target.nodes,
      links: target.links,
      schematicMode: mode,
      // a console's first start on a fresh data folder (includes the one-time logger placement study)
      ...start,
      clickedElement: clicked,
      panZoom: panZoomFrames,
      liveUpdates: { tagsPerPush, pushesPainted: paints, ...liveFrames },
      pushToPaint: latency,
      pushToPaintFromSocket: fromSocket,
      lastFullCanvasDrawMs: lastDrawMs === null ? null : round(lastDrawMs),
      floors,
    };
  } finally {
    await page.close();
    await app.stop();
  }
}

const results = [];
for (const net of networks) {
  if (!existsSync(net.inp)) {
    results.push({ network: net.name, skipped: `${net.inp} not found` });
    continue;
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'aqueduct-bench-'));
  const first = await measure(net, dataDir);
  const restart = await measureRestart(net, dataDir);
  if (net.name === 'NJ1')
    first.floors[`interactive < ${NJ1_INTERACTIVE_FLOOR_MS} ms (console restarted on its data folder)`] =
      restart.interactiveMs < NJ1_INTERACTIVE_FLOOR_MS;
  results.push({ ...first, restart });
}
await browser.close();
console.log(
  JSON.stringify(
    {
      bench: 'schematic-scale',
      browser: 'headless Chromium, --disable-gpu (canvas and compositing in software)',
      viewport: VIEWPORT,
      cpus: cpus().length,
      loadAverage1mAtEnd: round(loadavg()[0]!),
      results,
    },
    null,
    2,
  ),
);
