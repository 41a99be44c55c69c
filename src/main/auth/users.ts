// The users table: rows in, rows out. Decisions (who may do what) are made in auth-service.ts.
import type { Database, Statement } from 'better-sqlite3';
import type { Role } from '../../shared/access';

/** A user as an admin sees it: never the password hash. */
export interface UserInfo {
  id: string;
  displayName: string;
  role: Role;
  disabled: boolean;
  createdAt: number;
  updatedAt: number;
  failedLogins: number;
  lastFailedLoginAt: number | null;
  lastLoginAt: number | null;
}

export interface UserRecord extends UserInfo {
  passwordHash: string;
}

export interface NewUser {
  id: string;
  displayName: string;
  role: Role;
  passwordHash: string;
}

const COLUMNS = `id, display_name AS displayName, role, password_hash AS passwordHash,
  created_at AS createdAt, updated_at AS updatedAt, disabled, failed_logins AS failedLogins,
  last_failed_login_at AS lastFailedLoginAt, last_login_at AS lastLoginAt`;

export class UserRepo {
  private readonly s: Record<
    | 'count'
    | 'get'
    | 'all'
    | 'insert'
    | 'disabled'
    | 'role'
    | 'password'
    | 'admins'
    | 'loginFailed'
    | 'loginSucceeded',
    Statement
  >;

  constructor(db: Database) {
    this.s = {
      count: db.prepare('SELECT count(*) FROM users').pluck(),
      get: db.prepare(`SELECT ${COLUMNS} FROM users WHERE id = ?`),
      all: db.prepare(`SELECT ${COLUMNS} FROM users ORDER BY id`),
      insert: db.prepare(
        `INSERT INTO users (id, display_name, role, password_hash, created_at, updated_at)
         VALUES (@id, @displayName, @role, @passwordHash, @now, @now)`,
      ),
      disabled: db.prepare('UPDATE users SET disabled = ?, updated_at = ? WHERE id = ?'),
      role: db.prepare('UPDATE users SET role = ?, updated_at = ? WHERE id = ?'),
      password: db.prepare(
        'UPDATE users SET password_hash = ?, updated_at = ?, failed_logins = 0 WHERE id = ?',
      ),
      admins: db.prepare("SELECT count(*) FROM users WHERE role = 'admin' AND disabled = 0").pluck(),
      loginFailed: db.prepare(
        'UPDATE users SET failed_logins = failed_logins + 1, last_failed_login_at = ? WHERE id = ?',
      ),
      loginSucceeded: db.prepare('UPDATE users SET failed_logins = 0, last_login_at = ? WHERE id = ?'),
    };
  }

  count(): number {
    return this.s.count.get() as number;
  }

  get(id: string): UserRecord | undefined {
    const row = this.s.get.get(id) as (Omit<UserRecord, 'disabled'> & { disabled: number }) | undefined;
    return row && { ...row, disabled: row.disabled === 1 };
  }

  list(): UserInfo[] {
    return (this.s.all.all() as (Omit<UserRecord, 'disabled'> & { disabled: number })[]).map(
      ({ passwordHash: _hash, ...row }) => ({ ...row, disabled: row.disabled === 1 }),
    );
  }

  insert(user: NewUser, now: number): void {
    this.s.insert.run({ ...user, now });
  }

  setDisabled(id: string, disabled: boolean, now: number): void {
    this.s.disabled.run(disabled ? 1 : 0, now, id);
  }

  setRole(id: string, role: Role, now: number): void {
    this.s.role.run(role, now, id);
  }

  setPasswordHash(id: string, passwordHash: string, now: number): void {
    this.s.password.run(passwordHash, now, id);
  }

  enabledAdmins(): number {
    return this.s.admins.get() as number;
  }

  loginFailed(id: string, now: number): void {
    this.s.loginFailed.run(now, id);
  }

  loginSucceeded(id: string, now: number): void {
    this.s.loginSucceeded.run(now, id);
  }
}

export function publicInfo(user: UserRecord): UserInfo {
  const { passwordHash: _hash, ...info } = user;
  return info;
}
