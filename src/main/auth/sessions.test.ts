import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SessionEvent } from './sessions';
import {
  adminSession,
  auditActions,
  loggedIn,
  openAuthFixture,
  OPERATOR_PASSWORD,
  type AuthFixture,
} from './test-support';

const MINUTE = 60_000;

describe('sessions', () => {
  let f: AuthFixture;
  let token: string;
  let events: string[];
  beforeEach(async () => {
    f = openAuthFixture({ sessionTimes: { idleLockMs: 10 * MINUTE, maxAgeMs: 8 * 60 * MINUTE } });
    const { session: admin } = await adminSession(f.auth);
    await f.auth.createUser(admin, { id: 'olga', role: 'operator', password: OPERATOR_PASSWORD });
    events = [];
    f.auth.onSessionEvent((e: SessionEvent) => {
      if (e.session.user === 'olga') events.push(e.kind === 'ended' ? `ended:${e.reason}` : e.kind);
    });
    ({ token } = await loggedIn(f.auth, 'olga', OPERATOR_PASSWORD, 'ws:10.0.0.7'));
  });
  afterEach(() => f.close());

  it('locks after the idle time; requests in between hold it off', async () => {
    f.clock.advanceBy(9 * MINUTE);
    expect(f.auth.touch(token).state).toBe('active');
    f.clock.advanceBy(9 * MINUTE);
    expect(f.auth.touch(token).state).toBe('active');
    // looking is not activity
    f.clock.advanceBy(9 * MINUTE);
    expect(f.auth.sessionFor(token).state).toBe('active');
    expect(events).toEqual([]);
    // the clock's own timer locks it at the deadline, without waiting for a request
    f.clock.advanceBy(1 * MINUTE);
    expect(events).toEqual(['locked']);
    expect(f.auth.sessionFor(token)).toMatchObject({ state: 'locked', session: { user: 'olga' } });
    // a request on a locked session does not unlock it
    expect(f.auth.touch(token).state).toBe('locked');
    const lock = (await auditActions(f.audit)).find(
      (r) => r.action === 'auth.session.lock' && r.user === 'olga',
    );
    expect(lock).toMatchObject({
      user: 'olga',
      source: 'ws:10.0.0.7',
      result: 'locked',
      time: f.clock.now(),
    });
  });

  it('unlocks with the password of the session user only', async () => {
    f.clock.advanceBy(10 * MINUTE);
    expect(await f.auth.unlock(token, 'correct horse battery staple')).toMatchObject({
      ok: false,
      reason: 'invalid-credentials',
    });
    expect(f.auth.sessionFor(token).state).toBe('locked');
    expect(await f.auth.unlock(token, OPERATOR_PASSWORD)).toMatchObject({
      ok: true,
      session: { user: 'olga' },
    });
    expect(f.auth.touch(token).state).toBe('active');
    expect(events).toEqual(['locked', 'unlocked']);
    // the idle timer starts over from the unlock
    f.clock.advanceBy(10 * MINUTE);
    expect(events).toEqual(['locked', 'unlocked', 'locked']);
    const unlocks = (await auditActions(f.audit)).filter((r) => r.action === 'auth.unlock');
    expect(unlocks.map((r) => r.result)).toEqual(['failed', 'success']);
  });

  it('counts failed unlocks against the lockout', async () => {
    f.clock.advanceBy(10 * MINUTE);
    for (let i = 0; i < 5; i++) await f.auth.unlock(token, 'a guess at her password');
    expect(await f.auth.unlock(token, OPERATOR_PASSWORD)).toMatchObject({ reason: 'locked-out' });
  });

  it('expires after the maximum age, however active', async () => {
    for (let t = 0; t < 8 * 60 - 5; t += 5) {
      f.clock.advanceBy(5 * MINUTE);
      expect(f.auth.touch(token).state).toBe('active');
    }
    f.clock.advanceBy(5 * MINUTE);
    expect(f.auth.touch(token)).toEqual({ state: 'unknown' });
    expect(events).toEqual(['ended:expired']);
    expect(await f.auth.unlock(token, OPERATOR_PASSWORD)).toMatchObject({ reason: 'unknown-session' });
    const expiry = (await auditActions(f.audit)).find(
      (r) => r.action === 'auth.session.expire' && r.user === 'olga',
    );
    expect(expiry).toMatchObject({ user: 'olga', result: 'expired', time: f.clock.now() });
  });

  it('expires a locked session too', async () => {
    f.clock.advanceBy(8 * 60 * MINUTE);
    expect(events).toEqual(['locked', 'ended:expired']);
    expect(f.auth.sessionFor(token)).toEqual({ state: 'unknown' });
  });

  it('ends on logout', async () => {
    expect(f.auth.logout(token)).toBe(true);
    expect(f.auth.sessionFor(token)).toEqual({ state: 'unknown' });
    expect(f.auth.logout(token)).toBe(false);
    expect(events).toEqual(['ended:logout']);
    // nothing left on the clock for it
    expect(f.clock.nextDue()).not.toBeLessThan(f.clock.now() + 10 * MINUTE);
  });

  it('knows no made-up token', () => {
    expect(f.auth.sessionFor('not-a-token')).toEqual({ state: 'unknown' });
    expect(f.auth.touch('')).toEqual({ state: 'unknown' });
  });
});
