// Issue #7 in the UI: an engineer commissions the console against the plant simulator (the
// digital twin served as a pump station: `aqueduct plant --modbus`), started here as a real
// child process on a free port. The Modbus connection is added through the Connections view
// with the register map CSV the plant wrote; the tag monitor shows good values; the plant is
// killed (backoff, last error, bad quality with the reason, the comms-loss alarm) and started
// again (connected again). A viewer sees the list and the monitor, not the editing controls.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { appRoot, cli, login, startConsole, testUsers, withCore, type RunningConsole } from './console';

const artifacts = resolve(appRoot, 'e2e/artifacts');
mkdirSync(artifacts, { recursive: true });
const { admin, viewer } = testUsers;
const engineer = {
  user: 'enzo',
  password: 'Engineer-Commission-5172',
  role: 'engineer',
  displayName: 'Enzo Engineer',
} as const;

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => ok(port));
    });
  });
}

interface Plant {
  process: ChildProcess;
  stop(): Promise<void>;
}

/** `aqueduct plant --modbus <port> --opcua <port>`, ready once it has written its register map. */
async function startPlant(modbusPort: number, opcuaPort: number, dataDir: string): Promise<Plant> {
  const child = spawn(
    process.execPath,
    [
      cli,
      'plant',
      '--network',
      'demo',
      '--modbus',
      String(modbusPort),
      '--opcua',
      String(opcuaPort),
      '--data',
      dataDir,
    ],
    { cwd: appRoot, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  await new Promise<void>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`plant did not start:\n${output}`)), 30_000);
    child.stdout!.on('data', () => {
      if (/points of /.test(output)) {
        clearTimeout(timer);
        ok();
      }
    });
    child.once('exit', (code) => fail(new Error(`plant exited with ${code}:\n${output}`)));
  });
  // a plant that dies by itself (not killed by the test) says so in the test's output, with its own
  let killed = false;
  child.once('exit', (code, signal) => {
    if (!killed) console.error(`plant on :${modbusPort} exited by itself (${code ?? signal}):\n${output}`);
  });
  return {
    process: child,
    stop: () =>
      new Promise((done) => {
        if (child.exitCode !== null || child.signalCode !== null) return done();
        killed = true;
        child.once('exit', () => done());
        child.kill('SIGKILL');
      }),
  };
}

async function expectAccessible(page: Page, include: string) {
  const { violations } = await new AxeBuilder({ page }).include(include).analyze();
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual(
    [],
  );
}

let consoleApp: RunningConsole;
let plant: Plant | undefined;
let modbusPort: number;
let opcuaPort: number;
let plantData: string;

test.beforeAll(async () => {
  modbusPort = await freePort();
  opcuaPort = await freePort();
  plantData = mkdtempSync(join(tmpdir(), 'aqueduct-e2e-plant-'));
  plant = await startPlant(modbusPort, opcuaPort, plantData);
  consoleApp = await startConsole(['--speed', '60']);
  await withCore(consoleApp.url, async (call) => {
    await call('auth.login', { user: admin.user, password: admin.password });
    await call('users.create', {
      id: engineer.user,
      displayName: engineer.displayName,
      role: engineer.role,
      password: engineer.password,
    });
  });
});
test.afterAll(async () => {
  await plant?.stop();
  await consoleApp?.stop();
});

test.describe.configure({ mode: 'serial' });

