// The schematic at city scale: pipes and junctions are drawn on the canvas layer, with React
// Flow glyphs only for what an operator acts on or must notice. The demo town, then L-Town
// (785 nodes, 909 links): search, canvas hit-testing and abnormal elements as glyphs, in
// Chromium against the real console.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { HydraulicTwin } from '../src/protocols/sim/twin';
import type { NetworkModel } from '../src/shared/network';
import { appRoot, login, startConsole, type RunningConsole } from './console';
import { coreRequest } from './core-request';

const artifacts = resolve(appRoot, 'e2e/artifacts');
const lTown = resolve(appRoot, '../shared/networks/L-Town.inp');
const demoInp = resolve(appRoot, 'assets/demo-town/demo-town.inp');
mkdirSync(artifacts, { recursive: true });

let consoleApp: RunningConsole;
let model: NetworkModel;

async function loadModel(inp: string): Promise<NetworkModel> {
  const twin = await HydraulicTwin.load(readFileSync(inp, 'utf8'), { name: 'expected', startMs: 0 });
  twin.close();
  return twin.model;
}

/** Pumps, valves, tanks, reservoirs and hydrants: the glyphs a calm network shows. */
const devicesAndStorage = (m: NetworkModel) =>
  m.nodes.filter((n) => n.kind !== 'junction' || n.hydrant).length +
  m.links.filter((l) => l.kind !== 'pipe').length;

/** Where the schematic draws an element now, in page px (the renderer's diagnostics hook). */
const screenPoint = (page: Page, id: string) =>
  page.evaluate((elementId) => window.__aqueductPerf?.screenPoint(elementId) ?? null, id);

