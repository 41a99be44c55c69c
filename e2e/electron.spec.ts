// The desktop shell, in the real Electron binary. Skipped (with the reason) where npm could
// not download the binary, as on machines without internet access.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { electronBinary } from '../src/main/electron/locate';
import { appRoot, testUsers } from './console';

const binary = electronBinary();

test.skip(
  binary === null,
  'Electron binary not installed here (its download is blocked); the shell policy is unit-tested in src/main/electron',
);

test('opens one hardened window showing the demo town', async () => {
  // a fresh profile: no users yet, so the window asks for its first administrator
  const profile = mkdtempSync(join(tmpdir(), 'aqueduct-electron-'));
  const app = await electron.launch({
    executablePath: binary!,
    args: [appRoot, '--speed', '60', `--user-data-dir=${profile}`],
  });
  const window = await app.firstWindow();
  // the desktop window is trusted by its transport: no setup code to type
  const { admin } = testUsers;
  await expect(window.getByTestId('setup-screen')).toBeVisible();
  await expect(window.getByTestId('setup-code')).toHaveCount(0);
  await window.getByTestId('setup-user').fill(admin.user);
  await window.getByTestId('setup-password').fill(admin.password);
  await window.getByTestId('setup-password-repeat').fill(admin.password);
  await window.getByTestId('setup-submit').click();
  await expect(window.getByTestId('schematic')).toBeVisible();
  await expect(window.getByTestId('network-summary')).toContainText('Demo Town');
  // the page has the narrow bridge and nothing of Node
  const surface = await window.evaluate(() => ({
    bridge: Object.keys((window as unknown as { aqueduct: object }).aqueduct).sort(),
    require: typeof (window as unknown as { require?: unknown }).require,
    process: typeof (window as unknown as { process?: unknown }).process,
  }));
  expect(surface).toEqual({ bridge: ['onMessage', 'send'], require: 'undefined', process: 'undefined' });
  // navigation away from the console is blocked
  await window.evaluate(() => (location.href = 'https://example.com/'));
  await window.waitForTimeout(500);
  expect(window.url()).toMatch(/^app:\/\/aqueduct\//);
  await app.close();
});
