// The console as an operator meets it: `aqueduct serve` on the demo town, opened in Chromium.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { HydraulicTwin } from '../src/protocols/sim/twin';
import { appRoot, login, startConsole, type RunningConsole } from './console';

const artifacts = resolve(appRoot, 'e2e/artifacts');
const demoInp = resolve(appRoot, 'assets/demo-town/demo-town.inp');
const sharedNetworks = resolve(appRoot, '../shared/networks');
mkdirSync(artifacts, { recursive: true });

let consoleApp: RunningConsole;
test.beforeAll(async () => {
  consoleApp = await startConsole(['--speed', '60']);
});
test.afterAll(async () => {
  await consoleApp?.stop();
});

/** What the schematic must draw, computed independently of the UI from the .inp itself. */
async function expectedElements(inp: string) {
  const twin = await HydraulicTwin.load(inp, { name: 'expected', startMs: 0 });
  const { nodes, links } = twin.model;
  twin.close();
  // junctions, tanks and reservoirs are nodes; pumps and valves are drawn as nodes on their link
  return { nodes: nodes.length + links.filter((l) => l.kind !== 'pipe').length, model: twin.model };
}

/** Every element drawn: as React Flow nodes, or on the canvas the schematic uses for large networks. */
const completelyDrawn = (page: Page, elements: number) =>
  page.evaluate(
    (n) =>
      document.querySelectorAll('.react-flow__node').length === n ||
      document.querySelector('[data-schematic-ready]') !== null,
    elements,
  );

const simTime = async (page: Page) =>
  Date.parse((await page.getByTestId('sim-time').getAttribute('datetime')) ?? '');

test('shows the demo town schematic with every element, and values that move', async ({ page }) => {
  const { nodes } = await expectedElements(readFileSync(demoInp, 'utf8'));
  await login(page, consoleApp, consoleApp.users.operator);
  await expect(page.getByTestId('schematic')).toBeVisible();
  await expect.poll(() => completelyDrawn(page, nodes)).toBe(true);
  await expect(page.getByTestId('network-summary')).toContainText('Demo Town');
  const t0 = await simTime(page);
  await expect.poll(() => simTime(page)).toBeGreaterThan(t0 + 30_000);
  await page.screenshot({ path: join(artifacts, 'console-demo.png') });
});

test('select a pump and see its live flow', async ({ page }) => {
  await login(page, consoleApp, consoleApp.users.operator);
  const pump = page.locator('[data-testid="node-pump"][data-element-id="PU-1"]');
  await pump.click();
  const details = page.getByTestId('details');
  await expect(details).toContainText('PU-1');
  await expect(details.getByTestId('value-flow')).toHaveText(/^-?\d+(\.\d+)? L\/s$/);
  // a duty pump at the treatment works delivers water at some point of the day
  await page.getByTestId('speed-max').click();
  await expect
    .poll(async () => parseFloat((await details.getByTestId('value-flow').textContent()) ?? '0'), {
      timeout: 30_000,
    })
    .toBeGreaterThan(1);
  await page.getByTestId('speed-60').click();
  await page.screenshot({ path: join(artifacts, 'console-pump-selected.png') });
});

test('changing the clock speed changes how fast simulated time runs', async ({ page }) => {
  await login(page, consoleApp, consoleApp.users.operator);
  await page.getByTestId('speed-1').click();
  await expect(page.getByTestId('speed-1')).toHaveAttribute('aria-pressed', 'true');
  const a = await simTime(page);
  await page.waitForTimeout(2000);
  const slow = (await simTime(page)) - a;
  await page.getByTestId('speed-600').click();
  await expect(page.getByTestId('speed-600')).toHaveAttribute('aria-pressed', 'true');
  const b = await simTime(page);
  await page.waitForTimeout(2000);
  const fast = (await simTime(page)) - b;
  expect(slow).toBeLessThan(10_000); // about 2 s of simulated time at 1×
  expect(fast).toBeGreaterThan(600_000); // about 20 min at 600×
  await page.getByTestId('clock-toggle').click(); // pause
  await expect(page.getByTestId('clock-toggle')).toHaveText('Resume');
  await page.waitForTimeout(300); // let pushes already in flight land
  const paused = await simTime(page);
  await page.waitForTimeout(1000);
  expect(await simTime(page)).toBe(paused);
  await page.getByTestId('clock-toggle').click();
  await expect(page.getByTestId('clock-toggle')).toHaveText('Pause');
  await page.getByTestId('speed-60').click();
});

test('a malformed .inp is refused with the line, and the running network stays', async ({ page }) => {
  await login(page, consoleApp, consoleApp.users.admin);
  await expect(page.getByTestId('network-summary')).toContainText('Demo Town');
  await page
    .getByTestId('open-network')
    .locator('..')
    .locator('input[type=file]')
    .setInputFiles({
      name: 'broken.inp',
      mimeType: 'text/plain',
      buffer: Buffer.from('[JUNCTIONS]\n J1 12 0\n J2 abc 0\n[END]\n'),
    });
  await expect(page.getByRole('alert')).toContainText('line 3');
  await expect(page.getByTestId('network-summary')).toContainText('Demo Town');
});

test('opens another network from a file', async ({ page }) => {
  test.skip(!existsSync(sharedNetworks), 'needs ../shared/networks (present in CI)');
  const inp = readFileSync(join(sharedNetworks, 'L-Town.inp'), 'utf8');
  const { nodes } = await expectedElements(inp);
  await login(page, consoleApp, consoleApp.users.admin);
  await page
    .getByTestId('open-network')
    .locator('..')
    .locator('input[type=file]')
    .setInputFiles({
      name: 'L-Town.inp',
      mimeType: 'text/plain',
      buffer: Buffer.from(inp),
    });
  await expect(page.getByTestId('network-summary')).toContainText('L-Town');
  // Every element as a React Flow node, or (a large network, drawn on a canvas) the
  // schematic saying it is completely drawn.
  await expect.poll(() => completelyDrawn(page, nodes), { timeout: 30_000 }).toBe(true);
  await page.screenshot({ path: join(artifacts, 'console-l-town.png') });
});