test('an engineer adds a Modbus connection to the plant; it goes to backoff when the plant dies and back when it returns', async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  await login(page, consoleApp, engineer);
  await page.getByTestId('open-connections').click();
  const view = page.getByTestId('connections-view');
  await expect(view.getByTestId('connections-empty')).toBeVisible();

  await view.getByTestId('connection-add').click();
  const dialog = page.getByTestId('connection-dialog');
  await dialog.getByTestId('connection-field-id').fill('plant');
  await dialog.getByTestId('connection-field-modbus.host').fill('127.0.0.1');
  await dialog.getByTestId('connection-field-modbus.port').fill(String(modbusPort));
  await dialog.getByTestId('connection-field-modbus.pollMs').fill('500');

  // a broken register list is refused with its line
  await dialog.getByTestId('connection-tagmap').setInputFiles({
    name: 'broken.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('point,table,address,type\npump.PU-1.speed,holding,notanumber,float32\n'),
  });
  await dialog.getByTestId('connection-submit').click();
  await expect(dialog.getByTestId('connection-form-error')).toContainText(/broken\.csv: line 2/);
  await page.screenshot({ path: join(artifacts, 'connections-bad-tagmap.png') });

  // the register map the plant wrote
  const csv = readdirSync(plantData).find((f) => f.endsWith('-registers.csv'))!;
  await dialog.getByTestId('connection-tagmap').setInputFiles(join(plantData, csv));
  await expect(dialog.getByTestId('connection-tagmap-name')).toContainText(csv);
  await dialog.getByTestId('connection-test').click();
  await expect(dialog.getByTestId('connection-test-result')).toHaveAttribute('data-ok', 'true');
  await expect(dialog.getByTestId('connection-test-result')).toContainText(`127.0.0.1:${modbusPort}`);
  await page.screenshot({ path: join(artifacts, 'connections-add-dialog.png') });
  await expectAccessible(page, '[data-testid="connection-dialog"]');
  await dialog.getByTestId('connection-submit').click();
  await expect(dialog).toHaveCount(0);

  // connected, values good in the tag monitor
  const row = view.locator('[data-testid="connection-row"][data-connection-id="plant"]');
  await expect(row).toHaveAttribute('data-state', 'connected', { timeout: 15_000 });
  await expect(row.getByTestId('connection-state')).toHaveText('CONNECTED');
  const monitor = view.getByTestId('tag-monitor');
  const good = monitor.locator('[data-testid="sample-row"][data-quality="good"]');
  await expect(good.first()).toBeVisible({ timeout: 15_000 });
  await expect(good.first().getByTestId('sample-value')).toHaveText(/^-?\d/);
  await expect(monitor.locator('[data-testid="sample-row"]:not([data-quality="good"])')).toHaveCount(0);
  await expect(row.getByTestId('connection-counters')).not.toHaveText(/^0 \//);
  await page.screenshot({ path: join(artifacts, 'connections-connected.png') });
  await expectAccessible(page, '[data-testid="connections-view"]');

  // the plant dies: backoff with the last error, bad quality with the reason, the comms-loss alarm
  await plant!.stop();
  await expect(row).toHaveAttribute('data-state', 'backoff', { timeout: 20_000 });
  await expect(row.getByTestId('connection-state')).toHaveText('LOST · RETRYING');
  await expect(row.getByTestId('connection-last-error')).not.toHaveText('—');
  const bad = monitor.locator('[data-testid="sample-row"][data-quality="bad"]');
  await expect(bad.first()).toBeVisible({ timeout: 15_000 });
  await expect(bad.first().getByTestId('sample-reason')).not.toBeEmpty();
  await page.getByTestId('open-alarms').click();
  await expect(
    page.locator('[data-testid="alarm-summary"] [data-testid="alarm-row"][data-alarm-id="plant.comms_lost"]'),
  ).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId('alarm-banner')).toBeVisible();
  await page.screenshot({ path: join(artifacts, 'connections-comms-lost-alarm.png') });
  await page.getByTestId('open-connections').click();
  await expect(row).toHaveAttribute('data-state', 'backoff');
  await page.screenshot({ path: join(artifacts, 'connections-backoff.png') });

  // a viewer sees the list and the monitor, not the editing controls
  const viewerPage = await (await browser.newContext()).newPage();
  await login(viewerPage, consoleApp, viewer);
  await viewerPage.getByTestId('open-connections').click();
  const viewerView = viewerPage.getByTestId('connections-view');
  await expect(
    viewerView.locator('[data-testid="connection-row"][data-connection-id="plant"]'),
  ).toBeVisible();
  await expect(viewerView.getByTestId('tag-monitor')).toBeVisible();
  await expect(viewerView.getByTestId('connection-add')).toHaveCount(0);
  await expect(viewerView.getByTestId('connection-remove')).toHaveCount(0);
  await expect(viewerView.getByTestId('connection-edit')).toHaveCount(0);
  await viewerPage.context().close();

  // the plant is back on the same port: connected again, values good again
  plant = await startPlant(modbusPort, opcuaPort, plantData);
  await expect(row).toHaveAttribute('data-state', 'connected', { timeout: 30_000 });
  await expect(monitor.locator('[data-testid="sample-row"]:not([data-quality="good"])')).toHaveCount(0, {
    timeout: 15_000,
  });
  await page.screenshot({ path: join(artifacts, 'connections-reconnected.png') });

  // edited: a faster poll; the connection restarts with it and connects again
  await row.getByTestId('connection-edit').click();
  const edit = page.getByTestId('connection-dialog');
  await expect(edit.getByTestId('connection-field-modbus.port')).toHaveValue(String(modbusPort));
  await expect(edit.getByTestId('connection-tagmap-name')).toContainText(csv);
  await edit.getByTestId('connection-field-modbus.pollMs').fill('250');
  await edit.getByTestId('connection-submit').click();
  await expect(edit).toHaveCount(0);
  await expect(row).toHaveAttribute('data-state', 'connected', { timeout: 15_000 });

  // removed: gone from the list
  await row.getByTestId('connection-remove').click();
  await page.getByTestId('connection-remove-dialog').getByTestId('connection-remove-confirm').click();
  await expect(view.getByTestId('connections-empty')).toBeVisible();
});

