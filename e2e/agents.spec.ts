// The agents as an operator meets them: the agents view, the Agent section of the details
// panel, and an alert raised by the agents when the plant is driven into trouble.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { ArgsOf, RequestName } from '../src/shared/contract';
import { appRoot, login, startConsole, testUsers, type Credentials, type RunningConsole } from './console';
import { coreRequest as rawRequest } from './core-request';

const artifacts = resolve(appRoot, 'e2e/artifacts');
mkdirSync(artifacts, { recursive: true });

const PUMP_STATES = [
  'Idle',
  'Ramping_Up',
  'Running',
  'Ramping_Down',
  'Warning',
  'Emergency_Stop',
  'Maintenance',
];

let consoleApp: RunningConsole;
test.beforeAll(async () => {
  consoleApp = await startConsole(['--speed', '60']);
});
test.afterAll(async () => {
  await consoleApp?.stop();
});

/** One request to the core on a WebSocket of its own (as the administrator, unless told). */
const coreRequest = <N extends RequestName>(
  page: Page,
  name: N,
  args: ArgsOf<N>,
  as: Credentials = testUsers.admin,
) => rawRequest(page, as, name, args);

async function openConsole(page: Page) {
  await login(page, consoleApp, consoleApp.users.operator);
  await expect(page.getByTestId('network-summary')).toContainText('Demo Town');
}

test('the agents view lists every agent, and filters by kind', async ({ page }) => {
  await openConsole(page);
  const { agents } = await coreRequest(page, 'agents.list', {});
  // Every element has its agent: pipes, pumps, valves, tanks, hydrants, plus the
  // instruments, the zones and the control centre.
  const network = await coreRequest(page, 'network.get', {});
  const sensors = agents.filter((a) => a.kind === 'sensor').length;
  const elements =
    network.links.length +
    network.nodes.filter((n) => n.kind === 'tank' || n.hydrant).length +
    network.zones.length +
    1;
  expect(agents).toHaveLength(elements + sensors);

  await page.getByTestId('open-agents').click();
  const view = page.getByTestId('agents-view');
  await expect(view).toBeVisible();
  await expect(view.getByTestId('agents-count')).toHaveAttribute('data-count', String(agents.length));
  await expect(view.getByTestId('agents-count')).toHaveText(`${agents.length} agents`);
  // paginated: the first page holds 100 rows
  await expect(view.getByTestId('agent-row')).toHaveCount(Math.min(100, agents.length));
  await page.screenshot({ path: join(artifacts, 'agents-view.png') });

  await view.getByTestId('agents-filter-kind').selectOption('pump');
  await expect(view.getByTestId('agents-count')).toHaveAttribute('data-count', '3');
  await expect(view.getByTestId('agent-row')).toHaveCount(3);
  await expect(view.getByTestId('agent-row').first()).toHaveAttribute('data-agent-id', /^PU-/);

  // a row selects its element
  await view.locator('[data-testid="agent-row"][data-agent-id="PU-2"]').click();
  await expect(page.getByTestId('details-id')).toHaveText('PU-2');
  await page.screenshot({ path: join(artifacts, 'agents-view-pumps.png') });
});

test('selecting pump PU-1 shows its agent, its instrument and its transitions', async ({ page }) => {
  await openConsole(page);
  await page.locator('[data-testid="node-pump"][data-element-id="PU-1"]').click();
  const details = page.getByTestId('details');
  await expect(details.getByTestId('details-id')).toHaveText('PU-1');
  const section = details.getByTestId('agent-section');
  await expect(section).toBeVisible();
  const state = section.getByTestId('agent-state');
  await expect(state).toHaveAttribute('data-state', new RegExp(`^(${PUMP_STATES.join('|')})$`));
  // the flow meter on the pump's outlet
  await expect(section.getByTestId('instrument-row')).toHaveCount(1);
  // at least the transition out of init
  await expect(section.getByTestId('agent-history').getByTestId('agent-history-row').first()).toBeVisible();
  await page.screenshot({ path: join(artifacts, 'agents-pump-selected.png') });
});

test('closing the station outlet makes the agents raise alerts: alarm banner, messages, schematic', async ({
  page,
}) => {
  await openConsole(page);
  await expect(page.getByTestId('alarm-banner')).toHaveCount(0);
  // IV-01 carries all the pumped water into town: closed, the tanks drain and pressures fall.
  await coreRequest(page, 'twin.actuate', { link: 'IV-01', action: 'close' });
  await page.getByTestId('speed-max').click();

  // the agents' states become ISA-18.2 alarms: the banner shows the most urgent one
  const banner = page.getByTestId('alarm-banner');
  await expect(banner).toBeVisible({ timeout: 45_000 });
  await expect(banner.locator('.priority-badge')).toHaveText(/^P[1-4]$/);
  // the schematic draws abnormal agents with their state
  await expect(page.locator('[data-agent-state]').first()).toBeAttached();
  await expect(page.locator('[data-testid="node-tank"][data-agent-state]').first()).toBeAttached({
    timeout: 30_000,
  });
  // Pause, so that no new alert shifts the rows between reading one and clicking it.
  await page.getByTestId('speed-60').click();
  await page.getByTestId('clock-toggle').click();
  await expect(page.getByTestId('clock-toggle')).toHaveText('Resume');
  await page.waitForTimeout(300); // let pushes already in flight land
  await page.screenshot({ path: join(artifacts, 'agents-alert-banner.png') });

  // the agents' own messages stay in their log
  await page.getByTestId('open-alerts').click();
  const panel = page.getByTestId('alerts-panel');
  await expect(panel.getByTestId('alert-row').first()).toBeVisible();
  // the source of an alert selects the element it concerns (a sensor: the element it measures)
  const source = panel.getByTestId('alert-source').first();
  const agentId = (await source.textContent()) ?? '';
  const { agents } = await coreRequest(page, 'agents.list', {});
  const element = agents.find((a) => a.id === agentId)?.element;
  await source.click();
  await expect(page.getByTestId('details-id')).toHaveText(element ?? agentId);
  await expect(page.getByTestId('agent-section')).toBeVisible();
  await page.screenshot({ path: join(artifacts, 'agents-alerts-panel.png') });

  await coreRequest(page, 'twin.actuate', { link: 'IV-01', action: 'open' });
});
