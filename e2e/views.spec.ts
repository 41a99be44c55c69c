// The display hierarchy and the operator's ergonomics (issue #6): every display (L1 overview,
// L2 zone, L3 faceplate, L4 diagnostics, trends, training) renders, is axe-clean and fits a
// 1366×768 laptop and a 3840×2160 wall screen; the light theme is remembered; the keyboard
// shortcuts open the displays; a faceplate command round trip from the L2 zone display; the
// alarm tone sounds on a new high-priority alarm and is silenced and muted.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { appRoot, login, startConsole, testUsers, type RunningConsole } from './console';
import { coreRequest } from './core-request';

const artifacts = resolve(appRoot, 'e2e/artifacts');
mkdirSync(artifacts, { recursive: true });
const { admin, operator } = testUsers;

let consoleApp: RunningConsole;
test.beforeAll(async () => {
  consoleApp = await startConsole(['--speed', '600']);
});
test.afterAll(async () => {
  await consoleApp?.stop();
});

test.describe.configure({ mode: 'serial' });

const DISPLAYS = [
  { button: 'open-overview', view: 'overview-view', name: 'overview', ready: 'kpi-zone-row' },
  { button: 'open-zone', view: 'zone-view', name: 'zone', ready: 'zone-element-row' },
  { button: 'open-diagnostics', view: 'diagnostics-view', name: 'diagnostics', ready: 'kpi-diag-total' },
  { button: 'open-trends', view: 'trends-view', name: 'trends', ready: 'trend-series' },
  { button: 'open-training', view: 'training-view', name: 'training', ready: 'training-inject' },
] as const;