test('an engineer adds an OPC UA connection, browses the address space and binds a variable to an agent point', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await login(page, consoleApp, engineer);
  await page.getByTestId('open-connections').click();
  const view = page.getByTestId('connections-view');
  await view.getByTestId('connection-add').click();
  const dialog = page.getByTestId('connection-dialog');
  await dialog.getByTestId('connection-field-id').fill('plant-ua');
  await dialog.getByTestId('connection-field-protocol').selectOption('opcua');
  const endpointUrl = `opc.tcp://127.0.0.1:${opcuaPort}/aqueduct`;
  await dialog.getByTestId('connection-field-opcua.endpointUrl').fill(endpointUrl);
  // the server's endpoints and the security they offer
  await dialog.getByTestId('connection-discover').click();
  await expect(dialog.getByTestId('connection-endpoint').first()).toBeVisible({ timeout: 20_000 });
  await page.screenshot({ path: join(artifacts, 'connections-opcua-discover.png') });
  // no tag map yet: the points are bound from the address space next
  await dialog.getByTestId('connection-submit').click();
  await expect(dialog).toHaveCount(0);
  const row = view.locator('[data-testid="connection-row"][data-connection-id="plant-ua"]');
  await expect(row).toHaveAttribute('data-state', 'connected', { timeout: 30_000 });

  // browse: Objects → Plant → pump → PU-1 → speed, and bind it
  await row.getByTestId('connection-browse').click();
  const browser = page.getByTestId('opcua-browser');
  const expand = async (name: string) => {
    const node = browser.locator('[data-testid="browse-node"]', { hasText: name }).last();
    await node.getByTestId('browse-expand').first().click();
  };
  await expand('Plant');
  await expand('pump');
  await expand('PU-1');
  const speed = browser.locator('[data-testid="browse-node"][data-node-id="ns=1;s=pump.PU-1.speed"]');
  await speed.getByTestId('browse-bind').click();
  await expect(browser.getByTestId('browse-point')).toHaveValue('pump.PU-1.speed');
  await browser.getByTestId('browse-bind-confirm').click();
  await expect(speed.getByTestId('browse-bound')).toHaveText('→ pump.PU-1.speed');
  await page.screenshot({ path: join(artifacts, 'connections-opcua-browse.png') });
  await expectAccessible(page, '[data-testid="opcua-browser"]');
  await browser.getByTestId('browse-apply').click();

  // the binding is in the connection's form: saved, the point is monitored
  const edit = page.getByTestId('connection-dialog');
  await expect(edit.getByTestId('connection-binding')).toHaveAttribute('data-point', 'pump.PU-1.speed');
  await edit.getByTestId('connection-submit').click();
  await expect(edit).toHaveCount(0);
  await expect(row).toHaveAttribute('data-state', 'connected', { timeout: 30_000 });
  await expect(row.getByTestId('connection-tags')).toHaveText(/^1\b/);
  await row.getByTestId('connection-monitor').click();
  const sample = view.locator(
    '[data-testid="tag-monitor"] [data-testid="sample-row"][data-point="pump.PU-1.speed"]',
  );
  await expect(sample).toHaveAttribute('data-quality', 'good', { timeout: 20_000 });
  await page.screenshot({ path: join(artifacts, 'connections-opcua-bound.png') });

  // the certificate list opens (trust / reject)
  await view.getByTestId('connection-certificates').click();
  await expect(page.getByTestId('certificates-dialog')).toBeVisible();
  await page.screenshot({ path: join(artifacts, 'connections-certificates.png') });
});
