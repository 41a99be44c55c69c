// Live login sessions, in memory: a restart logs everyone out, which is the safe direction.
// A session locks after `idleLockMs` without a request and ends `maxAgeMs` after login. The
// state is worked out from the clock on every look-up, so it is right even between timer
// ticks; one timer per session (on the injected clock) only makes the lock and the end happen,
// and get reported, without waiting for the next request.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Cancel, Clock } from '../../agents/runtime/clock';
import type { Role, Session } from '../../shared/access';

export interface SessionTimes {
  /** lock after this long without a request (touch) */
  idleLockMs: number;
  /** end this long after login, locked or not: a shift, then log in again */
  maxAgeMs: number;
}

export const DEFAULT_SESSION_TIMES: SessionTimes = { idleLockMs: 15 * 60_000, maxAgeMs: 12 * 60 * 60_000 };

export type SessionState =
  | { state: 'active'; session: Session; expiresAt: number }
  | { state: 'locked'; session: Session; expiresAt: number }
  | { state: 'unknown' };

export type SessionEndReason = 'logout' | 'expired' | 'user-disabled' | 'password-reset';

export type SessionEvent =
  | { kind: 'locked'; session: Session }
  | { kind: 'unlocked'; session: Session }
  | { kind: 'ended'; session: Session; reason: SessionEndReason };

interface Live {
  key: string;
  session: Session;
  expiresAt: number;
  lastActivity: number;
  locked: boolean;
  cancelTimer: Cancel;
}

export class SessionStore {
  // keyed by a hash of the token: lookups take no time that depends on the secret, and a heap
  // dump holds no usable token
  private readonly live = new Map<string, Live>();

  constructor(
    private readonly clock: Clock,
    private readonly times: SessionTimes,
    private readonly emit: (event: SessionEvent) => void,
  ) {}

  /** `id` is what logs and audit records show; the token never leaves the login reply. */
  create(
    user: string,
    role: Role,
    source: string,
    id: string = randomUUID(),
  ): { token: string; session: Session; expiresAt: number } {
    const token = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    const session: Session = { id, user, role, source };
    const entry: Live = {
      key: tokenKey(token),
      session,
      expiresAt: now + this.times.maxAgeMs,
      lastActivity: now,
      locked: false,
      cancelTimer: () => {},
    };
    this.live.set(entry.key, entry);
    this.schedule(entry);
    return { token, session: { ...session }, expiresAt: entry.expiresAt };
  }

  /** The session's state without counting as activity. */
  peek(token: string): SessionState {
    const entry = this.current(token);
    return entry ? view(entry) : { state: 'unknown' };
  }

  /** The session's state, and a request on an active session resets its idle timer. */
  touch(token: string): SessionState {
    const entry = this.current(token);
    if (!entry) return { state: 'unknown' };
    if (!entry.locked) entry.lastActivity = this.clock.now();
    return view(entry);
  }

  /** The session with this (public) id if it is live and not locked. */
  activeById(id: string): Session | undefined {
    for (const entry of this.live.values()) {
      if (entry.session.id === id)
        return this.evaluate(entry) && !entry.locked ? { ...entry.session } : undefined;
    }
    return undefined;
  }

  unlock(token: string): Session | undefined {
    const entry = this.current(token);
    if (!entry) return undefined;
    const wasLocked = entry.locked;
    entry.locked = false;
    entry.lastActivity = this.clock.now();
    entry.cancelTimer();
    this.schedule(entry);
    if (wasLocked) this.emit({ kind: 'unlocked', session: { ...entry.session } });
    return { ...entry.session };
  }

  end(token: string, reason: SessionEndReason): Session | undefined {
    const entry = this.current(token);
    if (!entry) return undefined;
    this.remove(entry, reason);
    return { ...entry.session };
  }

  /** End every session of `user`, e.g. when the account is disabled; returns them. */
  endAllOf(user: string, reason: SessionEndReason): Session[] {
    const ended = [...this.live.values()].filter((entry) => entry.session.user === user);
    for (const entry of ended) this.remove(entry, reason);
    return ended.map((entry) => entry.session);
  }

  /** A role change applies to live sessions at their next look-up, not at their next login. */
  setRole(user: string, role: Role): void {
    for (const entry of this.live.values()) {
      if (entry.session.user === user) entry.session = { ...entry.session, role };
    }
  }

  /** The entry behind `token` after bringing it up to date with the clock, or undefined. */
  private current(token: string): Live | undefined {
    const entry = this.live.get(tokenKey(token));
    return entry && this.evaluate(entry) ? entry : undefined;
  }

  /** Apply expiry and idle lock as of now; false when the session has ended. */
  private evaluate(entry: Live): boolean {
    const now = this.clock.now();
    if (now >= entry.expiresAt) {
      this.remove(entry, 'expired');
      return false;
    }
    if (!entry.locked && now - entry.lastActivity >= this.times.idleLockMs) {
      entry.locked = true;
      this.emit({ kind: 'locked', session: { ...entry.session } });
    }
    return true;
  }

  private schedule(entry: Live): void {
    const due = entry.locked
      ? entry.expiresAt
      : Math.min(entry.lastActivity + this.times.idleLockMs, entry.expiresAt);
    entry.cancelTimer = this.clock.at(due, () => {
      // activity since scheduling moves the deadline: check and schedule again, rather than
      // cancel and reschedule on every request
      if (this.live.get(entry.key) === entry && this.evaluate(entry)) this.schedule(entry);
    });
  }

  private remove(entry: Live, reason: SessionEndReason): void {
    if (this.live.get(entry.key) !== entry) return;
    this.live.delete(entry.key);
    entry.cancelTimer();
    this.emit({ kind: 'ended', session: { ...entry.session }, reason });
  }
}

function view(entry: Live): SessionState {
  const session = { ...entry.session };
  return entry.locked
    ? { state: 'locked', session, expiresAt: entry.expiresAt }
    : { state: 'active', session, expiresAt: entry.expiresAt };
}

function tokenKey(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}
