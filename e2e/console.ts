// Starts the built console (`aqueduct serve`) as a real child process on a free port, the
// way a user does, and stops it after the tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

export const appRoot = resolve(import.meta.dirname, '..');
export const cli = resolve(appRoot, 'dist/main/cli.js');

export interface RunningConsole {
  url: string;
  process: ChildProcess;
  output: () => string;
  stop(): Promise<void>;
}

export async function startConsole(args: string[] = []): Promise<RunningConsole> {
  const child = spawn(process.execPath, [cli, 'serve', '--port', '0', ...args], {
    cwd: appRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
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
        child.kill('SIGTERM');
      }),
  };
}
