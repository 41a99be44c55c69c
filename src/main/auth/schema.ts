// The auth tables, as migrations to append to the storage database's list (they live in the
// same file as the audit log, so a user change and its audit record commit together).
import type { Migration } from '../storage/migrations';

export const AUTH_SCHEMA = `
CREATE TABLE users (
  id                   TEXT    PRIMARY KEY,
  display_name         TEXT    NOT NULL,
  role                 TEXT    NOT NULL CHECK (role IN ('viewer', 'operator', 'engineer', 'admin')),
  -- scrypt$N$r$p$salt$hash, see password.ts
  password_hash        TEXT    NOT NULL,
  created_at           INTEGER NOT NULL,
  updated_at           INTEGER NOT NULL,
  disabled             INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  -- for the admin's user list: consecutive failed logins since the last good one
  failed_logins        INTEGER NOT NULL DEFAULT 0,
  last_failed_login_at INTEGER,
  last_login_at        INTEGER
) STRICT;

-- Lockout state per attempted user id and per source. Kept apart from users so that ids that
-- do not exist are throttled exactly like real ones (a lockout must not reveal which ids are
-- real), and persisted so a restart does not hand an attacker a fresh set of attempts.
CREATE TABLE login_throttle (
  scope           TEXT    NOT NULL CHECK (scope IN ('user', 'source')),
  key             TEXT    NOT NULL,
  failures        INTEGER NOT NULL,
  lockouts        INTEGER NOT NULL,
  locked_until    INTEGER NOT NULL,
  last_failure_at INTEGER NOT NULL,
  PRIMARY KEY (scope, key)
) STRICT, WITHOUT ROWID;
`;

/**
 * Append these to STORAGE_MIGRATIONS (renumbered if other migrations landed first: versions
 * must run 1, 2, 3, … without gaps).
 */
export const AUTH_MIGRATIONS: readonly Migration[] = [
  {
    version: 3,
    description: 'auth: local users and login throttling',
    up: (db) => db.exec(AUTH_SCHEMA),
  },
];
