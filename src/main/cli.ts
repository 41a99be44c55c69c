// `aqueduct` — the command line of the console.
//   aqueduct start   desktop window where Electron is installed, otherwise the web console
//   aqueduct serve   the web console on 127.0.0.1 (headless core + renderer over HTTP/WebSocket)
//   aqueduct simulate <scenario>   run a scenario headless and write its report
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { homedir, userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Core } from './core/core';
import { firstRunPrompt } from './auth';
import { simulateFile } from './core/simulation';
import { startWebServer } from './server/web-server';
import { Speed } from '../shared/contract';
import { electronBinary } from './electron/locate';
import { systemClock } from './core/system-clock';
import { SqliteAuditLog } from './storage/audit-log';
import { openStorageDatabase } from './storage/database';
import { STORAGE_FILE } from './storage/storage';
import { backupStorage, restoreStorage } from './storage/backup';

const appRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const DEFAULT_PORT = 8470;

const usage = `Aqueduct — operator console for water distribution networks

Usage:
  aqueduct start [options]   open the desktop console (web console if Electron is not installed)
  aqueduct serve [options]   run the web console on this machine
  aqueduct simulate <scenario.yaml|json> --report <out.json> [--speed max|N]
                             run a scenario headless (flat out unless the scenario or --speed
                             says otherwise) and write its report
  aqueduct audit verify [--data <dir>]
                             check that the audit trail is complete and unaltered
  aqueduct backup --out <file.db> [--data <dir>]
                             copy the storage file (history, audit trail, users, alarm journal)
  aqueduct restore <file.db> [--data <dir>]
                             put a checked backup in place (the console must be stopped; the
                             file it replaces is kept beside it)
  aqueduct plant --network <inp|demo> --opcua <port> --modbus <port> --mqtt <port|url>
                             serve the digital twin as a pump station (aqueduct plant --help)
  aqueduct help | --version

Options:
  --network <file.inp|demo>  network to run (default: demo, the built-in demo town)
  --port <n>                 HTTP port for the web console (default ${DEFAULT_PORT}; 0 = any free port)
  --host <addr>              address to listen on (default 127.0.0.1; keep it on loopback)
  --speed <n|max>            simulated seconds per wall second (default 60)
  --step <seconds>           hydraulic step of the digital twin (default 15)
  --data <dir>               where the console keeps agent states across restarts
                             (default ~/.aqueduct)
  --web                      with start: skip the desktop window, run the web console
`;

async function main(argv: string[]): Promise<number> {
  // the plant simulator has options of its own: dispatch before the console's are parsed
  if (argv[0] === 'plant') return (await import('./plant-cli')).plantMain(argv.slice(1), appRoot);
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      network: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      speed: { type: 'string' },
      step: { type: 'string' },
      web: { type: 'boolean' },
      report: { type: 'string' },
      out: { type: 'string' },
      data: { type: 'string' },
      version: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const command = positionals[0] ?? 'start';
  if (values.version) {
    console.log(JSON.parse(readFileSync(resolve(appRoot, 'package.json'), 'utf8')).version);
    return 0;
  }
  if (values.help || command === 'help') {
    console.log(usage);
    return 0;
  }
  if (command === 'audit') {
    if (positionals[1] !== 'verify') throw new UsageError('usage: aqueduct audit verify [--data <dir>]');
    return auditVerify(resolve(values.data ?? join(homedir(), '.aqueduct')));
  }
  if (command === 'backup' || command === 'restore') {
    const dataDir = resolve(values.data ?? join(homedir(), '.aqueduct'));
    const actor = { user: userInfo().username || 'unknown', source: 'cli' };
    if (command === 'backup') {
      if (!values.out) throw new UsageError('usage: aqueduct backup --out <file.db> [--data <dir>]');
      console.log(JSON.stringify(await backupStorage(dataDir, resolve(values.out), actor, systemClock)));
    } else {
      if (!positionals[1]) throw new UsageError('usage: aqueduct restore <file.db> [--data <dir>]');
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      console.log(
        JSON.stringify(restoreStorage(dataDir, resolve(positionals[1]), actor, systemClock, stamp)),
      );
    }
    return 0;
  }
  if (command === 'simulate') {
    const file = positionals[1];
    if (!file)
      throw new UsageError('simulate needs a scenario file: aqueduct simulate town.yaml --report out.json');
    return simulateCommand(
      file,
      values.report,
      values.speed === undefined ? undefined : parseSpeed(values.speed),
    );
  }
  if (command !== 'start' && command !== 'serve') {
    console.error(`aqueduct: unknown command "${command}"\n\n${usage}`);
    return 2;
  }
  const speed = parseSpeed(values.speed ?? '60');
  const step = values.step === undefined ? 15 : Number(values.step);
  if (!Number.isFinite(step) || step < 1 || step > 3600)
    throw new UsageError('--step must be 1–3600 seconds');
  const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port must be 0–65535');

  if (command === 'start' && !values.web) {
    const electron = electronBinary();
    if (electron) return runDesktop(electron, argv.slice(positionals.length ? 1 : 0));
    console.log('Electron is not installed on this machine; starting the web console instead.');
  }
  const dataDir = resolve(values.data ?? join(homedir(), '.aqueduct'));
  return serve({ network: values.network, host: values.host, port, speed, step, dataDir });
}

