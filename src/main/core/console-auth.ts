// Logins for the console's transports. Every connection starts without a session; the auth
// requests attach one (login, first-run setup, resume after a reload) and the dispatcher
// refuses everything else until then. While no user exists at all, the console prints a
// one-time setup code where it was started: only someone who can see that terminal can make
// the first administrator from a browser (the desktop window is trusted by its transport).
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { can, Permission } from '../../shared/access';
import type { SessionInfo } from '../../shared/operations';
import type { Caller, Handlers, SessionLookup } from '../api/dispatcher';
import { RequestError } from '../api/dispatcher';
import { AuthError, type AuthService, type SessionState, type UserInfo } from '../auth';

export const AUTH_REQUESTS = [
  'auth.status',
  'auth.setup',
  'auth.login',
  'auth.resume',
  'auth.unlock',
  'auth.logout',
  'session.info',
  'users.list',
  'users.create',
  'users.setRole',
  'users.setEnabled',
  'users.resetPassword',
] as const;
type AuthHandlers = Pick<Handlers, (typeof AUTH_REQUESTS)[number]>;

export class ConsoleAuth {
  private setupCode: string | undefined;

  constructor(readonly service: AuthService) {
    // 10 characters of an unambiguous alphabet: short enough to type, 50 bits against guessing
    if (service.needsFirstAdmin()) this.setupCode = setupCodeOf(randomBytes(10));
    this.handlers = this.makeHandlers();
  }

  /** While no user exists: the code to print where the console was started. */
  pendingSetupCode(): string | undefined {
    return this.service.needsFirstAdmin() ? this.setupCode : undefined;
  }

  readonly lookup: SessionLookup = (token) => this.service.touch(token);

  /** the requests this service answers (made in the constructor, once its fields are set) */
  readonly handlers: AuthHandlers;

  private makeHandlers(): AuthHandlers {
    const auth = this.service;
    const attach = (caller: Caller, token: string, state: SessionState): SessionInfo => {
      caller.token = token;
      if (state.state !== 'unknown') caller.sessionId = state.session.id;
      return this.info(state);
    };
    return {
      'auth.status': (_args, { caller }) => {
        const state = caller.token === undefined ? undefined : auth.sessionFor(caller.token);
        return {
          setupRequired: auth.needsFirstAdmin(),
          setupCodeRequired: !caller.trusted,
          session: state && state.state !== 'unknown' ? this.info(state) : null,
        };
      },
      'auth.setup': async ({ user, password, displayName, setupCode }, { caller }) => {
        if (!auth.needsFirstAdmin())
          throw new RequestError('forbidden', 'the console already has users: log in');
        if (!caller.trusted && !sameCode(setupCode, this.setupCode))
          throw new RequestError(
            'forbidden',
            'wrong setup code: use the one printed where the console was started',
          );
        await mapAuthErrors(() => auth.createFirstAdmin(user, password, caller.source, displayName));
        this.setupCode = undefined;
        return this.login(caller, user, password);
      },
      'auth.login': ({ user, password }, { caller }) => this.login(caller, user, password),
      'auth.resume': ({ token }, { caller }) => {
        const state = auth.touch(token);
        if (state.state === 'unknown')
          throw new RequestError('unauthenticated', 'the session has ended: log in again');
        return attach(caller, token, state);
      },
      'auth.unlock': async ({ password }, { caller }) => {
        if (caller.token === undefined) throw new RequestError('unauthenticated', 'log in first');
        const result = await auth.unlock(caller.token, password);
        if (!result.ok) throw new RequestError('unauthenticated', result.message);
        return this.info(auth.sessionFor(caller.token));
      },
      'auth.logout': (_args, { caller }) => {
        if (caller.token !== undefined) auth.logout(caller.token);
        caller.token = undefined;
        caller.sessionId = undefined;
        return { ok: true as const };
      },
      'session.info': (_args, { caller }) => this.info(auth.sessionFor(caller.token!)),
      'users.list': (_args, { session }) => ({
        users: mapAuthErrorsSync(() => auth.listUsers(session)).map(userView),
      }),
      'users.create': async (input, { session }) =>
        userView(await mapAuthErrors(() => auth.createUser(session, input))),
      'users.setRole': ({ id, role }, { session }) =>
        userView(mapAuthErrorsSync(() => auth.setRole(session, id, role))),
      'users.setEnabled': ({ id, enabled }, { session }) =>
        userView(
          mapAuthErrorsSync(() => (enabled ? auth.enableUser(session, id) : auth.disableUser(session, id))),
        ),
      'users.resetPassword': async ({ id, password }, { session }) =>
        userView(await mapAuthErrors(() => auth.resetPassword(session, id, password))),
    };
  }

  private async login(caller: Caller, user: string, password: string) {
    const result = await this.service.login(user, password, caller.source);
    if (!result.ok) throw new RequestError('unauthenticated', result.message);
    caller.token = result.token;
    caller.sessionId = result.session.id;
    return { token: result.token, session: this.info(this.service.sessionFor(result.token)) };
  }

  private info(state: SessionState): SessionInfo {
    if (state.state === 'unknown')
      throw new RequestError('unauthenticated', 'the session has ended: log in again');
    const { user, role } = state.session;
    return {
      user,
      displayName: this.service.displayNameOf(user),
      role,
      permissions: Permission.options.filter((p) => can(role, p)),
      locked: state.state === 'locked',
      expiresAt: state.expiresAt,
    };
  }
}

function userView(user: UserInfo) {
  return {
    id: user.id,
    displayName: user.displayName,
    role: user.role,
    disabled: user.disabled,
    createdAt: user.createdAt,
    lastLoginAt: user.lastLoginAt,
    failedLogins: user.failedLogins,
  };
}

/** user management refusals: 'forbidden' stays forbidden, the rest is the caller's input */
function toRequestError(error: unknown): unknown {
  if (error instanceof AuthError)
    return new RequestError(error.code === 'forbidden' ? 'forbidden' : 'bad_args', error.message);
  return error;
}

async function mapAuthErrors<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw toRequestError(error);
  }
}

function mapAuthErrorsSync<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    throw toRequestError(error);
  }
}

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

function setupCodeOf(bytes: Buffer): string {
  const chars = [...bytes].map((b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('');
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}

function sameCode(given: string | undefined, expected: string | undefined): boolean {
  if (given === undefined || expected === undefined) return false;
  const a = Buffer.from(given.trim().toUpperCase());
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
