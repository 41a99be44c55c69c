// Local users, logins and sessions for the console (IEC 62443-3-3 SR 1.1, 1.2, 1.5, 1.7, 1.11,
// 2.5, 2.8). Logins refuse an unknown id and a wrong password alike, with the same work done
// (a dummy hash for unknown ids), and are throttled per attempted id and per source. All times
// come from the injected clock.
import { randomBytes, randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { Clock } from '../../agents/runtime/clock';
import type { Role, Session } from '../../shared/access';
import type { AuditEntry, SqliteAuditLog } from '../storage/audit-log';
import type { AuthContext } from './context';
import { parsePasswordHash, scryptHasher, type PasswordHasher } from './password';
import { MAX_PASSWORD_LENGTH, normalizeUserId } from './policy';
import { SerialQueue } from './serial';
import {
  DEFAULT_SESSION_TIMES,
  SessionStore,
  type SessionEvent,
  type SessionState,
  type SessionTimes,
} from './sessions';
import { DEFAULT_LOCKOUT, LoginThrottle, type LockoutPolicy } from './throttle';
import { UserAdmin, type NewUserInput } from './user-admin';
import { UserRepo, type UserInfo, type UserRecord } from './users';

export interface AuthServiceOptions {
  /** the storage database, migrated with AUTH_MIGRATIONS */
  db: Database;
  /** the audit log on the same connection, so changes and their records commit together */
  audit: Pick<SqliteAuditLog, 'appendSync'>;
  /** must follow wall time: an idle lock on a paused or fast-forwarded simulation clock is no lock */
  clock: Clock;
  sessionTimes?: Partial<SessionTimes>;
  lockout?: Partial<LockoutPolicy>;
  hasher?: PasswordHasher;
}

export type LoginRefusal =
  | { ok: false; reason: 'invalid-credentials'; message: string }
  | { ok: false; reason: 'locked-out'; retryAfterMs: number; message: string };

export type LoginResult = { ok: true; token: string; session: Session; expiresAt: number } | LoginRefusal;

export type UnlockResult =
  { ok: true; session: Session } | LoginRefusal | { ok: false; reason: 'unknown-session'; message: string };

/** Longer input than any acceptable password is refused, after the same work as any other. */
const MAX_PASSWORD_INPUT = 4 * MAX_PASSWORD_LENGTH;
const MAX_ID_INPUT = 64;
const MAX_SOURCE = 200;

export class AuthService {
  private readonly c: AuthContext;
  private readonly admin: UserAdmin;
  // one password check at a time: see serial.ts
  private readonly checks = new SerialQueue();
  private readonly listeners = new Set<(event: SessionEvent) => void>();
  private readonly dummyHash: Promise<string>;

  constructor(options: AuthServiceOptions) {
    const { db, clock, audit } = options;
    const sessions = new SessionStore(clock, { ...DEFAULT_SESSION_TIMES, ...options.sessionTimes }, (event) =>
      this.sessionEvent(event),
    );
    this.c = {
      db,
      clock,
      sessions,
      users: new UserRepo(db),
      throttle: new LoginThrottle(db, { ...DEFAULT_LOCKOUT, ...options.lockout }),
      hasher: options.hasher ?? scryptHasher,
      audit: (entry) => void audit.appendSync(entry),
    };
    this.admin = new UserAdmin(this.c);
    // made now, not at the first unknown id: that login would otherwise take twice as long
    this.dummyHash = this.c.hasher.hash(randomBytes(32).toString('base64'));
    // a failure surfaces at the login that needs it, not as an unhandled rejection
    this.dummyHash.catch(() => undefined);
  }

  // ---- first run and user management (see user-admin.ts)

  needsFirstAdmin(): boolean {
    return this.admin.needsFirstAdmin();
  }

  createFirstAdmin(id: string, password: string, source = 'cli', displayName?: string): Promise<UserInfo> {
    return this.admin.createFirstAdmin(id, password, source, displayName);
  }

  createUser(actor: Session, input: NewUserInput): Promise<UserInfo> {
    return this.admin.createUser(actor, input);
  }

  disableUser(actor: Session, id: string): UserInfo {
    return this.admin.disableUser(actor, id);
  }

  enableUser(actor: Session, id: string): UserInfo {
    return this.admin.enableUser(actor, id);
  }

  setRole(actor: Session, id: string, role: Role): UserInfo {
    return this.admin.setRole(actor, id, role);
  }

  resetPassword(actor: Session, id: string, password: string): Promise<UserInfo> {
    return this.admin.resetPassword(actor, id, password);
  }

  listUsers(actor: Session): UserInfo[] {
    return this.admin.listUsers(actor);
  }

  /** The name a user is shown by (the id when the account is gone). */
  displayNameOf(id: string): string {
    return this.c.users.get(id)?.displayName ?? id;
  }

  // ---- sessions

  login(id: string, password: string, source: string): Promise<LoginResult> {
    return this.checks.run(() => this.attemptLogin(id, password, source));
  }

  /** A locked session's own user proves it is still them; counts against the same throttle as logins. */
  unlock(token: string, password: string): Promise<UnlockResult> {
    return this.checks.run(() => this.attemptUnlock(token, password));
  }

  logout(token: string): boolean {
    return this.c.sessions.end(token, 'logout') !== undefined;
  }

  /** For each request: the session's state, and activity that holds off the idle lock. */
  touch(token: string): SessionState {
    return this.c.sessions.touch(token);
  }

  /** The session's state without counting as activity (status displays, push fan-out). */
  sessionFor(token: string): SessionState {
    return this.c.sessions.peek(token);
  }

  /** Locks, unlocks and ends, e.g. to show the lock screen or close a socket. */
  onSessionEvent(listener: (event: SessionEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private async attemptLogin(rawId: string, password: string, rawSource: string): Promise<LoginResult> {
    const id = auditedId(rawId);
    const source = auditedSource(rawSource);
    const at = { user: id, source, action: 'auth.login', target: '' };
    const locked = this.refuseIfLockedOut(at);
    if (locked) return locked;

    const user = this.c.users.get(id);
    const good = await this.checkPassword(user?.passwordHash, password);
    // read again: the account may have been disabled while the hash ran
    const now = this.c.users.get(id);
    const reason = loginProblem(user, now, good, password);
    if (reason !== undefined || !now) return this.failed(at, reason ?? 'unknown-user', now !== undefined);

    const sessionId = randomUUID();
    this.c.db
      .transaction(() => {
        this.c.throttle.reset('user', id);
        this.c.users.loginSucceeded(id, this.c.clock.now());
        this.c.audit({ ...at, target: sessionId, result: 'success', details: { role: now.role } });
      })
      .immediate();
    return { ok: true, ...this.c.sessions.create(id, now.role, source, sessionId) };
  }

  private async attemptUnlock(token: string, password: string): Promise<UnlockResult> {
    const state = this.c.sessions.peek(token);
    if (state.state === 'unknown') return unknownSession();
    const { user: id, source, id: sessionId } = state.session;
    const at = { user: id, source, action: 'auth.unlock', target: sessionId };
    const locked = this.refuseIfLockedOut(at);
    if (locked) return locked;

    const good = await this.checkPassword(this.c.users.get(id)?.passwordHash, password);
    if (!good) return this.failed(at, 'bad-password', this.c.users.get(id) !== undefined);
    // the session may have expired, or the user been disabled, while the hash ran
    if (this.c.sessions.peek(token).state === 'unknown') return unknownSession();
    this.c.db
      .transaction(() => {
        this.c.throttle.reset('user', id);
        this.c.audit({ ...at, result: 'success' });
      })
      .immediate();
    return { ok: true, session: this.c.sessions.unlock(token)! };
  }

  /**
   * Verify against the stored hash, or against a dummy for an unknown id so that both take the
   * same time (overlong input is checked truncated, for the same reason).
   */
  private async checkPassword(stored: string | undefined, password: string): Promise<boolean> {
    const hash = stored ?? (await this.dummyHash);
    return this.c.hasher.verify(password.slice(0, MAX_PASSWORD_INPUT), hash);
  }

  private refuseIfLockedOut(at: Omit<AuditEntry, 'result'>): LoginRefusal | undefined {
    const now = this.c.clock.now();
    const retryAfterMs = Math.max(
      this.c.throttle.retryAfter('user', at.user, now),
      this.c.throttle.retryAfter('source', at.source, now),
    );
    if (retryAfterMs === 0) return undefined;
    // no password check at all while locked out, for known and unknown ids alike
    this.c.audit({ ...at, result: 'locked-out', details: { retryAfterMs } });
    const seconds = Math.ceil(retryAfterMs / 1000);
    return {
      ok: false,
      reason: 'locked-out',
      retryAfterMs,
      message: `too many failed attempts; try again in ${seconds} s`,
    };
  }

  /** Count the failure for the id and the source, audit it (and any lockout), answer vaguely. */
  private failed(at: Omit<AuditEntry, 'result'>, reason: string, knownUser: boolean): LoginRefusal {
    this.c.db
      .transaction(() => {
        const now = this.c.clock.now();
        if (knownUser) this.c.users.loginFailed(at.user, now);
        this.c.audit({ ...at, result: 'failed', details: { reason } });
        for (const [scope, key] of [
          ['user', at.user],
          ['source', at.source],
        ] as const) {
          const lockout = this.c.throttle.recordFailure(scope, key, now);
          if (lockout) {
            const { lockouts, durationMs, until } = lockout;
            this.c.audit({
              user: at.user,
              source: at.source,
              action: 'auth.lockout',
              target: `${scope}:${key}`,
              result: 'locked',
              details: { scope, lockouts, durationMs, until },
            });
          }
        }
      })
      .immediate();
    // the reason stays in the audit trail: the caller learns nothing about which part was wrong
    return { ok: false, reason: 'invalid-credentials', message: 'user id or password is wrong' };
  }

  private sessionEvent(event: SessionEvent): void {
    const { user, source, id } = event.session;
    const at = { user, source, target: id };
    if (event.kind === 'locked') {
      this.c.audit({ ...at, action: 'auth.session.lock', result: 'locked', details: { reason: 'idle' } });
    } else if (event.kind === 'ended') {
      if (event.reason === 'logout') this.c.audit({ ...at, action: 'auth.logout', result: 'success' });
      else if (event.reason === 'expired')
        this.c.audit({ ...at, action: 'auth.session.expire', result: 'expired' });
      else
        this.c.audit({
          ...at,
          action: 'auth.session.end',
          result: 'ended',
          details: { reason: event.reason },
        });
    }
    for (const listener of this.listeners) listener(event);
  }
}

/** Why a login fails, for the audit trail only; undefined when it succeeds. */
function loginProblem(
  before: UserRecord | undefined,
  after: UserRecord | undefined,
  good: boolean,
  password: string,
): string | undefined {
  if (!after) return 'unknown-user';
  if (password.length > MAX_PASSWORD_INPUT) return 'too-long';
  if (!parsePasswordHash(after.passwordHash)) return 'bad-hash';
  // a password reset while the hash ran: the old password no longer opens the account
  if (!good || before?.passwordHash !== after.passwordHash) return 'bad-password';
  if (after.disabled) return 'disabled';
  return undefined;
}

function unknownSession(): UnlockResult {
  return { ok: false, reason: 'unknown-session', message: 'the session has ended; log in again' };
}

/** The id as looked up, throttled and audited: bounded, and never empty (the audit log needs a user). */
function auditedId(raw: string): string {
  return normalizeUserId(raw).slice(0, MAX_ID_INPUT) || '(empty)';
}

function auditedSource(raw: string): string {
  return raw.trim().slice(0, MAX_SOURCE) || '(unknown)';
}
