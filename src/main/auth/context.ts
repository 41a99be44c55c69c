// What the login side and the user-management side of the auth service share.
import type { Database } from 'better-sqlite3';
import type { Clock } from '../../agents/runtime/clock';
import type { AuditEntry } from '../storage/audit-log';
import { AuthError, type AuthErrorCode } from './errors';
import type { PasswordHasher } from './password';
import type { SessionStore } from './sessions';
import type { LoginThrottle } from './throttle';
import type { UserRepo } from './users';

export interface AuthContext {
  db: Database;
  clock: Clock;
  users: UserRepo;
  throttle: LoginThrottle;
  sessions: SessionStore;
  hasher: PasswordHasher;
  /** append at once; inside a transaction it commits or rolls back with the change it records */
  audit(entry: AuditEntry): void;
}

/** Audit a refusal, then throw it: a refused attempt is as much a part of the trail as a success. */
export function refuse(
  c: AuthContext,
  entry: Pick<AuditEntry, 'user' | 'source' | 'action' | 'target'>,
  code: AuthErrorCode,
  message: string,
): never {
  c.audit({
    ...entry,
    result: code === 'forbidden' ? 'denied' : 'failed',
    details: { reason: code, message },
  });
  throw new AuthError(code, message);
}
