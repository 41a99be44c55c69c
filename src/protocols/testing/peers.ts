// Independent protocol peers for the integration tests: Debian's mosquitto, pymodbus and mbpoll,
// started on 127.0.0.1 and a free port, each killable and restartable mid-test (the fault tests).
// Only the tests and the benches use this; the product never starts peers. It waits on real
// processes and sockets, so it sleeps on the wall clock, which domain code never does.
/* eslint-disable no-restricted-syntax */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Debian's python has python3-pymodbus; a pyenv python on PATH may not */
export const SYSTEM_PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

/** why a peer cannot run here, or undefined when it can (tests skip with this reason) */
export function missing(binary: string): string | undefined {
  const found = spawnSync('sh', ['-c', `command -v ${binary}`], { encoding: 'utf8' });
  return found.status === 0 ? undefined : `${binary} is not installed (apt-get install it; .ci/run does)`;
}

export function pymodbusMissing(): string | undefined {
  const r = spawnSync(SYSTEM_PYTHON, ['-c', 'from pymodbus.server import StartAsyncTcpServer'], {
    encoding: 'utf8',
  });
  return r.status === 0 ? undefined : `python3-pymodbus is not usable: ${r.stderr.trim().split('\n').at(-1)}`;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function waitForPort(port: number, timeoutMs = 15_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const sock = createConnection({ host: '127.0.0.1', port });
      sock.once('connect', () => (sock.destroy(), resolve(true)));
      sock.once('error', () => resolve(false));
    });
    if (ok) return;
    if (performance.now() > deadline)
      throw new Error(`nothing listens on 127.0.0.1:${port} after ${timeoutMs} ms`);
    await sleep(50);
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** wait until `check` holds, polling; throws with `what` on timeout */
export async function until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** a peer process that can be killed and started again on the same port */
export class Peer {
  private child: ChildProcess | undefined;
  output = '';

  constructor(
    readonly port: number,
    private readonly command: string,
    private readonly args: string[],
  ) {}

  async start(): Promise<this> {
    const child = spawn(this.command, this.args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    child.stdout!.on('data', (d: Buffer) => (this.output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (this.output += d.toString()));
    await waitForPort(this.port).catch(async (error: Error) => {
      await this.kill(); // a peer that never listened must not outlive the test
      throw new Error(`${error.message}\n${this.command} said: ${this.output}`);
    });
    return this;
  }

  /** start again on the same port after kill() (the fault tests' "peer comes back") */
  restart(): Promise<this> {
    this.output = '';
    return this.start();
  }

  /** stop it (SIGTERM, then SIGKILL) and wait until it is gone */
  async kill(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null) return;
    const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    await gone;
    clearTimeout(timer);
  }
}

export async function startPymodbus(port?: number): Promise<Peer> {
  const p = port ?? (await freePort());
  const script = join(dirname(fileURLToPath(import.meta.url)), '../modbus/testing/pymodbus_server.py');
  return new Peer(p, SYSTEM_PYTHON, [script, String(p)]).start();
}

export interface MosquittoOptions {
  /** username → password; when given, anonymous clients are refused */
  users?: Record<string, string>;
  /** keep sessions and queued QoS 1/2 messages across a restart */
  persistence?: boolean;
  /** serve TLS with a certificate signed by a throwaway CA (its PEM is returned as `ca`) */
  tls?: boolean;
}

/** a throwaway CA and a server certificate for 127.0.0.1, made with openssl */
function makeCertificates(folder: string): { ca: string; cert: string; key: string } {
  const run = (...args: string[]) => {
    const r = spawnSync('openssl', args, { cwd: folder, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`openssl ${args[0]}: ${r.stderr}`);
  };
  writeFileSync(join(folder, 'san.cnf'), 'subjectAltName=IP:127.0.0.1\n');
  run(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'ca.key',
    '-out',
    'ca.crt',
    '-days',
    '2',
    '-subj',
    '/CN=aqueduct-test-ca',
  );
  run(
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'server.key',
    '-out',
    'server.csr',
    '-subj',
    '/CN=127.0.0.1',
  );
  run(
    'x509',
    '-req',
    '-in',
    'server.csr',
    '-CA',
    'ca.crt',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    'server.crt',
    '-days',
    '2',
    '-extfile',
    'san.cnf',
  );
  for (const f of ['ca.crt', 'server.crt', 'server.key']) chmodSync(join(folder, f), 0o644);
  return { ca: join(folder, 'ca.crt'), cert: join(folder, 'server.crt'), key: join(folder, 'server.key') };
}

/** mosquitto on a free port with its own config file in a temp folder */
export async function startMosquitto(
  options: MosquittoOptions = {},
  port?: number,
  dir?: string,
): Promise<Peer & { dir: string; ca?: string }> {
  const p = port ?? (await freePort());
  const folder = dir ?? mkdtempSync(join(tmpdir(), 'aqueduct-mosquitto-'));
  // mosquitto started as root drops to the 'mosquitto' user: it must read the config and
  // password file and write its persistence file in this folder
  chmodSync(folder, 0o777);
  const conf = [
    `listener ${p} 127.0.0.1`,
    `persistence ${options.persistence ? 'true' : 'false'}`,
    `persistence_location ${folder}/`,
    'log_type error',
  ];
  if (options.users) {
    const pwfile = join(folder, 'passwd');
    writeFileSync(pwfile, '');
    for (const [user, pass] of Object.entries(options.users)) {
      const r = spawnSync('mosquitto_passwd', ['-b', pwfile, user, pass], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`mosquitto_passwd: ${r.stderr}`);
    }
    chmodSync(pwfile, 0o644);
    conf.push('allow_anonymous false', `password_file ${pwfile}`);
  } else conf.push('allow_anonymous true');
  let ca: string | undefined;
  if (options.tls) {
    const files = makeCertificates(folder);
    conf.push(`cafile ${files.ca}`, `certfile ${files.cert}`, `keyfile ${files.key}`);
    ca = readFileSync(files.ca, 'utf8');
  }
  const confFile = join(folder, 'mosquitto.conf');
  writeFileSync(confFile, conf.join('\n') + '\n');
  const peer = await new Peer(p, 'mosquitto', ['-c', confFile]).start();
  return Object.assign(peer, { dir: folder, ca });
}

/**
 * A TCP relay between a client and a peer: the network cable of the fault tests. cut() drops
 * every connection through it at once (a switch reboot) while both ends stay up.
 */
export class TcpRelay {
  private server: Server | undefined;
  private readonly pairs = new Set<[Socket, Socket]>();
  port = 0;
  cuts = 0;

  constructor(private readonly target: number) {}

  async start(port?: number): Promise<this> {
    const server = createServer((inbound) => {
      const outbound = createConnection({ host: '127.0.0.1', port: this.target });
      const pair: [Socket, Socket] = [inbound, outbound];
      this.pairs.add(pair);
      const close = () => {
        inbound.destroy();
        outbound.destroy();
        this.pairs.delete(pair);
      };
      inbound.on('error', close).on('close', close);
      outbound.on('error', close).on('close', close);
      inbound.pipe(outbound);
      outbound.pipe(inbound);
    });
    this.server = server;
    this.port = port ?? (await freePort());
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', () => resolve()));
    return this;
  }

  cut(): void {
    this.cuts++;
    for (const [a, b] of this.pairs) {
      a.destroy();
      b.destroy();
    }
    this.pairs.clear();
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