async function serve(o: {
  network?: string;
  host?: string;
  port: number;
  speed: Speed;
  step: number;
  dataDir: string;
}) {
  const now = Date.now();
  const core = await Core.create({
    network: o.network,
    assetsDir: resolve(appRoot, 'assets'),
    speed: o.speed,
    hydraulicStep: o.step,
    // the twin starts at today's local midnight so the demand patterns read like a day
    startMs: startOfLocalDay(now),
    utcOffsetMinutes: -new Date(now).getTimezoneOffset(),
    dataDir: o.dataDir,
    log: (line) => console.error(`[core] ${line}`),
  });
  const rendererDir = resolve(appRoot, 'dist/renderer');
  if (!existsSync(resolve(rendererDir, 'index.html'))) {
    console.error('aqueduct: the renderer is not built; run `npm run build` first');
    await core.close();
    return 1;
  }
  const server = await startWebServer(core, {
    host: o.host,
    port: o.port,
    rendererDir,
    log: (line) => console.error(`[web] ${line}`),
  }).catch((error: NodeJS.ErrnoException) => {
    void core.close();
    if (error.code === 'EADDRINUSE')
      throw new UsageError(`port ${o.port} is in use; choose another with --port`);
    throw error;
  });
  await firstRun(core);
  console.log(`Aqueduct web console: ${server.url}`);
  await new Promise<void>((resolveStop) => {
    const stop = () => resolveStop();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  await core.close();
  return 0;
}

/**
 * No user yet: in a terminal, ask for the first administrator there; otherwise (or if the
 * operator declines) print the one-time setup code the console's first screen asks for.
 */
async function firstRun(core: Core): Promise<void> {
  if (!core.pendingSetupCode()) return;
  if (process.stdin.isTTY) {
    const outcome = await firstRunPrompt(core.users, { input: process.stdin, output: process.stdout });
    if (outcome.created) return;
  }
  const code = core.pendingSetupCode();
  if (code)
    console.log(
      `Aqueduct has no users yet. Create the first administrator in the console with setup code ${code}`,
    );
}

async function simulateCommand(file: string, reportPath: string | undefined, speed?: Speed): Promise<number> {
  const started = performance.now();
  const bar = process.stderr.isTTY ? progressBar() : () => {};
  const report = await simulateFile(file, { assetsDir: resolve(appRoot, 'assets'), onProgress: bar, speed });
  const json = JSON.stringify(report, null, 2);
  if (reportPath) await writeFile(reportPath, json + '\n');
  else console.log(json);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.error(
    `${report.scenario.name}: ${report.simulated.from} → ${report.simulated.to} simulated in ${seconds} s; ` +
      `${report.alarms.length} alarms${reportPath ? `; report in ${reportPath}` : ''}`,
  );
  return 0;
}

/** A one-line progress bar for terminals; silent when stderr is a file or a pipe. */
function progressBar(): (share: number) => void {
  return (share) => {
    const width = 30;
    const done = Math.round(share * width);
    process.stderr.write(`\r[${'#'.repeat(done)}${' '.repeat(width - done)}] ${Math.round(share * 100)}%`);
    if (share >= 1) process.stderr.write('\n');
  };
}

/** Exit 0 when every record of the audit trail is there and unaltered, 1 with where it breaks. */
function auditVerify(dataDir: string): number {
  const file = join(dataDir, STORAGE_FILE);
  if (!existsSync(file)) throw new UsageError(`no audit trail at ${file}`);
  const db = openStorageDatabase(file);
  try {
    const result = new SqliteAuditLog(db, systemClock).verifySync();
    console.log(JSON.stringify({ file, ...result }));
    return result.ok ? 0 : 1;
  } finally {
    db.close();
  }
}

function runDesktop(electron: string, args: string[]): Promise<number> {
  const child = spawn(electron, [appRoot, ...args], { stdio: 'inherit' });
  return new Promise((resolveExit) => child.on('exit', (code) => resolveExit(code ?? 0)));
}

function parseSpeed(text: string): Speed {
  const parsed = Speed.safeParse(text === 'max' ? 'max' : Number(text));
  if (!parsed.success) throw new UsageError(`--speed must be a positive number or "max", got "${text}"`);
  return parsed.data;
}

function startOfLocalDay(ms: number): number {
  const d = new Date(ms);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

class UsageError extends Error {}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    // a bad file or port is the user's to fix: say what, not where in our code
    console.error(`aqueduct: ${process.env.AQUEDUCT_DEBUG ? (error.stack ?? error.message) : error.message}`);
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
