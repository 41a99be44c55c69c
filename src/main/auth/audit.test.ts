import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ADMIN_PASSWORD,
  auditActions,
  openAuthFixture,
  OPERATOR_PASSWORD,
  T0,
  type AuthFixture,
} from './test-support';

describe('auth audit trail', () => {
  let f: AuthFixture;
  beforeEach(() => {
    f = openAuthFixture({ sessionTimes: { idleLockMs: 5 * 60_000 } });
  });
  afterEach(() => f.close());

  it('records every auth event with time, user, source, action, target and result, in a chain that verifies', async () => {
    await f.auth.createFirstAdmin('admin', ADMIN_PASSWORD, 'cli');
    f.clock.advanceBy(1_000);
    const adminLogin = await f.auth.login('admin', ADMIN_PASSWORD, 'ipc');
    if (!adminLogin.ok) throw new Error('admin login refused');
    const admin = adminLogin.session;
    await f.auth.createUser(admin, { id: 'olga', role: 'operator', password: OPERATOR_PASSWORD });
    for (let i = 0; i < 5; i++) await f.auth.login('olga', 'wrong guess number', 'ws:198.51.100.4');
    f.clock.advanceBy(30_000);
    const olga = await f.auth.login('olga', OPERATOR_PASSWORD, 'ws:10.0.0.7');
    if (!olga.ok) throw new Error('olga login refused');
    f.clock.advanceBy(5 * 60_000); // both sessions idle-lock
    await f.auth.unlock(adminLogin.token, ADMIN_PASSWORD);
    f.auth.setRole(admin, 'olga', 'engineer');
    f.auth.disableUser(admin, 'olga');
    f.auth.logout(adminLogin.token);

    const records = await auditActions(f.audit);
    const summary = records.map((r) => [r.user, r.source, r.action, r.result]);
    expect(summary).toEqual([
      ['admin', 'cli', 'auth.first-admin', 'success'],
      ['admin', 'ipc', 'auth.login', 'success'],
      ['admin', 'ipc', 'user.create', 'success'],
      ['olga', 'ws:198.51.100.4', 'auth.login', 'failed'],
      ['olga', 'ws:198.51.100.4', 'auth.login', 'failed'],
      ['olga', 'ws:198.51.100.4', 'auth.login', 'failed'],
      ['olga', 'ws:198.51.100.4', 'auth.login', 'failed'],
      ['olga', 'ws:198.51.100.4', 'auth.login', 'failed'],
      ['olga', 'ws:198.51.100.4', 'auth.lockout', 'locked'],
      ['olga', 'ws:10.0.0.7', 'auth.login', 'success'],
      ['admin', 'ipc', 'auth.session.lock', 'locked'],
      ['olga', 'ws:10.0.0.7', 'auth.session.lock', 'locked'],
      ['admin', 'ipc', 'auth.unlock', 'success'],
      ['admin', 'ipc', 'user.role', 'success'],
      ['admin', 'ipc', 'user.disable', 'success'],
      ['olga', 'ws:10.0.0.7', 'auth.session.end', 'ended'],
      ['admin', 'ipc', 'auth.logout', 'success'],
    ]);
    const byAction = (action: string) => records.find((r) => r.action === action)!;
    expect(byAction('auth.login')).toMatchObject({ time: T0 + 1_000, target: admin.id });
    expect(byAction('user.create')).toMatchObject({ target: 'olga', details: { role: 'operator' } });
    expect(byAction('auth.lockout')).toMatchObject({
      target: 'user:olga',
      details: { scope: 'user', lockouts: 1, durationMs: 30_000, until: T0 + 1_000 + 30_000 },
    });
    expect(byAction('user.disable').target).toBe('olga');
    expect(byAction('auth.logout')).toMatchObject({ target: admin.id, time: T0 + 1_000 + 30_000 + 300_000 });

    // the trail names people and outcomes, never secrets
    const all = JSON.stringify(records);
    for (const secret of [
      ADMIN_PASSWORD,
      OPERATOR_PASSWORD,
      'wrong guess number',
      adminLogin.token,
      olga.token,
    ]) {
      expect(all).not.toContain(secret);
    }
    expect(f.audit.verifySync()).toEqual({ ok: true, count: records.length });
  });
});
