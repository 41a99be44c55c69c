// Starts the built console (`aqueduct serve`) as a real child process on a free port, the
// way a user does, and stops it after the tests. A fresh console has no users: it prints a
// one-time setup code, with which (unless told not to) this creates, through the real
// WebSocket contract, the first administrator, an operator and a viewer with known passwords.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, type Page } from '@playwright/test';
import WebSocket from 'ws';
import type { Role } from '../src/shared/access';
import type { ArgsOf, RequestName, ResultOf } from '../src/shared/contract';

export const appRoot = resolve(import.meta.dirname, '..');
export const cli = resolve(appRoot, 'dist/main/cli.js');

export interface Credentials {
  user: string;
  password: string;
  role: Role;
  displayName: string;
}

/** The accounts `startConsole` creates (test passwords: long enough, not common). */
export const testUsers = {
  admin: { user: 'ada', password: 'Admin-Console-7431', role: 'admin', displayName: 'Ada Admin' },
  operator: { user: 'olga', password: 'Operator-Shift-2958', role: 'operator', displayName: 'Olga Operator' },
  viewer: { user: 'vic', password: 'Viewer-Screen-6604', role: 'viewer', displayName: 'Vic Viewer' },
} as const satisfies Record<string, Credentials>;

export interface RunningConsole {
  url: string;
  process: ChildProcess;
  output: () => string;
  /** the one-time code the console printed while it had no user */
  setupCode: string | undefined;
  /** the accounts created (none with `users: false`) */
  users: typeof testUsers;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** create the test accounts (default); false leaves the console as its data folder has it */
  users?: boolean;
  /** the data folder (users, storage, agent states); default: a fresh one */
  dataDir?: string;
}

/**
 * `via: 'cli'` runs the built `aqueduct serve`; `via: 'npm start'` runs what a user types
 * on a fresh checkout (build, then start, which falls back to the web console here).
 */
export async function startConsole(
  args: string[] = [],
  via: 'cli' | 'npm start' = 'cli',
  options: StartOptions = {},
): Promise<RunningConsole> {
  // a fresh data folder unless told: no users, no agent states left over from an earlier run
  const data = ['--data', options.dataDir ?? mkdtempSync(join(tmpdir(), 'aqueduct-e2e-'))];
  const [command, commandArgs] =
    via === 'cli'
      ? [process.execPath, [cli, 'serve', '--port', '0', ...data, ...args]]
      : ['npm', ['start', '--silent', '--', '--web', '--port', '0', ...data, ...args]];
  // its own process group, so stopping it also stops what npm started
  const child = spawn(command, commandArgs, {
    cwd: appRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => {
      // a console that never came up must not outlive the test run
      if (child.exitCode === null) process.kill(-child.pid!, 'SIGKILL');
      reject(new Error(`console did not start:\n${output}`));
    }, 60_000);
    child.stdout!.on('data', () => {
      const match = /Aqueduct web console: (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolveUrl(match[1]!);
      }
    });
    child.once('exit', (code) => reject(new Error(`console exited with ${code}:\n${output}`)));
  });
  // printed before the address line while the console has no user
  const setupCode = /setup code (\S+)/.exec(output)?.[1];
  const running: RunningConsole = {
    url,
    process: child,
    output: () => output,
    setupCode,
    users: testUsers,
    stop: () =>
      new Promise((resolveStop) => {
        if (child.exitCode !== null) return resolveStop();
        child.once('exit', () => resolveStop());
        process.kill(-child.pid!, 'SIGTERM');
      }),
  };
  if (options.users !== false) {
    try {
      await createTestUsers(running);
    } catch (error) {
      await running.stop();
      throw error;
    }
  }
  return running;
}

/** The first administrator (with the printed setup code), then the operator and the viewer. */
async function createTestUsers(app: RunningConsole): Promise<void> {
  if (!app.setupCode) throw new Error(`the console printed no setup code:\n${app.output()}`);
  const { admin, operator, viewer } = testUsers;
  await withCore(app.url, async (call) => {
    await call('auth.setup', {
      user: admin.user,
      password: admin.password,
      displayName: admin.displayName,
      setupCode: app.setupCode,
    });
    for (const u of [operator, viewer])
      await call('users.create', {
        id: u.user,
        displayName: u.displayName,
        role: u.role,
        password: u.password,
      });
  });
}

type Call = <N extends RequestName>(name: N, args: ArgsOf<N>) => Promise<ResultOf<N>>;

/**
 * A connection of its own to the core's /api from Node (no Origin header: a local process),
 * for test setup; `run` gets a typed request function, and the socket closes after it.
 */
export async function withCore<T>(url: string, run: (call: Call) => Promise<T>): Promise<T> {
  const socket = new WebSocket(`${url.replace(/^http/, 'ws')}api`);
  await new Promise<void>((ok, fail) => {
    socket.once('open', () => ok());
    socket.once('error', fail);
  });
  const waiting = new Map<
    number,
    (reply: { ok: boolean; result?: unknown; error?: { message: string } }) => void
  >();
  socket.on('message', (data) => {
    const message = JSON.parse(String(data));
    if (message.kind === 'reply') waiting.get(message.id)?.(message);
  });
  let nextId = 1;
  const call: Call = (name, args) =>
    new Promise((ok, fail) => {
      const id = nextId++;
      waiting.set(id, (reply) => {
        waiting.delete(id);
        if (reply.ok) ok(reply.result as never);
        else fail(new Error(`${name}: ${reply.error?.message}`));
      });
      socket.send(JSON.stringify({ kind: 'request', id, name, args }));
    });
  try {
    return await run(call);
  } finally {
    socket.close();
  }
}

/** Open the console and log in through its login form; returns once the schematic is there. */
export async function login(page: Page, app: RunningConsole, who: Credentials): Promise<void> {
  await page.goto(app.url);
  await fillLogin(page, who);
  await expect(page.getByTestId('user-name')).toHaveText(who.displayName);
  await expect(page.getByTestId('schematic')).toBeVisible();
}

/** Type the credentials into the login form and submit it. */
export async function fillLogin(page: Page, who: Credentials): Promise<void> {
  await page.getByTestId('login-user').fill(who.user);
  await page.getByTestId('login-password').fill(who.password);
  await page.getByTestId('login-submit').click();
}