async function schematicCentre(page: Page) {
  // the schematic's area (the canvas itself may be moved by a CSS transform while the view pans)
  const box = (await page.getByTestId('schematic').boundingBox())!;
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

test.describe('demo town', () => {
  test.beforeAll(async () => {
    model = await loadModel(demoInp);
    consoleApp = await startConsole(['--speed', '60']);
  });
  test.afterAll(async () => {
    await consoleApp?.stop();
  });

  test('draws the demo town on the canvas, with DMA outlines, devices and storage as glyphs', async ({
    page,
  }) => {
    await login(page, consoleApp, consoleApp.users.operator);
    await expect(page.getByTestId('schematic')).toHaveAttribute('data-schematic-ready', 'canvas');
    // the calm start: exactly the devices, storage and hydrants (nothing abnormal yet);
    // hydrants are named by the network's sidecar, which the bare .inp model lacks
    const sidecar = JSON.parse(readFileSync(demoInp.replace(/\.inp$/, '.zones.json'), 'utf8'));
    await expect(page.locator('.react-flow__node')).toHaveCount(
      devicesAndStorage(model) + (sidecar.hydrants as string[]).length,
    );
    await expect(page.locator('[data-testid="node-pump"][data-element-id="PU-1"]')).toBeVisible();
    await page.screenshot({ path: join(artifacts, 'schematic-demo.png') });
    // a junction drawn only on the canvas is still selectable where it is drawn
    const at = await screenPoint(page, 'J-0706');
    await page.mouse.click(at!.x, at!.y);
    await expect(page.getByTestId('details-id')).toHaveText('J-0706');
  });
});

test.describe('L-Town', () => {
  test.skip(!existsSync(lTown), 'needs ../shared/networks (present in CI)');
  test.beforeAll(async () => {
    model = await loadModel(lTown);
    consoleApp = await startConsole(['--network', lTown, '--speed', '60']);
  });
  test.afterAll(async () => {
    await consoleApp?.stop();
  });

  test('draws L-Town on the canvas layer, with glyphs only for devices, storage and the abnormal', async ({
    page,
  }) => {
    await login(page, consoleApp, consoleApp.users.operator);
    await expect(page.getByTestId('schematic')).toHaveAttribute('data-schematic-ready', 'canvas', {
      timeout: 30_000,
    });
    await expect(page.getByTestId('scene-canvas')).toHaveAttribute('data-mode', 'canvas');
    const glyphs = await page.locator('.react-flow__node').count();
    expect(glyphs).toBeGreaterThanOrEqual(devicesAndStorage(model));
    expect(glyphs).toBeLessThan(model.nodes.length / 4);
    await expect(page.locator('[data-testid="node-pump"][data-element-id="PUMP_1"]')).toBeVisible();
    // calm by default: pipes gray, status mode pressed, no legend of colours
    await expect(page.getByTestId('colour-status')).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByTestId('minimap')).toBeVisible();
    await page.screenshot({ path: join(artifacts, 'schematic-l-town.png') });
    // an engineer's analysis mode: pipes by pressure, with the legend of its bins
    await page.getByTestId('colour-pressure').click();
    await expect(page.getByTestId('colour-legend')).toContainText('≥ 70 m');
    await page.screenshot({ path: join(artifacts, 'schematic-l-town-pressure.png') });
    await page.getByTestId('colour-status').click();
    await expect(page.getByTestId('colour-legend')).not.toContainText('m');
  });

  test('search finds an element by id, zooms to it and selects it; a pipe on the canvas is clickable', async ({
    page,
  }) => {
    await login(page, consoleApp, consoleApp.users.operator);
    await expect(page.getByTestId('schematic')).toHaveAttribute('data-schematic-ready', 'canvas', {
      timeout: 30_000,
    });
    const apart = async () => {
      const [a, b] = [await screenPoint(page, 'n105'), await screenPoint(page, 'n113')];
      return Math.hypot(a!.x - b!.x, a!.y - b!.y);
    };
    const apartBefore = await apart();

    await page.keyboard.press('/');
    await expect(page.getByTestId('element-search')).toBeFocused();
    await page.keyboard.type('n105');
    await expect(page.getByTestId('element-search-results')).toContainText('n105');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('details-id')).toHaveText('n105');
    // brought to the middle of the schematic, and closer
    const centre = await schematicCentre(page);
    await expect
      .poll(async () => {
        const at = await screenPoint(page, 'n105');
        return at ? Math.hypot(at.x - centre.x, at.y - centre.y) : Infinity;
      })
      .toBeLessThan(5);
    expect(await apart()).toBeGreaterThan(2 * apartBefore);
    const p104 = await screenPoint(page, 'p104');
    await page.screenshot({ path: join(artifacts, 'schematic-search.png') });

    // p104 joins n105 to n113: click the middle of the line the canvas drew
    await page.mouse.move(p104!.x, p104!.y);
    await expect(page.getByTestId('tooltip')).toContainText('p104');
    await page.mouse.click(p104!.x, p104!.y);
    await expect(page.getByTestId('details-id')).toHaveText('p104');
    // Ctrl+F reaches the search box too
    await page.mouse.move(centre.x, centre.y + 200);
    await page.keyboard.press('Control+f');
    await expect(page.getByTestId('element-search')).toBeFocused();
    await page.keyboard.press('Escape');
    await page.screenshot({ path: join(artifacts, 'schematic-pipe-selected.png') });
  });

  test('an abnormal junction is drawn as a glyph with its state in words', async ({ page }) => {
    const operator = consoleApp.users.operator;
    await login(page, consoleApp, operator);
    await expect(page.getByTestId('schematic')).toHaveAttribute('data-schematic-ready', 'canvas', {
      timeout: 30_000,
    });
    const supply = ['PRV-1', 'PRV-2', 'PRV-3', 'PUMP_1'];
    // cut the town off its sources (a training action): pressures fall, gauges go abnormal
    for (const link of supply) await coreRequest(page, operator, 'twin.actuate', { link, action: 'close' });
    try {
      await page.getByTestId('speed-max').click();
      const abnormalJunction = page
        .locator(
          '[data-testid="node-junction"][data-agent-state], [data-testid="node-junction"][data-instrument-state]',
        )
        .first();
      await expect(abnormalJunction).toBeAttached({ timeout: 45_000 });
      await page.getByTestId('speed-60').click();
      await expect(abnormalJunction.getByTestId('agent-state-label')).toHaveText(/[A-Z]/);
      const id = (await abnormalJunction.getAttribute('data-element-id'))!;
      await abnormalJunction.click();
      await expect(page.getByTestId('details-id')).toHaveText(id);
      await page.screenshot({ path: join(artifacts, 'schematic-abnormal.png') });
    } finally {
      for (const link of supply) await coreRequest(page, operator, 'twin.actuate', { link, action: 'open' });
    }
  });
});
