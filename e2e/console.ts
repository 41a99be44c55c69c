// Starts the built console (`aqueduct serve`) as a real child process on a free port, the
// way a user does, and stops it after the tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const appRoot = resolve(import.meta.dirname, '..');
export const cli = resolve(appRoot, 'dist/main/cli.js');

export interface RunningConsole {
  url: string;
  process: ChildProcess;
  output: () => string;
  stop(): Promise<void>;
}

/**
 * `via: 'cli'` runs the built `aqueduct serve`; `via: 'npm start'` runs what a user types
 * on a fresh checkout (build, then start, which falls back to the web console here).
 */
export async function startConsole(
  args: string[] = [],
  via: 'cli' | 'npm start' = 'cli',
): Promise<RunningConsole> {
  // a fresh data folder: no agent states left over from an earlier run
  const data = ['--data', mkdtempSync(join(tmpdir(), 'aqueduct-e2e-'))];
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
    const timer = setTimeout(() => reject(new Error(`console did not start:\n${output}`)), 30_000);
    child.stdout!.on('data', () => {
      const match = /Aqueduct web console: (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolveUrl(match[1]!);
      }
    });
    child.once('exit', (code) => reject(new Error(`console exited with ${code}:\n${output}`)));
  });
  return {
    url,
    process: child,
    output: () => output,
    stop: () =>
      new Promise((resolveStop) => {
        if (child.exitCode !== null) return resolveStop();
        child.once('exit', () => resolveStop());
        process.kill(-child.pid!, 'SIGTERM');
      }),
  };
}
