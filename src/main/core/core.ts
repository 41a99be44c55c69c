// The composition root: one clock, the twin it drives, and the dispatcher that serves the
// contract. The Electron shell and the headless server both build exactly this, then only
// attach their transport.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { SimulatedClock, type Cancel, type Clock } from '../../agents/runtime/clock';
import { HydraulicTwin } from '../../protocols/sim/twin';
import { LiveNetwork } from './live-network';
import { InpError } from '../../protocols/sim/inp-errors';
import { parseSidecar, type Sidecar } from '../../protocols/sim/sidecar';
import { can, Permission, type Role, type Session } from '../../shared/access';
import type { ClockState, NetworkSummary, PayloadOf, PushName, Speed } from '../../shared/contract';
import { Dispatcher, RequestError } from '../api/dispatcher';
import type { PushSource } from '../api/connection';
import { openStorage, STORAGE_FILE, type Storage } from '../storage/storage';
import type { JsonValue } from '../storage/audit-log';
import { Pacer, systemWallClock, type WallClock } from './pacer';
import { systemClock } from './system-clock';

export interface CoreOptions {
  /** 'demo' (the built-in town) or a path to an .inp file */
  network?: string;
  /** folder holding the built-in demo network */
  assetsDir: string;
  speed?: Speed;
  /** seconds between hydraulic solutions */
  hydraulicStep?: number;
  /** simulated start time, ms since the Unix epoch */
  startMs: number;
  utcOffsetMinutes?: number;
  /** false for tests and scenario runs that move the clock themselves */
  paced?: boolean;
  /**
   * where the console keeps what must survive a restart: agent states, and the storage file
   * (historian of every reading, hash-chained audit trail). None: nothing is kept.
   */
  dataDir?: string;
  /** the clock that stamps the audit trail (default: the system clock) */
  auditClock?: Clock;
  wallClock?: WallClock;
  log?: (line: string) => void;
}

type PushListener = <N extends PushName>(name: N, payload: PayloadOf<N>) => void;

export class Core implements PushSource {
  readonly clock: SimulatedClock;
  readonly dispatcher: Dispatcher;
  private readonly pacer: Pacer;
  private readonly listeners = new Set<PushListener>();
  private live!: LiveNetwork;
  private cancelStepping: Cancel = () => {};
  private frameDirty = false;
  private storage: Storage | undefined;
  private cancelRecording: Cancel = () => {};
  private readonly log: (line: string) => void;

  private constructor(private readonly options: CoreOptions) {
    this.log = options.log ?? (() => {});
    this.clock = new SimulatedClock(options.startMs);
    this.pacer = new Pacer(
      this.clock,
      options.wallClock ?? systemWallClock,
      () => this.publishTick(),
      (error) => this.log(`simulation error: ${(error as Error).stack ?? String(error)}`),
      options.speed ?? 1,
    );
    this.dispatcher = new Dispatcher(
      {
        'session.info': (_args, session) => ({
          user: session.user,
          role: session.role,
          permissions: Permission.options.filter((p) => can(session.role, p)),
        }),
        'network.get': () => this.twin.model,
        'network.open': ({ fileName, inp }) => this.openNetwork(fileName, inp),
        'twin.frame': () => this.twin.frame(),
        'twin.actuate': (command) => {
          try {
            this.live.actuate(command);
          } catch (error) {
            throw new RequestError('bad_args', (error as Error).message);
          }
          return { ok: true as const };
        },
        'clock.get': () => this.clockState(),
        'agents.list': () => ({ agents: this.live.list() }),
        'agents.get': ({ id }) => {
          const detail = this.live.detail(id);
          if (!detail) throw new RequestError('bad_args', `no agent "${id}"`);
          return detail;
        },
        'alerts.recent': () => ({ alerts: this.live.alerts() }),
        'clock.set': ({ speed, running }) => {
          if (speed !== undefined) this.pacer.setSpeed(speed);
          if (running !== undefined) this.pacer.setRunning(running);
          const state = this.clockState();
          this.emit('clock.state', state);
          return state;
        },
      },
      this.log,
      (entry) =>
        this.audit({
          user: entry.session.user,
          source: entry.session.source,
          action: `request.${entry.request}`,
          target: targetOf(entry.args),
          result: entry.result,
          details: { args: JSON.parse(JSON.stringify(entry.args ?? null)) as JsonValue },
        }),
    );
  }

