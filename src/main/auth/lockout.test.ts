import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  adminSession,
  CountingHasher,
  openAuthFixture,
  OPERATOR_PASSWORD,
  type AuthFixture,
} from './test-support';

const WRONG = 'definitely not it';
const SECOND = 1_000;
const MINUTE = 60 * SECOND;

describe('login lockout', () => {
  let f: AuthFixture;
  let hasher: CountingHasher;
  let n = 0;
  /** a different source each time, so only the per-user throttle is in play */
  const fresh = () => `ws:10.0.${n >> 8}.${n++ & 255}`;
  beforeEach(async () => {
    hasher = new CountingHasher();
    f = openAuthFixture({ hasher });
    const { session: admin } = await adminSession(f.auth);
    await f.auth.createUser(admin, { id: 'olga', role: 'operator', password: OPERATOR_PASSWORD });
  });
  afterEach(() => f.close());

  const fail = async (id = 'olga', source = fresh()) =>
    expect(await f.auth.login(id, WRONG, source)).toMatchObject({ reason: 'invalid-credentials' });
  const lockedFor = async (id: string, ms: number, source = fresh()) =>
    expect(await f.auth.login(id, OPERATOR_PASSWORD, source)).toMatchObject({
      ok: false,
      reason: 'locked-out',
      retryAfterMs: ms,
    });

  it('locks a user id out after 5 failures for 30 s, doubling up to 15 min, and a good login resets it', async () => {
    for (let i = 0; i < 5; i++) await fail();
    const verifies = hasher.verified.length;
    await lockedFor('olga', 30 * SECOND);
    // no password is even checked while locked out, right or wrong
    expect(hasher.verified).toHaveLength(verifies);
    f.clock.advanceBy(10 * SECOND);
    await lockedFor('olga', 20 * SECOND);

    const expected = [60, 120, 240, 480, 900, 900].map((s) => s * SECOND);
    let previous = 30 * SECOND;
    for (const next of expected) {
      f.clock.advanceBy(previous);
      await fail();
      await lockedFor('olga', next);
      previous = next;
    }

    f.clock.advanceBy(previous);
    expect((await f.auth.login('olga', OPERATOR_PASSWORD, fresh())).ok).toBe(true);
    // a fresh run of failures: four are allowed again before the first, short lockout
    for (let i = 0; i < 4; i++) await fail();
    expect((await f.auth.login('olga', OPERATOR_PASSWORD, fresh())).ok).toBe(true);
  });

  it('locks an unknown id out exactly like a real one (no user enumeration)', async () => {
    for (let i = 0; i < 5; i++) await fail('nobody');
    await lockedFor('nobody', 30 * SECOND);
    for (let i = 0; i < 5; i++) await fail('olga');
    await lockedFor('olga', 30 * SECOND);
  });

  it('locks a source out after 10 failures across any ids; other sources are unaffected', async () => {
    for (let i = 0; i < 10; i++) await fail(`user${i}`, 'ws:203.0.113.9');
    await lockedFor('olga', 30 * SECOND, 'ws:203.0.113.9');
    expect((await f.auth.login('olga', OPERATOR_PASSWORD, 'ws:10.9.9.9')).ok).toBe(true);
    f.clock.advanceBy(30 * SECOND);
    expect((await f.auth.login('olga', OPERATOR_PASSWORD, 'ws:203.0.113.9')).ok).toBe(true);
  });

  it('cannot be outrun by parallel guesses', async () => {
    hasher.verified.length = 0;
    const answers = await Promise.all(Array.from({ length: 20 }, () => f.auth.login('olga', WRONG, fresh())));
    expect(answers.filter((a) => !a.ok && a.reason === 'invalid-credentials')).toHaveLength(5);
    expect(answers.filter((a) => !a.ok && a.reason === 'locked-out')).toHaveLength(15);
    expect(hasher.verified).toHaveLength(5);
  });

  it('survives a restart', async () => {
    for (let i = 0; i < 5; i++) await fail();
    const restarted = f.reopen();
    expect(await restarted.auth.login('olga', OPERATOR_PASSWORD, fresh())).toMatchObject({
      reason: 'locked-out',
    });
  });

  it('forgets old failures after an hour of quiet', async () => {
    for (let i = 0; i < 4; i++) await fail();
    f.clock.advanceBy(60 * MINUTE);
    await fail();
    expect((await f.auth.login('olga', OPERATOR_PASSWORD, fresh())).ok).toBe(true);
  });
});
