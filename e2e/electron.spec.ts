// The desktop shell, in the real Electron binary. Skipped (with the reason) where npm could
// not download the binary, as on machines without internet access.
import { _electron as electron, expect, test } from '@playwright/test';
import { electronBinary } from '../src/main/electron/locate';
import { appRoot } from './console';

const binary = electronBinary();

test.skip(
  binary === null,
  'Electron binary not installed here (its download is blocked); the shell policy is unit-tested in src/main/electron',
);

test('opens one hardened window showing the demo town', async () => {
  const app = await electron.launch({ executablePath: binary!, args: [appRoot, '--speed', '60'] });
  const window = await app.firstWindow();
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
