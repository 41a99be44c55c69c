import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuthError } from './errors';
import { ADMIN_PASSWORD, auditActions, openAuthFixture, type AuthFixture } from './test-support';

describe('first administrator', () => {
  let f: AuthFixture;
  beforeEach(() => {
    f = openAuthFixture();
  });
  afterEach(() => f.close());

  it('is needed while there is no user, created once, and never again', async () => {
    expect(f.auth.needsFirstAdmin()).toBe(true);
    const admin = await f.auth.createFirstAdmin('Admin', ADMIN_PASSWORD);
    expect(admin).toMatchObject({ id: 'admin', displayName: 'admin', role: 'admin', disabled: false });
    expect(admin).not.toHaveProperty('passwordHash');
    expect(f.auth.needsFirstAdmin()).toBe(false);

    const second = f.auth.createFirstAdmin('mallory', 'a brand new admin password');
    await expect(second).rejects.toThrow(AuthError);
    await expect(second).rejects.toMatchObject({ code: 'already_set_up' });
    expect(f.db.prepare('SELECT id FROM users').pluck().all()).toEqual(['admin']);

    const records = (await auditActions(f.audit)).filter((r) => r.action === 'auth.first-admin');
    expect(records.map((r) => [r.user, r.source, r.target, r.result])).toEqual([
      ['admin', 'cli', 'admin', 'success'],
      ['mallory', 'cli', 'mallory', 'failed'],
    ]);
  });

  it('has no default: a weak password or a bad id creates nobody', async () => {
    await expect(f.auth.createFirstAdmin('admin', 'admin')).rejects.toMatchObject({ code: 'weak_password' });
    await expect(f.auth.createFirstAdmin('admin', 'password1234')).rejects.toMatchObject({
      code: 'weak_password',
    });
    await expect(f.auth.createFirstAdmin('Bad Id', ADMIN_PASSWORD)).rejects.toMatchObject({
      code: 'bad_args',
    });
    expect(f.auth.needsFirstAdmin()).toBe(true);
  });

  it('lets exactly one of two concurrent setups win', async () => {
    const results = await Promise.allSettled([
      f.auth.createFirstAdmin('alice', ADMIN_PASSWORD),
      f.auth.createFirstAdmin('bob', ADMIN_PASSWORD),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const loser = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(loser.reason).toMatchObject({ code: 'already_set_up' });
    expect(f.db.prepare('SELECT count(*) FROM users').pluck().get()).toBe(1);
  });

  it('lets exactly one of two setups on separate connections to the file win (two processes)', async () => {
    const other = f.reopen();
    const results = await Promise.allSettled([
      f.auth.createFirstAdmin('alice', ADMIN_PASSWORD),
      other.auth.createFirstAdmin('bob', ADMIN_PASSWORD),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(f.db.prepare('SELECT count(*) FROM users').pluck().get()).toBe(1);
    expect(f.audit.verifySync()).toMatchObject({ ok: true });
  });
});
