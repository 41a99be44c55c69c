// Test support: real users and real logins on a core, through the contract as a client does.
import type { Role } from '../../shared/access';
import type { Caller } from '../api/dispatcher';
import type { Core } from './core';

export const TEST_PASSWORD = 'correct horse battery staple';

let requestId = 1;

/** Send one request as `caller`; the reply as the transport would carry it. */
export async function ask(core: Core, caller: Caller, name: string, args: unknown = {}) {
  return core.dispatcher.handle(JSON.stringify({ kind: 'request', id: requestId++, name, args }), caller);
}

/**
 * A connection logged in with `role`: the first administrator is set up with the console's
 * setup code if there is none yet, and a user `<role>1` created by it when needed.
 */
export async function loginAs(core: Core, role: Role, source = 'test'): Promise<Caller> {
  const admin: Caller = { source };
  const code = core.pendingSetupCode();
  if (code) {
    const reply = await ask(core, admin, 'auth.setup', {
      user: 'admin',
      password: TEST_PASSWORD,
      setupCode: code,
    });
    if (!reply.ok) throw new Error(`setup failed: ${reply.error.message}`);
  } else await mustLogIn(core, admin, 'admin');
  if (role === 'admin') return admin;
  const user = `${role}1`;
  const created = await ask(core, admin, 'users.create', { id: user, role, password: TEST_PASSWORD });
  if (!created.ok && !/exists/.test(created.error.message)) throw new Error(created.error.message);
  const caller: Caller = { source };
  await mustLogIn(core, caller, user);
  return caller;
}

async function mustLogIn(core: Core, caller: Caller, user: string): Promise<void> {
  const reply = await ask(core, caller, 'auth.login', { user, password: TEST_PASSWORD });
  if (!reply.ok) throw new Error(`login of ${user} failed: ${reply.error.message}`);
}