  static async create(options: CoreOptions): Promise<Core> {
    const core = new Core(options);
    if (options.dataDir) {
      mkdirSync(options.dataDir, { recursive: true });
      core.storage = openStorage(join(options.dataDir, STORAGE_FILE), {
        clock: core.clock,
        auditClock: options.auditClock ?? systemClock,
        flushEveryMs: 60_000,
      });
    }
    const network = options.network ?? 'demo';
    const path = network === 'demo' ? join(options.assetsDir, 'demo-town', 'demo-town.inp') : network;
    const inp = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
      throw new Error(
        `cannot read network ${path}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`,
      );
    });
    await core.load(basename(path), inp, await readSidecar(path));
    if (options.paced !== false) core.pacer.setRunning(true);
    return core;
  }

  get twin(): HydraulicTwin {
    return this.live.twin;
  }

  /** A session for the operator at this workstation. Replaced by real logins with the auth service. */
  localSession(source: string, role: Role = 'engineer'): Session {
    return { id: randomUUID(), user: 'local-operator', role, source };
  }

  onPush(listener: PushListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  clockState(): ClockState {
    return { now: this.clock.now(), speed: this.pacer.speed, running: this.pacer.running };
  }

  /** Move simulated time by hand (tests, scenario runs) and publish what changed. */
  advance(ms: number): void {
    this.clock.advanceBy(ms);
    this.publishTick();
  }

  async openNetwork(fileName: string, inp: string): Promise<NetworkSummary> {
    try {
      return await this.load(fileName, inp, undefined);
    } catch (error) {
      if (error instanceof InpError) throw new RequestError('invalid_file', error.message);
      throw error;
    }
  }

  /** Stop the clock, keep the agents' states, flush the historian and close the storage file. */
  async close(): Promise<void> {
    this.pacer.stop();
    this.saveAgents();
    this.closeLive();
    this.listeners.clear();
    const storage = this.storage;
    if (!storage) return;
    this.audit({ user: 'system', source: 'core', action: 'console.stop', result: 'success' });
    this.storage = undefined; // a second close() finds nothing left to close
    await storage.close();
  }

  /** The historian and the audit trail, when the console has a data folder. */
  get stored(): Pick<Storage, 'historian' | 'audit'> | undefined {
    return this.storage;
  }

  private audit(entry: Parameters<Storage['audit']['appendSync']>[0]): void {
    try {
      this.storage?.audit.appendSync(entry);
    } catch (error) {
      this.log(`audit trail: ${(error as Error).message}`);
    }
  }

  private async load(fileName: string, inp: string, sidecar: Sidecar | undefined): Promise<NetworkSummary> {
    const twin = await HydraulicTwin.load(inp, {
      name: fileName.replace(/\.inp$/i, ''),
      startMs: this.clock.now(),
      hydraulicStep: this.options.hydraulicStep,
      utcOffsetMinutes: this.options.utcOffsetMinutes,
      sidecar,
      loadId: randomUUID(),
    });
    let live: LiveNetwork;
    try {
      live = new LiveNetwork(twin, this.clock, sidecar);
    } catch (error) {
      twin.close();
      throw error;
    }
    // the old network kept running until the new one had loaded: a bad file changes nothing
    this.saveAgents();
    this.closeLive();
    this.live = live;
    this.cancelStepping = this.live.onStep(() => (this.frameDirty = true));
    // every reading the agents get is kept, as `<element>.<quantity>` tags
    this.cancelRecording = this.live.onReadings((readings) =>
      this.storage?.historian.append(
        readings.map((r) => ({
          tag: `${r.element}.${r.quantity}`,
          t: r.time,
          value: r.value,
          quality: r.quality,
        })),
      ),
    );
    this.audit({
      user: 'system',
      source: 'core',
      action: 'network.load',
      target: twin.model.name,
      result: 'success',
    });
    this.restoreAgents();
    const summary = { name: twin.model.name, nodes: twin.model.nodes.length, links: twin.model.links.length };
    this.log(`network ${summary.name}: ${summary.nodes} nodes, ${summary.links} links, step ${twin.stepS} s`);
    this.emit('network.loaded', summary);
    this.emit('twin.frame', twin.frame());
    return summary;
  }

  private publishTick(): void {
    if (this.frameDirty) {
      this.frameDirty = false;
      this.emit('twin.frame', this.twin.frame());
    }
    const changes = this.live.takeChanges();
    if (changes.states)
      this.emit('agents.abnormal', { loadId: this.twin.model.loadId, statuses: this.live.abnormal() });
    if (changes.alerts) this.emit('alerts.recent', { alerts: this.live.alerts() });
    this.emit('clock.state', this.clockState());
  }

  /** agents-<network>.json in the data folder: the agents' states when the console last closed */
  private agentsFile(): string | undefined {
    if (!this.options.dataDir || !this.live) return undefined;
    const model = this.live.twin.model;
    return join(this.options.dataDir, `agents-${model.name.replace(/[^\w.-]+/g, '_')}.json`);
  }

  private saveAgents(): void {
    const file = this.agentsFile();
    if (!file) return;
    const model = this.live.twin.model;
    try {
      mkdirSync(this.options.dataDir!, { recursive: true });
      const saved = {
        network: model.name,
        nodes: model.nodes.length,
        links: model.links.length,
        agents: this.live.snapshot(),
      };
      writeFileSync(file, JSON.stringify(saved));
    } catch (error) {
      this.log(`could not save agent states to ${file}: ${(error as Error).message}`);
    }
  }

  /** Resume the agents where they were, if the file is for this very network; anything else is ignored. */
  private restoreAgents(): void {
    const file = this.agentsFile();
    if (!file || !existsSync(file)) return;
    const model = this.live.twin.model;
    try {
      const saved = JSON.parse(readFileSync(file, 'utf8')) as {
        network?: string;
        nodes?: number;
        links?: number;
        agents?: unknown;
      };
      if (
        saved.network !== model.name ||
        saved.nodes !== model.nodes.length ||
        saved.links !== model.links.length
      )
        return;
      const { restored, skipped } = this.live.restore(saved.agents);
      this.log(`resumed ${restored} agents from ${file}${skipped ? ` (${skipped} unknown, skipped)` : ''}`);
    } catch (error) {
      this.log(`ignored agent states in ${file}: ${(error as Error).message}`);
    }
  }

  private closeLive(): void {
    this.cancelStepping();
    this.cancelRecording();
    if (!this.live) return;
    this.live.close();
    this.live.twin.close();
  }

  private emit<N extends PushName>(name: N, payload: PayloadOf<N>): void {
    for (const listener of this.listeners) listener(name, payload);
  }
}

/** the element a request acted on, for the audit trail's target column */
function targetOf(args: unknown): string | undefined {
  if (!args || typeof args !== 'object') return undefined;
  const a = args as Record<string, unknown>;
  const target = a.link ?? a.id ?? a.fileName;
  return typeof target === 'string' ? target : undefined;
}

/** `town.inp` may come with `town.zones.json` describing DMAs, hydrants and standby pumps. */
async function readSidecar(inpPath: string): Promise<Sidecar | undefined> {
  const path = inpPath.replace(/\.inp$/i, '') + '.zones.json';
  if (!existsSync(path)) return undefined;
  return parseSidecar(await readFile(path, 'utf8'), basename(path));
}
