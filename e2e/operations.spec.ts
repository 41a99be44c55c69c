// The core services as the control room meets them: an alarm raised by the plant going wrong
// (a zone cut off from its supply)
// is shown in the banner and the summary, acknowledged (it stops blinking) and shelved with a
// reason (it moves to the hidden list); a viewer has no command controls and the core refuses
// the viewer's raw command, which the administrator then finds in the audit trail; an operator
// stops pump PU-1 through select → confirm → result, with the readback.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { appRoot, login, startConsole, testUsers, type RunningConsole } from './console';
import { coreRequest, rawCoreRequest } from './core-request';

const artifacts = resolve(appRoot, 'e2e/artifacts');
mkdirSync(artifacts, { recursive: true });
const { admin, operator, viewer } = testUsers;

let consoleApp: RunningConsole;
test.beforeAll(async () => {
  consoleApp = await startConsole(['--speed', '60']);
});
test.afterAll(async () => {
  await consoleApp?.stop();
});

test.describe.configure({ mode: 'serial' });

async function expectAccessible(page: Page, include: string) {
  const { violations } = await new AxeBuilder({ page }).include(include).analyze();
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual(
    [],
  );
}

/** Whether a priority shape blinks: its opacity changes over a second and a half. */
async function blinks(shape: Locator): Promise<boolean> {
  const seen = new Set<string>();
  for (let i = 0; i < 7; i++) {
    seen.add(await shape.evaluate((el) => getComputedStyle(el).opacity));
    await shape.page().waitForTimeout(250);
  }
  return seen.size > 1;
}

async function pauseClock(page: Page) {
  const toggle = page.getByTestId('clock-toggle');
  if ((await toggle.textContent())?.includes('Pause')) await toggle.click();
  await expect(toggle).toHaveText('Resume');
  await page.waitForTimeout(300); // let pushes already in flight land
}

async function runClock(page: Page, speed: 'speed-10' | 'speed-60') {
  const toggle = page.getByTestId('clock-toggle');
  if ((await toggle.textContent())?.includes('Resume')) await toggle.click();
  await expect(toggle).toHaveText('Pause');
  await page.getByTestId(speed).click();
  await expect(page.getByTestId(speed)).toHaveAttribute('aria-pressed', 'true');
}

