// User management. There is never a default password: the first admin is created once, while
// the users table is empty, and from then on only an active admin session can create, disable
// or re-role users. Every change, and every refusal, is audited; a change and its audit record
// commit in one transaction.
import { can, Role, type Session } from '../../shared/access';
import { refuse, type AuthContext } from './context';
import { normalizeUserId, passwordProblems, userIdProblem } from './policy';
import { publicInfo, type UserInfo, type UserRecord } from './users';

export interface NewUserInput {
  id: string;
  /** defaults to the id */
  displayName?: string;
  role: Role;
  password: string;
}

const MAX_DISPLAY_NAME = 100;

type Target = { user: string; source: string; action: string; target: string };

export class UserAdmin {
  constructor(private readonly c: AuthContext) {}

  needsFirstAdmin(): boolean {
    return this.c.users.count() === 0;
  }

  async createFirstAdmin(
    rawId: string,
    password: string,
    source = 'cli',
    displayName?: string,
  ): Promise<UserInfo> {
    const id = normalizeUserId(rawId);
    const at: Target = { user: id || '(empty)', source, action: 'auth.first-admin', target: id };
    if (!this.needsFirstAdmin())
      refuse(this.c, at, 'already_set_up', 'the first administrator already exists');
    const input = this.checkNew(at, { id, displayName, role: 'admin', password });
    const passwordHash = await this.c.hasher.hash(password);
    // IMMEDIATE: the emptiness check and the insert hold the write lock together, so of two
    // racing first-run setups (two windows, two processes) exactly one creates the admin
    const created = this.c.db
      .transaction((): boolean => {
        if (!this.needsFirstAdmin()) return false;
        this.c.users.insert({ ...input, passwordHash }, this.c.clock.now());
        this.c.audit({ ...at, result: 'success', details: { role: 'admin' } });
        return true;
      })
      .immediate();
    if (!created) refuse(this.c, at, 'already_set_up', 'the first administrator already exists');
    return publicInfo(this.c.users.get(id)!);
  }

  async createUser(actor: Session, input: NewUserInput): Promise<UserInfo> {
    const id = normalizeUserId(input.id);
    const at = this.authorize(actor, 'user.create', id);
    const checked = this.checkNew(at, { ...input, id });
    if (this.c.users.get(id)) refuse(this.c, at, 'exists', `user ${id} already exists`);
    const passwordHash = await this.c.hasher.hash(input.password);
    const created = this.c.db
      .transaction((): boolean => {
        // checked again under the lock: the hash took a while
        if (this.c.users.get(id)) return false;
        this.c.users.insert({ ...checked, passwordHash }, this.c.clock.now());
        this.c.audit({ ...at, result: 'success', details: { role: checked.role } });
        return true;
      })
      .immediate();
    if (!created) refuse(this.c, at, 'exists', `user ${id} already exists`);
    return publicInfo(this.c.users.get(id)!);
  }

  disableUser(actor: Session, rawId: string): UserInfo {
    const id = normalizeUserId(rawId);
    const at = this.authorize(actor, 'user.disable', id);
    if (id === actor.user)
      refuse(this.c, at, 'bad_args', 'an administrator cannot disable their own account');
    const user = this.change(at, (user) => {
      if (user.role === 'admin' && !user.disabled && this.lastAdmin()) return 'last_admin';
      this.c.users.setDisabled(id, true, this.c.clock.now());
      return {};
    });
    // after the commit: a rolled-back disable must not have thrown anyone out
    this.c.sessions.endAllOf(id, 'user-disabled');
    return user;
  }

  enableUser(actor: Session, rawId: string): UserInfo {
    const id = normalizeUserId(rawId);
    const at = this.authorize(actor, 'user.enable', id);
    return this.change(at, () => {
      this.c.users.setDisabled(id, false, this.c.clock.now());
      return {};
    });
  }

