import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Session } from '../../shared/access';
import {
  adminSession,
  auditActions,
  loggedIn,
  openAuthFixture,
  OPERATOR_PASSWORD,
  type AuthFixture,
} from './test-support';

describe('user management', () => {
  let f: AuthFixture;
  let admin: Session;
  beforeEach(async () => {
    f = openAuthFixture();
    ({ session: admin } = await adminSession(f.auth));
  });
  afterEach(() => f.close());

  const addOperator = () =>
    f.auth.createUser(admin, {
      id: 'olga',
      displayName: 'Olga Night Shift',
      role: 'operator',
      password: OPERATOR_PASSWORD,
    });

  it('lets an admin create users, who can then log in with their role', async () => {
    const olga = await addOperator();
    expect(olga).toMatchObject({
      id: 'olga',
      displayName: 'Olga Night Shift',
      role: 'operator',
      disabled: false,
    });
    const login = await f.auth.login('olga', OPERATOR_PASSWORD, 'ws:10.0.0.7');
    expect(login).toMatchObject({
      ok: true,
      session: { user: 'olga', role: 'operator', source: 'ws:10.0.0.7' },
    });
    const users = f.auth.listUsers(admin);
    expect(users.map((u) => u.id)).toEqual(['admin', 'olga']);
    expect(JSON.stringify(users)).not.toContain('scrypt');
  });

  it('refuses, and audits, user management by a non-admin', async () => {
    await addOperator();
    const { session: operator } = await loggedIn(f.auth, 'olga', OPERATOR_PASSWORD, 'ws:10.0.0.7');
    const attempt = f.auth.createUser(operator, {
      id: 'eve',
      role: 'admin',
      password: 'an admin password for eve',
    });
    await expect(attempt).rejects.toMatchObject({ code: 'forbidden' });
    expect(() => f.auth.setRole(operator, 'olga', 'admin')).toThrow(/administrator/);
    expect(() => f.auth.disableUser(operator, 'admin')).toThrow(/administrator/);
    expect(() => f.auth.listUsers(operator)).toThrow(/administrator/);
    // a Session object that claims admin is not enough: the table decides
    expect(() => f.auth.setRole({ ...operator, role: 'admin' }, 'olga', 'admin')).toThrow(/administrator/);

    const denied = (await auditActions(f.audit)).filter((r) => r.result === 'denied');
    expect(denied.map((r) => [r.user, r.source, r.action, r.target])).toEqual([
      ['olga', 'ws:10.0.0.7', 'user.create', 'eve'],
      ['olga', 'ws:10.0.0.7', 'user.role', 'olga'],
      ['olga', 'ws:10.0.0.7', 'user.disable', 'admin'],
      ['olga', 'ws:10.0.0.7', 'user.list', ''],
      ['olga', 'ws:10.0.0.7', 'user.role', 'olga'],
    ]);
    expect(f.auth.listUsers(admin).find((u) => u.id === 'olga')?.role).toBe('operator');
    expect(f.db.prepare("SELECT count(*) FROM users WHERE id = 'eve'").pluck().get()).toBe(0);
  });

  it('refuses duplicates, weak passwords and bad ids', async () => {
    await addOperator();
    await expect(addOperator()).rejects.toMatchObject({ code: 'exists' });
    const weak = f.auth.createUser(admin, { id: 'pat', role: 'viewer', password: 'short' });
    await expect(weak).rejects.toMatchObject({ code: 'weak_password' });
    const badId = f.auth.createUser(admin, { id: 'x', role: 'viewer', password: OPERATOR_PASSWORD });
    await expect(badId).rejects.toMatchObject({ code: 'bad_args' });
  });

  it('applies a role change to live sessions at once', async () => {
    await addOperator();
    const { token } = await loggedIn(f.auth, 'olga', OPERATOR_PASSWORD);
    expect(f.auth.setRole(admin, 'olga', 'engineer')).toMatchObject({ role: 'engineer' });
    expect(f.auth.sessionFor(token)).toMatchObject({ state: 'active', session: { role: 'engineer' } });
    const record = (await auditActions(f.audit)).find((r) => r.action === 'user.role');
    expect(record).toMatchObject({ user: 'admin', target: 'olga', result: 'success' });
    expect(record?.details).toEqual({ from: 'operator', to: 'engineer' });
  });

  it('ends the sessions of a disabled user, who then cannot log in, until enabled again', async () => {
    await addOperator();
    const { token } = await loggedIn(f.auth, 'olga', OPERATOR_PASSWORD);
    f.auth.disableUser(admin, 'olga');
    expect(f.auth.sessionFor(token)).toEqual({ state: 'unknown' });
    const refused = await f.auth.login('olga', OPERATOR_PASSWORD, 'ipc');
    expect(refused).toEqual({
      ok: false,
      reason: 'invalid-credentials',
      message: 'user id or password is wrong',
    });
    f.auth.enableUser(admin, 'olga');
    expect((await f.auth.login('olga', OPERATOR_PASSWORD, 'ipc')).ok).toBe(true);
    const actions = (await auditActions(f.audit)).map((r) => `${r.action}:${r.result}`);
    expect(actions).toEqual(
      expect.arrayContaining(['user.disable:success', 'auth.session.end:ended', 'user.enable:success']),
    );
  });

  it('always keeps one enabled admin', async () => {
    expect(() => f.auth.setRole(admin, 'admin', 'engineer')).toThrow(/last enabled administrator/);
    expect(() => f.auth.disableUser(admin, 'admin')).toThrow(/own account/);
    await f.auth.createUser(admin, { id: 'ada', role: 'admin', password: 'second admin passphrase' });
    const { session: ada } = await loggedIn(f.auth, 'ada', 'second admin passphrase');
    f.auth.setRole(admin, 'ada', 'engineer');
    // ada is no admin any more: her live session cannot manage users
    expect(() => f.auth.disableUser(ada, 'admin')).toThrow(/administrator/);
  });

  it('refuses an admin session that is idle-locked', async () => {
    f.clock.advanceBy(15 * 60_000);
    await expect(addOperator()).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('resets a password: old one refused, sessions ended, lockout lifted', async () => {
    await addOperator();
    const { token } = await loggedIn(f.auth, 'olga', OPERATOR_PASSWORD);
    for (let i = 0; i < 5; i++) await f.auth.login('olga', 'not her password', `ws:10.0.0.${i}`);
    expect(await f.auth.login('olga', OPERATOR_PASSWORD, 'ipc')).toMatchObject({ reason: 'locked-out' });
    await f.auth.resetPassword(admin, 'olga', 'a fresh start for olga');
    expect(f.auth.sessionFor(token)).toEqual({ state: 'unknown' });
    expect((await f.auth.login('olga', OPERATOR_PASSWORD, 'ipc')).ok).toBe(false);
    expect((await f.auth.login('olga', 'a fresh start for olga', 'ipc')).ok).toBe(true);
  });
});
