// Issue #4 in the UI: the demo town's leak detection and isolation scenario as an operator
// sees it. The console runs flat out until detection has learnt the network (6 simulated
// hours), then a burst is injected on P-120 (training.inject, from the page); the alarm
// reaches the banner, the incident appears with its ranked candidates and the schematic
// highlights the area; the operator approves the proposed isolation (advise mode), the valves
// close through the command path, and the timeline has every step of the agents' story.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { appRoot, login, startConsole, testUsers, type RunningConsole } from './console';
import { isolationValveLink } from '../src/shared/network';
import { coreRequest } from './core-request';

const artifacts = resolve(appRoot, 'e2e/artifacts');
mkdirSync(artifacts, { recursive: true });
const { operator, viewer } = testUsers;

let consoleApp: RunningConsole;
test.beforeAll(async () => {
  consoleApp = await startConsole(['--speed', 'max']);
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

/** Run flat out until leak detection is armed (it learns for 6 simulated hours from midnight). */
async function armDetection(page: Page) {
  await expect
    .poll(async () => new Date((await coreRequest(page, operator, 'clock.get', {})).now).getHours(), {
      timeout: 60_000,
      intervals: [500],
    })
    .toBeGreaterThanOrEqual(7);
  // then a minute a second: the agents' steps come seconds apart
  await page.getByTestId('speed-60').click();
  await expect(page.getByTestId('speed-60')).toHaveAttribute('aria-pressed', 'true');
}

/** How many pixels the incident layer has painted (its canvas, read back). */
function paintedPixels(page: Page): Promise<number> {
  return page.getByTestId('incident-overlay').evaluate((canvas: HTMLCanvasElement) => {
    const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
    let painted = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) painted += 1;
    return painted;
  });
}

/** A burst on `pipe`, from the training panel (the pipe picked on the schematic), or the request where there is no panel. */
async function injectBurst(page: Page, pipe: string, flowLps: number) {
  if ((await page.getByTestId('open-training').count()) === 0) {
    await coreRequest(page, operator, 'training.inject', { type: 'leak', pipe, flowLps });
    return;
  }
  await page.getByTestId('open-training').click();
  await page.getByTestId('training-inject-type').selectOption('leak');
  await page.getByTestId('training-pick-pipe').click();
  await page.getByTestId('element-search').fill(pipe);
  await page.getByTestId('element-search').press('Enter');
  await expect(page.getByTestId('training-leak-pipe')).toContainText(`Pipe ${pipe} `);
  await page.getByTestId('training-leak-flow').fill(String(flowLps));
  await page.getByTestId('training-leak-ramp').fill('0');
  await page.getByTestId('training-inject').click();
  await expect(page.getByTestId('training-injected')).toBeVisible();
}

test('a burst is detected, localized, highlighted, isolated on approval, and the timeline shows every step', async ({
  page,
  browser,
}) => {
  test.setTimeout(240_000);
  await login(page, consoleApp, operator);
  await armDetection(page);
  await expect(page.getByTestId('alarm-banner')).toHaveCount(0);

  const started = Date.now();
  await injectBurst(page, 'P-120', 4);

  // the console raises the alarm
  const banner = page.getByTestId('alarm-banner');
  await expect(banner).toBeVisible({ timeout: 60_000 });
  console.log(
    `banner after ${(Date.now() - started) / 1000} s: ${await banner.getAttribute('data-alarm-id')}`,
  );

  // the incident appears, with ranked candidates
  await page.getByTestId('open-incidents').click();
  const panel = page.getByTestId('incidents-panel');
  const row = panel.getByTestId('incident-row').first();
  await expect(row).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('open-incidents')).toHaveText(/Incidents \(1\)/);
  const detail = panel.getByTestId('incident-detail');
  await expect(detail.getByTestId('incident-candidate').first()).toBeVisible({ timeout: 60_000 });
  const best = (await detail.getByTestId('incident-candidate').first().getAttribute('data-pipe'))!;
  console.log(
    `incident ${await row.getAttribute('data-incident-id')} after ${(Date.now() - started) / 1000} s, best ${best}`,
  );

  // where the crew would start, by the signature until the water says more
  await expect(detail.getByTestId('incident-crew-location')).toHaveAttribute('data-by', 'signature');

  // the schematic highlights the suspected area and the candidates
  const overlay = page.getByTestId('incident-overlay');
  await expect(overlay).toHaveAttribute('data-candidates', new RegExp(`(^| )${best}( |$)`), {
    timeout: 30_000,
  });
  await expect(overlay).toHaveAttribute('data-drawn', /^[1-9]\d*$/);
  expect(await paintedPixels(page)).toBeGreaterThan(200);
  await page.screenshot({ path: join(artifacts, 'leak-incident-suspected.png') });

  // a candidate selects and shows it on the schematic
  await detail.getByTestId('incident-candidate-link').first().click();
  await expect(page.getByTestId('details-id')).toHaveText(best);

  // advise mode: the agents propose, the operator sees what it costs before confirming
  const approve = detail.getByTestId('incident-approve');
  await expect(approve).toBeVisible({ timeout: 120_000 });
  console.log(`proposed after ${(Date.now() - started) / 1000} s`);
  await expect(row).toHaveAttribute('data-state', 'Proposed');
  await expect(overlay).toHaveAttribute('data-isolated', /\S/);
  await expect(overlay).toHaveAttribute('data-valves', /\S/);
  await page.screenshot({ path: join(artifacts, 'leak-isolation-proposed.png') });
  await expectAccessible(page, '[data-testid="incidents-panel"]');

  // a viewer sees the incident but cannot approve or resolve it
  const viewerPage = await (await browser.newContext()).newPage();
  await login(viewerPage, consoleApp, viewer);
  await viewerPage.getByTestId('open-incidents').click();
  await expect(viewerPage.getByTestId('incident-row').first()).toHaveAttribute('data-state', 'Proposed');
  await expect(viewerPage.getByTestId('incident-approve')).toHaveCount(0);
  await expect(viewerPage.getByTestId('incident-resolve')).toHaveCount(0);
  await viewerPage.context().close();

  await approve.click();
  const dialog = page.getByTestId('approve-isolation-dialog');
  const valves = (await dialog.getByTestId('approve-valves').textContent())!.split(', ');
  expect(valves.length).toBeGreaterThan(0);
  await expect(dialog.getByTestId('approve-no-supply')).toHaveText(/^\d+$/);
  await page.screenshot({ path: join(artifacts, 'leak-approve-dialog.png') });
  await expectAccessible(page, '[data-testid="approve-isolation-dialog"]');
  await dialog.getByTestId('approve-confirm').click();
  await expect(dialog).toHaveCount(0);

  // the valves close through the command path: the incident is isolated
  await expect(row).toHaveAttribute('data-state', 'Isolated', { timeout: 60_000 });
  console.log(`isolated after ${(Date.now() - started) / 1000} s`);
  for (const valve of valves)
    await expect(detail.locator(`[data-testid="incident-valve"][data-valve="${valve}"]`)).toHaveAttribute(
      'data-progress',
      'closed',
    );
  await expect(overlay).toHaveAttribute('data-state', 'Isolated');

  // a valve of the isolation selects and shows it on the schematic
  await detail.getByTestId('incident-valve-link').first().click();
  // (a line valve, `<pipe>@<node>`, shows its pipe)
  await expect(page.getByTestId('details-id')).toHaveText(isolationValveLink(valves[0]!));

  // the timeline lists every step, from the first residual to the work order
  const timeline = detail.getByTestId('incident-timeline');
  for (const kind of ['residual', 'suspect', 'localized', 'isolation', 'approved', 'valve', 'work-order'])
    await expect(timeline.locator(`[data-testid="timeline-row"][data-kind="${kind}"]`).first()).toBeVisible();
  await expect(timeline.locator('[data-testid="timeline-row"][data-kind="valve"]')).toHaveCount(
    valves.length,
  );
  await timeline.locator('[data-testid="timeline-row"][data-kind="work-order"]').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(artifacts, 'leak-isolated-timeline.png') });

  // the commands panel shows each close, by the agents on the operator's approval (a line
  // valve closes its pipe)
  await page.getByTestId('open-commands').click();
  const commands = page.getByTestId('recent-commands');
  for (const valve of valves)
    await expect(
      commands
        .locator(`[data-testid="command-row"][data-state="succeeded"]`, {
          hasText: isolationValveLink(valve),
        })
        .first(),
    ).toBeVisible();
  await page.screenshot({ path: join(artifacts, 'leak-valves-commands.png') });

  // the agents' messages: detected, proposed, isolated
  const { alerts } = await coreRequest(page, operator, 'alerts.recent', {});
  expect(alerts.map((a) => a.type)).toEqual(
    expect.arrayContaining(['leak_detected', 'isolation_proposed', 'leak_isolated']),
  );

  // twelve minutes after the valves shut, the zone checks the water: the isolation holds,
  // or the loss did not change and the segment is ruled out (its valves reopen, the next
  // candidates are isolated)
  await page.getByTestId('open-incidents').click();
  const check = timeline.locator('[data-testid="timeline-row"][data-kind="check"]').first();
  await expect(check).toBeVisible({ timeout: 60_000 });
  const checked = (await check.textContent())!;
  console.log(`checked after ${(Date.now() - started) / 1000} s: ${checked}`);
  expect(checked).toMatch(/isolation holds|the leak is not near|something else loses water/);
  // a hold locates the leak in the segment still shut: the crew starts there
  if (/isolation holds/.test(checked)) {
    const crew = detail.getByTestId('incident-crew-location');
    await expect(crew).toHaveAttribute('data-by', 'isolation');
    await crew.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(artifacts, 'leak-crew-location.png') });
  }
  if (/the leak is not near/.test(checked))
    await expect(detail.getByTestId('incident-ruled-out')).toContainText(/Ruled out by isolation: \d+ pipe/);
  await check.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(artifacts, 'leak-isolation-checked.png') });

  // repaired: the operator resolves the incident
  await detail.getByTestId('incident-resolve').click();
  await page.getByTestId('resolve-incident-dialog').getByTestId('resolve-confirm').click();
  await expect(row).toHaveAttribute('data-state', 'Resolved');
  await expect(page.getByTestId('open-incidents')).toHaveText('Incidents');
});