  setRole(actor: Session, rawId: string, role: Role): UserInfo {
    const id = normalizeUserId(rawId);
    const at = this.authorize(actor, 'user.role', id);
    if (!Role.safeParse(role).success) refuse(this.c, at, 'bad_args', `unknown role ${String(role)}`);
    const user = this.change(at, (user) => {
      if (user.role === 'admin' && role !== 'admin' && !user.disabled && this.lastAdmin())
        return 'last_admin';
      this.c.users.setRole(id, role, this.c.clock.now());
      return { from: user.role, to: role };
    });
    this.c.sessions.setRole(id, role);
    return user;
  }

  /** For a forgotten password: ends the user's sessions and lifts a lockout of that id. */
  async resetPassword(actor: Session, rawId: string, password: string): Promise<UserInfo> {
    const id = normalizeUserId(rawId);
    const at = this.authorize(actor, 'user.password-reset', id);
    if (!this.c.users.get(id)) refuse(this.c, at, 'not_found', `no user ${id}`);
    this.checkPassword(at, id, password);
    const passwordHash = await this.c.hasher.hash(password);
    const user = this.change(at, () => {
      this.c.users.setPasswordHash(id, passwordHash, this.c.clock.now());
      this.c.throttle.reset('user', id);
      return {};
    });
    this.c.sessions.endAllOf(id, 'password-reset');
    return user;
  }

  listUsers(actor: Session): UserInfo[] {
    this.authorize(actor, 'user.list', '');
    return this.c.users.list();
  }

  /**
   * The acting session must be live and unlocked, and its user an enabled admin now, in the
   * table: a Session object a caller kept from before a demotion or a lock counts for nothing.
   */
  private authorize(actor: Session, action: string, target: string): Target {
    const at: Target = { user: actor.user || '(empty)', source: actor.source || '(unknown)', action, target };
    const active = this.c.sessions.activeById(actor.id);
    const user = this.c.users.get(actor.user);
    if (!active || active.user !== actor.user || !user || user.disabled || !can(user.role, 'administer')) {
      refuse(this.c, at, 'forbidden', `${action} needs an active administrator session`);
    }
    return at;
  }

  /**
   * Apply `apply` to an existing user and audit it, atomically. `apply` returns the audit
   * details, or 'last_admin' to refuse (checked under the write lock, so two admins demoting
   * each other at once cannot both succeed).
   */
  private change(at: Target, apply: (user: UserRecord) => Record<string, string> | 'last_admin'): UserInfo {
    const outcome = this.c.db
      .transaction((): UserInfo | 'not_found' | 'last_admin' => {
        const user = this.c.users.get(at.target);
        if (!user) return 'not_found';
        const details = apply(user);
        if (details === 'last_admin') return details;
        this.c.audit({ ...at, result: 'success', details });
        return publicInfo(this.c.users.get(at.target)!);
      })
      .immediate();
    if (outcome === 'not_found') refuse(this.c, at, 'not_found', `no user ${at.target}`);
    if (outcome === 'last_admin') {
      refuse(this.c, at, 'last_admin', 'this is the last enabled administrator; appoint another one first');
    }
    return outcome;
  }

  /**
   * With no enabled admin nobody could manage users, and first-run setup only works on an empty
   * table: there would be no way back short of editing the database file.
   */
  private lastAdmin(): boolean {
    return this.c.users.enabledAdmins() <= 1;
  }

  private checkNew(at: Target, input: NewUserInput): { id: string; displayName: string; role: Role } {
    const idProblem = userIdProblem(input.id);
    if (idProblem) refuse(this.c, at, 'bad_args', idProblem);
    if (!Role.safeParse(input.role).success)
      refuse(this.c, at, 'bad_args', `unknown role ${String(input.role)}`);
    const displayName = (input.displayName ?? input.id).trim();
    if (displayName.length === 0 || displayName.length > MAX_DISPLAY_NAME) {
      refuse(this.c, at, 'bad_args', `display name must be 1–${MAX_DISPLAY_NAME} characters`);
    }
    this.checkPassword(at, input.id, input.password);
    return { id: input.id, displayName, role: input.role };
  }

  private checkPassword(at: Target, id: string, password: string): void {
    const problems = passwordProblems(id, password);
    if (problems.length > 0) refuse(this.c, at, 'weak_password', `password ${problems.join('; ')}`);
  }
}
