// Trends from the historian: after a simulated hour and more (the console runs flat out, then
// back to 60×), the trend shows that history for several tags, as raw samples over an hour and
// as rollups over a day; it pans, zooms (buttons and a drag across the plot) and goes live
// again; the shown range exports as the historian's raw CSV and the chart as a PNG.
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { appRoot, login, startConsole, testUsers, type RunningConsole } from './console';
import { coreRequest } from './core-request';

const artifacts = resolve(appRoot, 'e2e/artifacts');
mkdirSync(artifacts, { recursive: true });
const { operator } = testUsers;
const HOUR = 3_600_000;

let consoleApp: RunningConsole;
test.beforeAll(async () => {
  consoleApp = await startConsole(['--speed', 'max']);
});
test.afterAll(async () => {
  await consoleApp?.stop();
});

const windowSpan = async (page: Page) => {
  const text = (await page.getByTestId('trend-window').textContent()) ?? '';
  const [from, to] = text.split(' – ').map((s) => Date.parse(s.trim().replace(' ', 'T')));
  return to! - from!;
};

test('the trend shows history after a simulated hour, pans, zooms and exports CSV and PNG', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await login(page, consoleApp, operator);
  // more than a simulated day of history (a few seconds flat out), then back to a pace an
  // operator watches
  const start = (await coreRequest(page, operator, 'clock.get', {})).now;
  await expect
    .poll(async () => (await coreRequest(page, operator, 'clock.get', {})).now - start, { timeout: 90_000 })
    .toBeGreaterThan(27 * HOUR);
  await page.getByTestId('speed-60').click();
  await expect(page.getByTestId('speed-60')).toHaveAttribute('aria-pressed', 'true');

  await page.getByTestId('open-trends').click();
  const view = page.getByTestId('trends-view');
  await expect(view).toBeVisible();
  // the defaults (a tank level, a pump flow) plus a pressure
  const pressure = view.locator('[data-testid="trend-tag"][data-tag$=".pressure"]').first();
  const pressureTag = (await pressure.getAttribute('data-tag'))!;
  await view.getByTestId('trend-tag-filter').fill('.pressure');
  await pressure.check();
  await view.getByTestId('trend-tag-filter').fill('');
  const series = view.getByTestId('trend-series');
  await expect(series).toHaveCount(3);
  await expect(view.locator(`[data-testid="trend-series"][data-tag="${pressureTag}"]`)).toBeVisible();
  // an hour of raw samples, one a minute or more, for every tag
  for (const s of await series.all()) {
    await expect(s).toHaveAttribute('data-tier', 'raw');
    expect(Number(await s.getAttribute('data-points'))).toBeGreaterThan(30);
  }
  await expect(view.locator('.recharts-line path.recharts-curve')).toHaveCount(3);
  await page.screenshot({ path: join(artifacts, 'trends-hour.png') });
  const { violations } = await new AxeBuilder({ page }).include('[data-testid="trends-view"]').analyze();
  expect(
    violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id),
  ).toEqual([]);

  // a week: more samples than the chart takes, so the historian answers with rollups
  await view.getByTestId('trend-range-7d').click();
  await expect(series.first()).toHaveAttribute('data-tier', /^(1m|1h)$/);
  await page.screenshot({ path: join(artifacts, 'trends-week.png') });

  // back to an hour; pan back half an hour: no longer live
  await view.getByTestId('trend-range-1h').click();
  await expect(series.first()).toHaveAttribute('data-tier', 'raw');
  await view.getByTestId('trend-pan-back').click();
  await expect(view.getByTestId('trend-live')).toHaveAttribute('aria-pressed', 'false');
  expect(await windowSpan(page)).toBe(HOUR);
  // zoom in: half the span
  await view.getByTestId('trend-zoom-in').click();
  await expect.poll(() => windowSpan(page)).toBe(HOUR / 2);
  // a drag across the plot zooms into that stretch
  const plot = view.locator('.recharts-cartesian-grid');
  const box = (await plot.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height / 2, { steps: 8 });
  await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2, { steps: 4 });
  await page.mouse.up();
  await expect.poll(() => windowSpan(page)).toBeLessThan(HOUR / 2);
  await page.screenshot({ path: join(artifacts, 'trends-zoomed.png') });
  // live again
  await view.getByTestId('trend-live').click();
  await expect(view.getByTestId('trend-live')).toHaveAttribute('aria-pressed', 'true');

  // export: the raw CSV of the shown range, and the chart as PNG
  const [csv] = await Promise.all([
    page.waitForEvent('download'),
    view.getByTestId('trend-export-csv').click(),
  ]);
  expect(csv.suggestedFilename()).toMatch(/^aqueduct-trend-.*\.csv$/);
  const text = readFileSync((await csv.path())!, 'utf8');
  expect(text.split('\n')[0]).toBe('time,tag,value,unit,quality');
  expect(text).toContain(pressureTag);
  expect(text.trim().split('\n').length).toBeGreaterThan(10);
  const [png] = await Promise.all([
    page.waitForEvent('download'),
    view.getByTestId('trend-export-png').click(),
  ]);
  expect(png.suggestedFilename()).toMatch(/^aqueduct-trend-.*\.png$/);
  const image = readFileSync((await png.path())!);
  expect(image.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(image.length).toBeGreaterThan(5_000);
  await png.saveAs(join(artifacts, 'trends-export.png'));
});
