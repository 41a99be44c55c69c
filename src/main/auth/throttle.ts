// Login throttling per attempted user id and per source, in the login_throttle table. After
// `threshold` consecutive failures a key is locked out; every further failure locks it again
// for twice as long, up to a cap. Times come from the injected clock.
import type { Database, Statement } from 'better-sqlite3';

export type ThrottleScope = 'user' | 'source';

export interface LockoutPolicy {
  /** consecutive failures of one user id before it is locked out */
  userThreshold: number;
  /** consecutive failures from one source (any ids) before it is locked out */
  sourceThreshold: number;
  /** the first lockout; each further one doubles */
  baseMs: number;
  capMs: number;
  /** a key with no failure for this long starts afresh */
  forgetAfterMs: number;
}

export const DEFAULT_LOCKOUT: LockoutPolicy = {
  userThreshold: 5,
  // one workstation ('ipc') is shared by a whole shift, so it may stumble a little more
  sourceThreshold: 10,
  baseMs: 30_000,
  capMs: 15 * 60_000,
  forgetAfterMs: 60 * 60_000,
};

interface Row {
  failures: number;
  lockouts: number;
  lockedUntil: number;
  lastFailureAt: number;
}

export interface Lockout {
  scope: ThrottleScope;
  key: string;
  /** the how-manieth lockout in this run of failures */
  lockouts: number;
  durationMs: number;
  until: number;
}

export class LoginThrottle {
  private readonly s: { get: Statement; put: Statement; clear: Statement; prune: Statement };

  constructor(
    db: Database,
    private readonly policy: LockoutPolicy,
  ) {
    this.s = {
      get: db.prepare(
        `SELECT failures, lockouts, locked_until AS lockedUntil, last_failure_at AS lastFailureAt
         FROM login_throttle WHERE scope = ? AND key = ?`,
      ),
      put: db.prepare(
        `INSERT OR REPLACE INTO login_throttle (scope, key, failures, lockouts, locked_until, last_failure_at)
         VALUES (?, ?, ?, ?, ?, ?)`,
      ),
      clear: db.prepare('DELETE FROM login_throttle WHERE scope = ? AND key = ?'),
      // ids that never existed would otherwise pile up under a spraying attack
      prune: db.prepare('DELETE FROM login_throttle WHERE last_failure_at <= ? AND locked_until <= ?'),
    };
  }

  /** How long `key` stays locked out from `now`; 0 when it may try. */
  retryAfter(scope: ThrottleScope, key: string, now: number): number {
    const row = this.s.get.get(scope, key) as Row | undefined;
    return row ? Math.max(0, row.lockedUntil - now) : 0;
  }

  /** Count a failure; returns the lockout it triggers, if any. Call inside the caller's transaction. */
  recordFailure(scope: ThrottleScope, key: string, now: number): Lockout | undefined {
    const p = this.policy;
    this.s.prune.run(now - p.forgetAfterMs, now);
    const row = (this.s.get.get(scope, key) as Row | undefined) ?? fresh();
    const failures = row.failures + 1;
    const threshold = scope === 'user' ? p.userThreshold : p.sourceThreshold;
    if (failures < threshold) {
      this.s.put.run(scope, key, failures, row.lockouts, row.lockedUntil, now);
      return undefined;
    }
    const lockouts = row.lockouts + 1;
    // 2^(lockouts-1) without overflowing to Infinity after a very long siege
    const durationMs = Math.min(p.baseMs * 2 ** Math.min(lockouts - 1, 40), p.capMs);
    const until = now + durationMs;
    this.s.put.run(scope, key, failures, lockouts, until, now);
    return { scope, key, lockouts, durationMs, until };
  }

  /** A good login ends the run of failures for that key. */
  reset(scope: ThrottleScope, key: string): void {
    this.s.clear.run(scope, key);
  }
}

function fresh(): Row {
  return { failures: 0, lockouts: 0, lockedUntil: 0, lastFailureAt: 0 };
}