test('an alarm shows in the banner and the summary; the operator acknowledges it, then shelves it', async ({
  page,
}) => {
  test.setTimeout(120_000); // many steps, on a machine that may be busy
  await login(page, consoleApp, operator);
  await expect(page.getByTestId('alarm-banner')).toHaveCount(0);
  // IV-12 and IV-13 are DMA North's inlets: both closed (a training action), the zone loses
  // its supply at once and its coordinator declares an emergency
  const inlets = ['IV-12', 'IV-13'];
  for (const link of inlets) await coreRequest(page, operator, 'twin.actuate', { link, action: 'close' });
  try {
    const banner = page.getByTestId('alarm-banner');
    await expect(banner).toBeVisible({ timeout: 45_000 });
    // the summary, until the pressures in the zone have fallen long enough for their alarms too
    await page.getByTestId('open-alarms').click();
    const summary = page.getByTestId('alarm-summary');
    const onSchematic = summary.locator('[data-testid="alarm-element"][data-on-schematic="true"]');
    await expect(onSchematic.first()).toBeVisible({ timeout: 45_000 });
    // Pause, so that no new alarm takes the banner or shifts the rows while we act.
    await pauseClock(page);

    const alarmId = (await banner.getAttribute('data-alarm-id'))!;
    await expect(banner.getByTestId('alarm-state')).toHaveAttribute('data-state', 'unacknowledged');
    await expect(banner.locator('.priority-badge')).toHaveText(/^P[1-4]$/);
    expect(await blinks(banner.locator('.priority-badge svg'))).toBe(true);
    await page.screenshot({ path: join(artifacts, 'alarms-banner.png') });

    // an alarm's element selects it on the schematic (the banner's, when the schematic draws it)
    const bannerElement = banner.getByTestId('alarm-banner-element');
    const link =
      (await bannerElement.getAttribute('data-on-schematic')) === 'true'
        ? bannerElement
        : onSchematic.first();
    const element = await link.textContent();
    await link.click();
    await expect(page.getByTestId('details-id')).toHaveText(element!);

    // the summary lists the banner's alarm, unacknowledged and blinking
    const row = summary.locator(`[data-testid="alarm-row"][data-alarm-id="${alarmId}"]`);
    await expect(row).toHaveAttribute('data-state', 'unacknowledged');
    expect(await blinks(row.locator('.priority-badge svg'))).toBe(true);
    await expectAccessible(page, '[data-testid="alarm-summary"]');

    // sort and filter: the priority filter keeps it, another priority hides it
    const priority = (await row.locator('.priority-badge').getAttribute('data-priority'))!;
    await summary.getByTestId('alarms-filter-priority').selectOption(priority);
    await expect(row).toBeVisible();
    await summary.getByTestId('alarms-filter-text').fill('no-such-alarm-anywhere');
    await expect(summary.getByTestId('alarm-row')).toHaveCount(0);
    await summary.getByTestId('alarms-filter-text').fill(alarmId);
    await expect(summary.getByTestId('alarm-row')).toHaveCount(1);
    await summary.getByTestId('alarms-sort-time').click();
    await expect(summary.getByTestId('alarms-sort-time').locator('..')).toHaveAttribute(
      'aria-sort',
      'descending',
    );

    // acknowledge with a comment: the state changes and the blinking stops
    await row.getByTestId('alarm-select').check();
    await summary.getByTestId('alarm-ack-comment').fill('seen, crew informed');
    await page.screenshot({ path: join(artifacts, 'alarms-summary.png') });
    await summary.getByTestId('alarm-ack').click();
    await expect(row).toHaveAttribute('data-state', 'acknowledged');
    await expect(row).toContainText('acked by olga');
    expect(await blinks(row.locator('.priority-badge svg'))).toBe(false);
    await expect(page.locator(`[data-testid="alarm-banner"][data-alarm-id="${alarmId}"]`)).toHaveCount(0);
    await page.screenshot({ path: join(artifacts, 'alarms-acknowledged.png') });

    // shelve it with a reason: it leaves the summary for the hidden list, with who and why
    await expect(row).toHaveAttribute('data-shelvable', 'true');
    await row.getByTestId('alarm-select').check();
    await summary.getByTestId('alarm-shelve').click();
    const dialog = page.getByTestId('shelve-dialog');
    await expect(dialog.getByTestId('shelve-submit')).toBeDisabled(); // a reason is required
    await dialog.getByTestId('shelve-minutes').selectOption('120');
    await dialog.getByTestId('shelve-reason').fill('tank refill under way, known');
    await page.screenshot({ path: join(artifacts, 'alarms-shelve-dialog.png') });
    await dialog.getByTestId('shelve-submit').click();
    await expect(dialog).toHaveCount(0);
    await expect(row).toHaveCount(0);
    await summary.getByTestId('alarms-tab-hidden').click();
    const hidden = summary.locator(`[data-testid="hidden-alarm-row"][data-alarm-id="${alarmId}"]`);
    await expect(hidden).toHaveAttribute('data-state', 'shelved');
    await expect(hidden.getByTestId('hidden-alarm-by')).toHaveText('olga');
    await expect(hidden.getByTestId('hidden-alarm-why')).toHaveText('tank refill under way, known');
    await page.screenshot({ path: join(artifacts, 'alarms-hidden.png') });

    // the journal has the story, newest first
    await page.getByTestId('open-journal').click();
    const journal = page.getByTestId('alarm-journal');
    await journal.getByTestId('journal-filter-alarm').fill(alarmId);
    await expect(journal.getByTestId('journal-row').first()).toHaveAttribute('data-event', 'shelved');
    await expect(journal.locator('[data-testid="journal-row"][data-event="acknowledged"]')).toContainText(
      'seen, crew informed',
    );
    await expect(journal.getByTestId('alarm-kpis')).toBeVisible();
    await page.screenshot({ path: join(artifacts, 'alarms-journal.png') });
  } finally {
    for (const link of inlets) await coreRequest(page, operator, 'twin.actuate', { link, action: 'open' });
  }
});