async function expectAccessible(page: Page, include: string) {
  const { violations } = await new AxeBuilder({ page }).include(include).analyze();
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(
    bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`),
    include,
  ).toEqual([]);
}

/** Nothing wider than the window, and no two top-bar controls on top of each other. */
async function expectFits(page: Page) {
  const layout = await page.evaluate(() => {
    const boxes = [...document.querySelectorAll('.top-bar button, .top-bar .sim-clock')].map((el) => {
      const r = el.getBoundingClientRect();
      return { x: r.left, y: r.top, w: r.width, h: r.height, name: el.textContent?.trim() ?? '' };
    });
    const overlaps: string[] = [];
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i]!;
        const b = boxes[j]!;
        const ox = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
        const oy = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
        if (ox > 1.5 && oy > 1.5) overlaps.push(`${a.name} × ${b.name}`);
      }
    const cut = boxes.filter((b) => b.x < 0 || b.x + b.w > window.innerWidth + 0.5).map((b) => b.name);
    return {
      overlaps,
      cut,
      scrollWidth: document.documentElement.scrollWidth,
      scrollHeight: document.documentElement.scrollHeight,
      width: window.innerWidth,
      height: window.innerHeight,
    };
  });
  expect(layout.overlaps).toEqual([]);
  expect(layout.cut).toEqual([]);
  expect(layout.scrollWidth).toBeLessThanOrEqual(layout.width);
  expect(layout.scrollHeight).toBeLessThanOrEqual(layout.height);
}

async function openDisplay(page: Page, d: (typeof DISPLAYS)[number]) {
  await page.getByTestId(d.button).click();
  const view = page.getByTestId(d.view);
  await expect(view).toBeVisible();
  await expect(view.getByTestId(d.ready).first()).toBeVisible({ timeout: 30_000 });
  return view;
}

/** Select an element through the schematic's search (it zooms to it wherever the view is). */
async function selectPump(page: Page, id: string) {
  await page.getByTestId('element-search').fill(id);
  await page.getByTestId('element-search').press('Enter');
  await expect(page.getByTestId('details-id')).toHaveText(id);
}

for (const size of [
  { width: 1366, height: 768, tag: '1366' },
  { width: 3840, height: 2160, tag: '4k' },
]) {
  test(`every display renders, is axe-clean and fits at ${size.width}×${size.height}`, async ({ page }) => {
    test.setTimeout(150_000);
    await page.setViewportSize({ width: size.width, height: size.height });
    await login(page, consoleApp, admin);
    for (const d of DISPLAYS) {
      await openDisplay(page, d);
      await expectFits(page);
      await expectAccessible(page, `[data-testid="${d.view}"]`);
      await page.screenshot({ path: join(artifacts, `views-${d.name}-${size.tag}.png`) });
    }
    // L3: the faceplate of a pump, with its small trend and maintenance facts, beside the trends
    await selectPump(page, 'PU-1');
    const details = page.getByTestId('details');
    await expect(details.getByTestId('faceplate-trend')).toBeVisible();
    await expect
      .poll(async () => Number(await details.getByTestId('faceplate-chart').getAttribute('data-points')))
      .toBeGreaterThan(3);
    await expect(details.getByTestId('faceplate-maintenance')).toContainText('centrifugal');
    await expect(details.getByTestId('command-section')).toBeVisible();
    await expectFits(page);
    await expectAccessible(page, '[data-testid="details"]');
    await expectAccessible(page, '.top-bar');
    await page.screenshot({ path: join(artifacts, `views-faceplate-${size.tag}.png`) });
  });
}

test('the light theme is remembered, axe-clean, and the shortcuts open the displays', async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1366, height: 768 });
  await login(page, consoleApp, admin);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.keyboard.press('Alt+L');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await page.reload();
  await expect(page.getByTestId('schematic')).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await expect(page.getByTestId('theme-toggle')).toHaveAttribute('aria-pressed', 'true');

  // Alt+1 … Alt+6: the displays; Alt+0 closes
  for (const [key, view] of [
    ['Alt+1', 'overview-view'],
    ['Alt+2', 'zone-view'],
    ['Alt+4', 'diagnostics-view'],
    ['Alt+5', 'trends-view'],
    ['Alt+6', 'training-view'],
  ] as const) {
    await page.keyboard.press(key);
    await expect(page.getByTestId(view)).toBeVisible();
    await expectAccessible(page, `[data-testid="${view}"]`);
    if (view === 'overview-view' || view === 'trends-view') {
      const ready = view === 'overview-view' ? 'kpi-zone-row' : 'trend-series';
      await expect(page.getByTestId(ready).first()).toBeVisible({ timeout: 30_000 });
      await page.screenshot({ path: join(artifacts, `views-light-${view.replace('-view', '')}.png`) });
    }
  }
  await page.keyboard.press('Alt+0');
  await expect(page.locator('.dock')).toHaveCount(0);
  // Alt+3: the faceplate of the selection takes the focus
  await selectPump(page, 'PU-2');
  await page.keyboard.press('Alt+3');
  await expect(page.getByTestId('details')).toBeFocused();
  await expectAccessible(page, '[data-testid="details"]');
  await page.screenshot({ path: join(artifacts, 'views-light-faceplate.png') });
  // ? lists the shortcuts
  await page.locator('body').press('?');
  const help = page.getByTestId('shortcuts-dialog');
  await expect(help).toContainText('Alt+A');
  await expectAccessible(page, '[data-testid="shortcuts-dialog"]');
  await page.screenshot({ path: join(artifacts, 'views-shortcuts.png') });
  await page.keyboard.press('Escape');
  await expect(help).toHaveCount(0);
  // back to dark for the next tests
  await page.getByTestId('theme-toggle').click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
});

test('an operator commands a pump from its faceplate, opened from the L2 zone display', async ({ page }) => {
  test.setTimeout(120_000);
  await login(page, consoleApp, operator);
  await page.getByTestId('open-zone').click();
  const zone = page.getByTestId('zone-view');
  // PU-1's zone
  const pumpZone = (await coreRequest(page, operator, 'agents.list', {})).agents.find(
    (a) => a.id === 'PU-1',
  )!.zone!;
  await zone.getByTestId(`zone-tab-${pumpZone}`).click();
  await expect(zone.getByTestId(`zone-tab-${pumpZone}`)).toHaveAttribute('aria-pressed', 'true');
  const row = zone.locator('[data-testid="zone-element-row"][data-element="PU-1"]');
  await row.getByTestId('zone-faceplate').click();
  await expect(page.getByTestId('details-id')).toHaveText('PU-1');

  const network = await coreRequest(page, operator, 'network.get', {});
  const frame = await coreRequest(page, operator, 'twin.frame', {});
  const index = network.links.findIndex((l) => l.id === 'PU-1');
  const running = frame.links.status[index] === 1 && frame.links.setting[index]! > 0;
  const [action, readback] = running ? ['stop', 'stopped'] : ['start', 'running'];

  const section = page.getByTestId('command-section');
  await section.getByTestId(`command-${action}`).click();
  const dialog = page.getByTestId('command-dialog');
  await expect(dialog.getByTestId('command-state')).toHaveAttribute('data-state', 'selected');
  await dialog.getByTestId('command-confirm').click();
  await expect(dialog.getByTestId('command-state')).toHaveAttribute('data-state', 'succeeded', {
    timeout: 30_000,
  });
  await expect(dialog.getByTestId('command-readback')).toContainText(readback);
  await page.screenshot({ path: join(artifacts, 'views-faceplate-command.png') });
  await dialog.getByTestId('command-close').click();
  // give the pump back to its station's automatic control
  await section.getByTestId('command-mode-set_mode').click();
  await dialog.getByTestId('command-value').selectOption('auto');
  await dialog.getByTestId('command-select').click();
  await dialog.getByTestId('command-confirm').click();
  await expect(dialog.getByTestId('command-state')).toHaveAttribute('data-state', 'succeeded', {
    timeout: 30_000,
  });
  await dialog.getByTestId('command-close').click();
});

test('a new priority 1 or 2 alarm sounds; Alt+S silences it and the mute is remembered', async ({ page }) => {
  test.setTimeout(150_000);
  await login(page, consoleApp, operator);
  const sound = page.getByTestId('sound-toggle');
  await expect(sound).toHaveAttribute('aria-pressed', 'false');
  const before = Number(await sound.getAttribute('data-tones'));
  // DMA North's two inlets closed: the zone loses its supply, high-priority alarms follow
  const inlets = ['IV-12', 'IV-13'];
  for (const link of inlets) await coreRequest(page, operator, 'twin.actuate', { link, action: 'close' });
  try {
    await expect
      .poll(async () => Number(await sound.getAttribute('data-tones')), { timeout: 90_000 })
      .toBeGreaterThan(before);
    await expect.poll(async () => Number(await sound.getAttribute('data-sounding'))).toBeGreaterThan(0);
    await expect(sound).toContainText('Sounding');
    await page.screenshot({ path: join(artifacts, 'views-alarm-sounding.png') });
    await page.keyboard.press('Alt+S');
    await expect(sound).toHaveAttribute('data-sounding', '0');
    // Alt+A acknowledges the banner's alarm
    const banner = page.getByTestId('alarm-banner');
    const bannerAlarm = (await banner.getAttribute('data-alarm-id'))!;
    await page.keyboard.press('Alt+A');
    await expect
      .poll(async () => {
        const summary = await coreRequest(page, operator, 'alarms.summary', {});
        return [...summary.alarms, ...summary.hidden].find((a) => a.id === bannerAlarm)?.acked ?? true;
      })
      .toBe(true);
    // mute, remembered across a reload
    await sound.click();
    await expect(sound).toHaveAttribute('aria-pressed', 'true');
    await page.reload();
    await expect(page.getByTestId('sound-toggle')).toHaveAttribute('aria-pressed', 'true');
    await page.getByTestId('sound-toggle').click();
    await expect(page.getByTestId('sound-toggle')).toHaveAttribute('aria-pressed', 'false');
  } finally {
    for (const link of inlets) await coreRequest(page, operator, 'twin.actuate', { link, action: 'open' });
  }
});
