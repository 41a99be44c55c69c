// The training panel: a scenario file with a mistake is refused with its line; the trainer
// picks a pipe on the schematic and injects a leak there (a live exercise), runs the clock,
// and ends the session: the trainee's score appears (time to acknowledge, time to isolate,
// water lost, wrong commands).
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { appRoot, login, startConsole, testUsers, type RunningConsole } from './console';

const artifacts = resolve(appRoot, 'e2e/artifacts');
mkdirSync(artifacts, { recursive: true });
const { operator } = testUsers;

let consoleApp: RunningConsole;
test.beforeAll(async () => {
  consoleApp = await startConsole(['--speed', '60']);
});
test.afterAll(async () => {
  await consoleApp?.stop();
});

async function expectAccessible(page: Page) {
  const { violations } = await new AxeBuilder({ page }).include('[data-testid="training-view"]').analyze();
  expect(
    violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
  ).toEqual([]);
}

test('the trainer injects a leak at a picked pipe and the score appears at the end', async ({ page }) => {
  test.setTimeout(150_000);
  await login(page, consoleApp, operator);
  await page.keyboard.press('Alt+6');
  const view = page.getByTestId('training-view');
  await expect(view).toBeVisible();
  await expect(view.getByTestId('training-state')).toHaveText('No session');

  // a scenario with a mistake: refused with the line and the path at fault
  await view.getByTestId('training-file').setInputFiles({
    name: 'broken.yaml',
    mimeType: 'text/yaml',
    buffer: Buffer.from(
      'name: broken\nnetwork: demo\nevents:\n  - { at: 10m, type: leak, pipe: P-120, flowLps: -4 }\n',
    ),
  });
  await expect(view.getByTestId('training-error')).toContainText(/line \d+/);
  await page.screenshot({ path: join(artifacts, 'training-invalid-file.png') });

  // "inject leak" mode: the next pipe selected on the schematic is the target
  await view.getByTestId('training-pick-pipe').click();
  await expect(view.getByTestId('training-pick-pipe')).toHaveAttribute('aria-pressed', 'true');
  await page.getByTestId('element-search').fill('P-120');
  await page.getByTestId('element-search').press('Enter');
  await expect(page.getByTestId('details-id')).toHaveText('P-120');
  await expect(view.getByTestId('training-leak-pipe')).toHaveText(/^Pipe P-120 · \d+ mm · \d+ m$/);
  await expect(view.getByTestId('training-pick-pipe')).toHaveAttribute('aria-pressed', 'false');
  await view.getByTestId('training-leak-flow').fill('6');
  await expectAccessible(page);
  await page.screenshot({ path: join(artifacts, 'training-leak-picked.png') });
  await view.getByTestId('training-inject').click();
  await expect(view.getByTestId('training-injected')).toContainText('Leak');
  await expect(view.getByTestId('training-state')).toContainText('Session');
  // the plant records where the water comes out: the leak's node on P-120
  await expect(view.getByTestId('training-events')).toContainText(/leak|burst/);

  // run the simulated clock from the panel: ten minutes a second for a while
  await view.getByTestId('training-speed-600').click();
  await expect(view.getByTestId('training-speed-600')).toHaveAttribute('aria-pressed', 'true');
  await expect(view.getByTestId('training-grade')).toBeVisible({ timeout: 30_000 });
  await expect
    .poll(async () => parseFloat((await view.getByTestId('score-water-lost').textContent()) ?? '0'), {
      timeout: 60_000,
    })
    .toBeGreaterThan(1);
  // pause, then end the session: the final score
  await view.getByTestId('training-clock-toggle').click();
  await expect(view.getByTestId('training-clock-toggle')).toHaveText(/Start/);
  await view.getByTestId('training-stop').click();
  const score = view.getByTestId('training-score');
  await expect(score).toContainText('Final score');
  await expect(view.getByTestId('training-grade')).toHaveAttribute('data-final', 'true');
  await expect(view.getByTestId('training-grade')).toHaveText(/^\d+ \/ 100 · /);
  for (const key of ['to-ack', 'to-isolate', 'water-lost', 'wrong'])
    await expect(view.getByTestId(`score-${key}`)).not.toBeEmpty();
  await expect(view.getByTestId('training-state')).toContainText('Ended');
  await expectAccessible(page);
  await page.screenshot({ path: join(artifacts, 'training-score.png') });
  // the clock back to the usual pace
  await view.getByTestId('training-speed-60').click();
  await view.getByTestId('training-clock-toggle').click();
});