test('a viewer has no command controls, and the core refuses the viewer’s command (audited)', async ({
  page,
  browser,
}) => {
  await login(page, consoleApp, viewer);
  await page.locator('[data-testid="node-pump"][data-element-id="PU-1"]').click();
  await expect(page.getByTestId('details-id')).toHaveText('PU-1');
  await expect(page.getByTestId('agent-section')).toBeVisible();
  await expect(page.getByTestId('command-section')).toHaveCount(0);
  await expect(page.getByTestId('clock-toggle')).toBeDisabled();
  await page.screenshot({ path: join(artifacts, 'viewer-no-controls.png') });

  // the UI only hides it: the core is what refuses
  const reply = await rawCoreRequest(page, viewer, 'commands.select', { target: 'PU-1', action: 'stop' });
  expect(reply).toMatchObject({ ok: false, error: { code: 'forbidden' } });

  // the administrator finds the refusal in the audit trail, and the chain holds
  const adminPage = await (await browser.newContext()).newPage();
  await login(adminPage, consoleApp, admin);
  await adminPage.getByTestId('user-menu').click();
  await adminPage.getByTestId('open-audit').click();
  const audit = adminPage.getByTestId('audit-view');
  await audit.getByTestId('audit-filter-user').fill(viewer.user);
  const refusal = audit.locator('[data-testid="audit-row"][data-action="request.commands.select"]');
  await expect(refusal.first()).toHaveAttribute('data-result', 'forbidden');
  await expect(refusal.first()).toContainText('PU-1');
  await audit.getByTestId('audit-verify').click();
  await expect(audit.getByTestId('audit-verify-result')).toHaveAttribute('data-ok', 'true');
  await adminPage.screenshot({ path: join(artifacts, 'audit-viewer-refusal.png') });
  await adminPage.context().close();
});

test('an operator stops pump PU-1 through select → confirm → result, with the readback', async ({ page }) => {
  await login(page, consoleApp, operator);
  // 10×: the readback comes at the next hydraulic step, a second or two of wall time
  await runClock(page, 'speed-10');
  await page.locator('[data-testid="node-pump"][data-element-id="PU-1"]').click();
  const section = page.getByTestId('command-section');
  await expect(section.getByTestId('command-stop')).toBeVisible();

  const dialog = page.getByTestId('command-dialog');
  /** select an action of PU-1 in the faceplate, confirm it, and wait for the verified result */
  async function command(action: 'start' | 'stop', readback: string) {
    await section.getByTestId(`command-${action}`).click();
    await expect(dialog.getByTestId('command-state')).toHaveAttribute('data-state', 'selected');
    await expect(dialog.getByTestId('command-countdown')).toContainText(/Confirm within \d+ s/);
    if (action === 'stop') await page.screenshot({ path: join(artifacts, 'command-selected.png') });
    await dialog.getByTestId('command-confirm').click();
    await expect(dialog.getByTestId('command-state')).toHaveAttribute('data-state', 'succeeded', {
      timeout: 30_000,
    });
    await expect(dialog.getByTestId('command-readback')).toContainText(readback);
  }

  // if the station's controls have PU-1 stopped just now, start it first
  const { commands } = await coreRequest(page, operator, 'commands.recent', {});
  const network = await coreRequest(page, operator, 'network.get', {});
  const frame = await coreRequest(page, operator, 'twin.frame', {});
  const index = network.links.findIndex((l) => l.id === 'PU-1');
  const running = frame.links.status[index] === 1 && frame.links.setting[index]! > 0;
  expect(commands.filter((c) => c.target === 'PU-1' && c.user === operator.user)).toEqual([]);
  if (!running) {
    await command('start', 'running');
    await dialog.getByTestId('command-close').click();
  }
  await command('stop', 'stopped');
  await page.screenshot({ path: join(artifacts, 'command-succeeded.png') });
  await dialog.getByTestId('command-close').click();
  await expect(dialog).toHaveCount(0);

  // the recent commands list has it too
  await page.getByTestId('open-commands').click();
  const recent = page.getByTestId('recent-commands');
  await expect(recent.getByTestId('command-row').first()).toHaveAttribute('data-state', 'succeeded');
  await expect(recent.getByTestId('command-row').first()).toContainText('PU-1');
  await expect(recent.getByTestId('command-row').first()).toContainText('olga');
  await page.screenshot({ path: join(artifacts, 'command-recent.png') });
  await runClock(page, 'speed-60');
});

