// Signing in and staying signed in. Every connection to the core starts without a session:
// on each (re)connection the client first resumes the session this tab logged in to (its
// token in sessionStorage), and if there is none the console shows the first-administrator
// form or the login form. The core pushes `session.state` when the session locks (idle) or
// ends; the console then shows the lock screen or the login form again.
import type { SessionInfo } from '../../shared/operations';
import { getClient, request, RequestError, type AqueductClient } from '../api/client';
import { setAuth, useAuthStore } from './authStore';
import { clearSessionData, setSession } from './consoleStore';
import { clearToken, readToken, saveToken } from './sessionToken';
import { fetchEverything, startSync, whenConnected, whenSessionRefused } from './sync';

/** Connect to the core with session resume, and wire the store to it. */
export function startConsoleSession(): () => void {
  const client = getClient({
    token: readToken,
    resumed: (session) => adopt(session),
    // the core no longer knows the token (it restarted, the session expired or was ended)
    refused: () => {
      const { phase } = useAuthStore.getState();
      if (phase === 'active' || phase === 'locked') ended('Your session has ended: log in again.');
      else clearToken();
    },
  });
  whenConnected(() => void onConnected(client));
  whenSessionRefused((code) => (code === 'locked' ? lock() : ended('Your session has ended: log in again.')));
  const stopSync = startSync(client);
  const stopPushes = client.onPush('session.state', ({ state, reason }) => {
    if (state === 'locked') lock();
    else if (state === 'active') void activate();
    else ended(reason ? `Your session has ended (${reason}).` : 'Your session has ended: log in again.');
  });
  return () => {
    stopPushes();
    stopSync();
  };
}

/** A channel opened, after the client tried to resume (see `adopt`). */
async function onConnected(client: AqueductClient): Promise<void> {
  const { phase } = useAuthStore.getState();
  if (phase === 'active') return void fetchEverything();
  if (phase === 'locked') return;
  try {
    const status = await client.request('auth.status', {});
    if (status.session) {
      adopt(status.session);
      if (!status.session.locked) void fetchEverything();
      return;
    }
    setAuth({
      phase: status.setupRequired ? 'setup' : 'login',
      setupCodeRequired: status.setupCodeRequired,
    });
  } catch {
    // the channel dropped again; the next one asks again
  }
}

/** The core took a resumed token: active or locked, as the session is. */
function adopt(session: SessionInfo): void {
  setSession(session);
  setAuth({ phase: session.locked ? 'locked' : 'active', notice: null });
}

function lock(): void {
  if (useAuthStore.getState().phase === 'active') setAuth({ phase: 'locked' });
}

async function activate(): Promise<void> {
  setAuth({ phase: 'active' });
  await fetchEverything();
}

function ended(notice: string): void {
  clearToken();
  clearSessionData();
  setAuth({ phase: 'login', notice });
}

/** What a refused sign-in says to the operator: the core's own words (wrong password, locked out). */
export function refusalMessage(error: unknown): string {
  if (error instanceof RequestError) {
    if (error.code === 'disconnected') return 'No connection to the core. Try again when it is back.';
    return error.message;
  }
  return error instanceof Error ? error.message : String(error);
}

export async function logIn(user: string, password: string): Promise<void> {
  const reply = await request('auth.login', { user, password });
  saveToken(reply.token);
  adopt(reply.session);
  await fetchEverything();
}

export async function setUpFirstAdmin(input: {
  user: string;
  password: string;
  displayName?: string;
  setupCode?: string;
}): Promise<void> {
  const reply = await request('auth.setup', input);
  saveToken(reply.token);
  adopt(reply.session);
  await fetchEverything();
}

export async function unlock(password: string): Promise<void> {
  const session = await request('auth.unlock', { password });
  setSession(session);
  await activate();
}

export async function logOut(): Promise<void> {
  try {
    await request('auth.logout', {});
  } finally {
    ended('');
    setAuth({ notice: null });
  }
}
