// Helpers for the auth tests: a real, migrated database file in a fresh temp directory, the
// audit log on the same connection, and a simulated clock.
import type { Database } from 'better-sqlite3';
import { SimulatedClock } from '../../agents/runtime/clock';
import type { Session } from '../../shared/access';
import { SqliteAuditLog, type AuditRecord } from '../storage/audit-log';
import { openStorageDatabase } from '../storage/database';
import { STORAGE_MIGRATIONS } from '../storage/migrations';
import { T0, TempDir } from '../storage/test-support';
import { AuthService, type AuthServiceOptions } from './auth-service';
import { scryptHasher, type PasswordHasher } from './password';
import { AUTH_MIGRATIONS } from './schema';

export { T0 } from '../storage/test-support';

export const ADMIN_PASSWORD = 'correct horse battery staple';
export const OPERATOR_PASSWORD = 'pump station seven at dawn';

/** Until AUTH_MIGRATIONS is appended to the storage list, the tests append it themselves. */
export const TEST_MIGRATIONS = STORAGE_MIGRATIONS.includes(AUTH_MIGRATIONS[0]!)
  ? STORAGE_MIGRATIONS
  : [...STORAGE_MIGRATIONS, ...AUTH_MIGRATIONS];

export interface AuthFixture {
  dir: TempDir;
  path: string;
  db: Database;
  clock: SimulatedClock;
  audit: SqliteAuditLog;
  auth: AuthService;
  /** another service on its own connection to the same file (a second process, a restart) */
  reopen(options?: Partial<AuthServiceOptions>): { db: Database; audit: SqliteAuditLog; auth: AuthService };
  close(): void;
}

export function openAuthFixture(options: Partial<AuthServiceOptions> = {}): AuthFixture {
  const dir = new TempDir();
  const path = dir.file('aqueduct.db');
  const clock = new SimulatedClock(T0);
  const handles: Database[] = [];
  const open = (extra: Partial<AuthServiceOptions>) => {
    const db = openStorageDatabase(path, { migrations: TEST_MIGRATIONS });
    handles.push(db);
    const audit = new SqliteAuditLog(db, clock);
    return { db, audit, auth: new AuthService({ db, audit, clock, ...options, ...extra }) };
  };
  const first = open({});
  return {
    dir,
    path,
    clock,
    ...first,
    reopen: (extra = {}) => open(extra),
    close: () => {
      for (const db of handles) db.close();
      dir.remove();
    },
  };
}

/** Create the first admin and log in; returns the session and its token. */
export async function adminSession(auth: AuthService): Promise<{ session: Session; token: string }> {
  await auth.createFirstAdmin('admin', ADMIN_PASSWORD);
  return loggedIn(auth, 'admin', ADMIN_PASSWORD);
}

export async function loggedIn(
  auth: AuthService,
  id: string,
  password: string,
  source = 'ipc',
): Promise<{ session: Session; token: string }> {
  const result = await auth.login(id, password, source);
  if (!result.ok) throw new Error(`login of ${id} refused: ${result.message}`);
  return { session: result.session, token: result.token };
}

export async function auditActions(audit: SqliteAuditLog): Promise<AuditRecord[]> {
  return audit.records(0, 10_000);
}

/** The real hasher, recording each verify and the scrypt cost of the hash it checked against. */
export class CountingHasher implements PasswordHasher {
  readonly verified: { N: number }[] = [];

  hash(password: string): Promise<string> {
    return scryptHasher.hash(password);
  }

  verify(password: string, stored: string): Promise<boolean> {
    this.verified.push({ N: Number(stored.split('$')[1]) });
    return scryptHasher.verify(password, stored);
  }
}