test('an interlock refuses starting PU-1 against its closed discharge valve, with the reason', async ({
  page,
}) => {
  await login(page, consoleApp, operator);
  await runClock(page, 'speed-10');
  const dialog = page.getByTestId('command-dialog');
  const section = page.getByTestId('command-section');
  /** select and confirm an action in the faceplate of the element on screen */
  async function selectAndConfirm(action: string) {
    await section.getByTestId(`command-${action}`).click();
    await expect(dialog.getByTestId('command-state')).toHaveAttribute('data-state', 'selected');
    await dialog.getByTestId('command-confirm').click();
  }

  // IV-01 is PU-1's discharge valve: close it through the command path
  await page.locator('[data-testid="node-valve"][data-element-id="IV-01"]').click();
  await expect(page.getByTestId('details-id')).toHaveText('IV-01');
  await selectAndConfirm('close');
  await expect(dialog.getByTestId('command-state')).toHaveAttribute('data-state', 'succeeded', {
    timeout: 30_000,
  });
  await expect(dialog.getByTestId('command-readback')).toContainText('closed');
  await dialog.getByTestId('command-close').click();

  try {
    await page.locator('[data-testid="node-pump"][data-element-id="PU-1"]').click();
    await expect(page.getByTestId('details-id')).toHaveText('PU-1');
    await selectAndConfirm('start');
    const refusal = dialog.getByTestId('command-refusal');
    await expect(refusal).toHaveAttribute('data-reason', 'interlock');
    // the interlock's own words, and the violation it found
    await expect(refusal).toContainText(/discharge/i);
    await expect(refusal.getByTestId('command-violations')).toBeVisible();
    await page.screenshot({ path: join(artifacts, 'command-interlock-refused.png') });
    await dialog.getByTestId('command-close').click();
  } finally {
    await coreRequest(page, operator, 'twin.actuate', { link: 'IV-01', action: 'open' });
  }
  await runClock(page, 'speed-60');
});

test('closing a DMA inlet is critical: it waits for a second operator, who approves it', async ({
  page,
  browser,
}) => {
  await login(page, consoleApp, operator);
  await runClock(page, 'speed-10');
  // IV-12 is a metered inlet of DMA North: closing it cuts a zone's supply (dual approval)
  await page.locator('[data-testid="node-valve"][data-element-id="IV-12"]').click();
  await expect(page.getByTestId('details-id')).toHaveText('IV-12');
  const section = page.getByTestId('command-section');
  await expect(section.getByTestId('command-close')).toContainText('◆');
  await section.getByTestId('command-close').click();
  const dialog = page.getByTestId('command-dialog');
  await expect(dialog.getByTestId('command-state')).toHaveAttribute('data-state', 'selected');
  await dialog.getByTestId('command-confirm').click();
  await expect(dialog.getByTestId('command-state')).toHaveAttribute('data-state', 'awaiting-approval');
  await expect(dialog.getByTestId('command-countdown')).toContainText(/Approval needed within \d+ s/);
  await page.screenshot({ path: join(artifacts, 'command-awaiting-approval.png') });

  try {
    // the administrator, at another console, approves it from the commands list
    const second = await (await browser.newContext()).newPage();
    await login(second, consoleApp, admin);
    await second.getByTestId('open-commands').click();
    const row = second.locator('[data-testid="command-row"][data-state="awaiting-approval"]').first();
    await expect(row).toContainText('IV-12');
    await row.getByTestId('command-approve').click();
    await expect(dialog.getByTestId('command-state')).toHaveAttribute('data-state', 'succeeded', {
      timeout: 30_000,
    });
    await expect(dialog.getByTestId('command-state')).toContainText(`approved by ${admin.user}`);
    await expect(dialog.getByTestId('command-readback')).toContainText('closed');
    await page.screenshot({ path: join(artifacts, 'command-approved.png') });
    await dialog.getByTestId('command-close').click();
    await second.context().close();
  } finally {
    await coreRequest(page, operator, 'twin.actuate', { link: 'IV-12', action: 'open' });
  }
  await runClock(page, 'speed-60');
});
