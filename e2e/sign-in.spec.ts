// Signing in, on a console started fresh (no user yet): the first administrator is created in
// the browser with the setup code the console printed; then the login form refuses a wrong
// password and accepts the right one; a reload resumes the session; logging out ends it.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { appRoot, startConsole, type RunningConsole } from './console';

const artifacts = resolve(appRoot, 'e2e/artifacts');
mkdirSync(artifacts, { recursive: true });

const admin = { user: 'root-admin', password: 'First-Admin-Setup-8817', displayName: 'Rosa Root' };

let consoleApp: RunningConsole;
test.beforeAll(async () => {
  consoleApp = await startConsole(['--speed', '60'], 'cli', { users: false });
});
test.afterAll(async () => {
  await consoleApp?.stop();
});

/** No serious or critical accessibility violation on what is on screen. */
async function expectAccessible(page: Page, include?: string) {
  const builder = new AxeBuilder({ page });
  if (include) builder.include(include);
  const { violations } = await builder.analyze();
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual(
    [],
  );
}

test.describe.configure({ mode: 'serial' });

test('the first administrator is created in the console with the printed setup code', async ({ page }) => {
  expect(consoleApp.setupCode).toMatch(/^[A-Z2-9]{5}-[A-Z2-9]{5}$/);
  await page.goto(consoleApp.url);
  const setup = page.getByTestId('setup-screen');
  await expect(setup).toBeVisible();
  // nothing of the network before a session
  await expect(page.getByTestId('schematic')).toHaveCount(0);
  await expectAccessible(page);

  await page.getByTestId('setup-code').fill('WRONG-CODE1');
  await page.getByTestId('setup-user').fill(admin.user);
  await page.getByTestId('setup-display-name').fill(admin.displayName);
  await page.getByTestId('setup-password').fill(admin.password);
  await page.getByTestId('setup-password-repeat').fill(admin.password);
  await page.getByTestId('setup-submit').click();
  await expect(page.getByTestId('sign-in-error')).toContainText('wrong setup code');
  await page.screenshot({ path: join(artifacts, 'sign-in-setup-refused.png') });

  await page.getByTestId('setup-code').fill(consoleApp.setupCode!);
  await page.getByTestId('setup-submit').click();
  await expect(page.getByTestId('user-name')).toHaveText(admin.displayName);
  await expect(page.getByTestId('user-role')).toHaveText('admin');
  await expect(page.getByTestId('schematic')).toBeVisible();
});

test('the login form refuses a wrong password, accepts the right one; a reload resumes; log out ends it', async ({
  page,
}) => {
  await page.goto(consoleApp.url);
  const login = page.getByTestId('login-screen');
  await expect(login).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: join(artifacts, 'sign-in-login.png') });

  await page.getByTestId('login-user').fill(admin.user);
  await page.getByTestId('login-password').fill('not-the-password-at-all');
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('sign-in-error')).toContainText(/wrong/i);
  await expect(page.getByTestId('login-password')).toHaveValue('');
  await page.screenshot({ path: join(artifacts, 'sign-in-refused.png') });

  await page.getByTestId('login-password').fill(admin.password);
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('user-name')).toHaveText(admin.displayName);
  await expect(page.getByTestId('schematic')).toBeVisible();

  // the token lives in sessionStorage, never in the address
  expect(page.url()).not.toMatch(/token/i);
  await page.reload();
  await expect(page.getByTestId('user-name')).toHaveText(admin.displayName);
  await expect(page.getByTestId('login-screen')).toHaveCount(0);
  await expect(page.getByTestId('network-summary')).toContainText('Demo Town');

  await page.getByTestId('user-menu').click();
  await page.screenshot({ path: join(artifacts, 'sign-in-user-menu.png') });
  await page.getByTestId('logout').click();
  await expect(page.getByTestId('login-screen')).toBeVisible();
  await page.reload();
  await expect(page.getByTestId('login-screen')).toBeVisible();
});

test('the administrator creates a user, changes its role, disables it and resets its password', async ({
  page,
  browser,
}) => {
  const newcomer = { user: 'nina', password: 'Night-Shift-Panel-4410', displayName: 'Nina Night' };
  await page.goto(consoleApp.url);
  await page.getByTestId('login-user').fill(admin.user);
  await page.getByTestId('login-password').fill(admin.password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('user-menu').click();
  await page.getByTestId('open-users').click();
  const users = page.getByTestId('users-view');

  await users.getByTestId('user-create').click();
  const dialog = page.getByTestId('user-dialog');
  await dialog.getByTestId('new-user-id').fill(newcomer.user);
  await dialog.getByTestId('new-user-name').fill(newcomer.displayName);
  await dialog.getByTestId('new-user-role').selectOption('viewer');
  // the core refuses a weak password, in its own words
  await dialog.getByTestId('new-user-password').fill('short');
  await dialog.getByTestId('new-user-submit').click();
  await expect(dialog.getByTestId('sign-in-error')).toContainText('12');
  await dialog.getByTestId('new-user-password').fill(newcomer.password);
  await dialog.getByTestId('new-user-submit').click();
  await expect(dialog).toHaveCount(0);
  const row = users.locator(`[data-testid="user-row"][data-user-id="${newcomer.user}"]`);
  await expect(row).toContainText(newcomer.displayName);

  await row.getByTestId('user-role-select').selectOption('operator');
  await expect(row.getByTestId('user-role-select')).toHaveValue('operator');
  await row.getByTestId('user-toggle').click();
  await expect(row.getByTestId('user-status')).toHaveText('DISABLED');
  await page.screenshot({ path: join(artifacts, 'users-view.png') });

  // a disabled user cannot log in
  const other = await (await browser.newContext()).newPage();
  await other.goto(consoleApp.url);
  await other.getByTestId('login-user').fill(newcomer.user);
  await other.getByTestId('login-password').fill(newcomer.password);
  await other.getByTestId('login-submit').click();
  await expect(other.getByTestId('sign-in-error')).toBeVisible();

  // enabled again, with a new password: logs in as an operator
  await row.getByTestId('user-toggle').click();
  await expect(row.getByTestId('user-status')).toHaveText('enabled');
  await row.getByTestId('user-reset').click();
  const reset = page.getByTestId('password-dialog');
  await reset.getByTestId('reset-password').fill('Fresh-Password-Given-9931');
  await reset.getByTestId('reset-submit').click();
  await expect(reset).toContainText('Password changed');
  await other.getByTestId('login-password').fill('Fresh-Password-Given-9931');
  await other.getByTestId('login-submit').click();
  await expect(other.getByTestId('user-role')).toHaveText('operator');
  await other.context().close();
});
