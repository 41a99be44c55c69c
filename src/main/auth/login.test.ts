import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Session } from '../../shared/access';
import {
  adminSession,
  auditActions,
  CountingHasher,
  openAuthFixture,
  OPERATOR_PASSWORD,
  type AuthFixture,
} from './test-support';

const REFUSED = { ok: false, reason: 'invalid-credentials', message: 'user id or password is wrong' };

describe('login', () => {
  let f: AuthFixture;
  let hasher: CountingHasher;
  let admin: Session;
  beforeEach(async () => {
    hasher = new CountingHasher();
    f = openAuthFixture({ hasher });
    ({ session: admin } = await adminSession(f.auth));
    await f.auth.createUser(admin, { id: 'olga', role: 'operator', password: OPERATOR_PASSWORD });
  });
  afterEach(() => f.close());

  it('gives a session with a random 32-byte token and the user role', async () => {
    const a = await f.auth.login(' Olga', OPERATOR_PASSWORD, 'ws:10.0.0.7');
    const b = await f.auth.login('olga', OPERATOR_PASSWORD, 'ws:10.0.0.7');
    if (!a.ok || !b.ok) throw new Error('login refused');
    expect(a.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(a.token, 'base64url')).toHaveLength(32);
    expect(a.token).not.toBe(b.token);
    expect(a.session).toMatchObject({ user: 'olga', role: 'operator', source: 'ws:10.0.0.7' });
    expect(a.session.id).not.toContain(a.token);
    expect(f.auth.sessionFor(a.token)).toMatchObject({ state: 'active', session: a.session });
    expect(f.auth.listUsers(admin).find((u) => u.id === 'olga')?.lastLoginAt).toBe(f.clock.now());
  });

  it('refuses a wrong password, an unknown user and a disabled user with the same answer', async () => {
    const wrong = await f.auth.login('olga', 'not the password at all', 'ipc');
    const unknown = await f.auth.login('nobody', OPERATOR_PASSWORD, 'ipc');
    const empty = await f.auth.login('', '', 'ipc');
    f.auth.disableUser(admin, 'olga');
    const disabled = await f.auth.login('olga', OPERATOR_PASSWORD, 'ipc');
    for (const answer of [wrong, unknown, empty, disabled]) expect(answer).toEqual(REFUSED);
    // the reason is for the audit trail only
    const failed = (await auditActions(f.audit)).filter(
      (r) => r.action === 'auth.login' && r.result === 'failed',
    );
    expect(failed.map((r) => [r.user, r.details.reason])).toEqual([
      ['olga', 'bad-password'],
      ['nobody', 'unknown-user'],
      ['(empty)', 'unknown-user'],
      ['olga', 'disabled'],
    ]);
  });

  it('does the same work for an unknown user as for a wrong password', async () => {
    hasher.verified.length = 0;
    await f.auth.login('olga', 'not the password at all', 'ipc');
    await f.auth.login('nobody', 'not the password at all', 'ipc');
    await f.auth.login('nobody-else', 'x'.repeat(100_000), 'ipc');
    // one full-cost scrypt verification each, against a hash of the same cost
    expect(hasher.verified).toEqual([{ N: 2 ** 15 }, { N: 2 ** 15 }, { N: 2 ** 15 }]);
  });

  it('refuses a user whose stored hash was tampered with', async () => {
    f.db.prepare("UPDATE users SET password_hash = 'plaintext' WHERE id = 'olga'").run();
    expect(await f.auth.login('olga', 'plaintext', 'ipc')).toEqual(REFUSED);
    const last = (await auditActions(f.audit)).at(-1);
    expect(last).toMatchObject({ action: 'auth.login', result: 'failed', details: { reason: 'bad-hash' } });
  });

  it('records failed logins against the user for the admin list, cleared by a good login', async () => {
    await f.auth.login('olga', 'not the password at all', 'ipc');
    await f.auth.login('olga', 'not the password either', 'ipc');
    expect(f.db.prepare("SELECT failed_logins FROM users WHERE id = 'olga'").pluck().get()).toBe(2);
    await f.auth.login('olga', OPERATOR_PASSWORD, 'ipc');
    expect(f.db.prepare("SELECT failed_logins FROM users WHERE id = 'olga'").pluck().get()).toBe(0);
  });
});
