// The composition root: one clock, the twin it drives, the storage file (historian, audit
// trail, users, alarm journal), the running network with its agents, alarms and command
// path, and the dispatcher that serves the contract. The Electron shell and the headless
// server both build exactly this, then only attach their transport.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { SimulatedClock, type Cancel, type Clock } from '../../agents/runtime/clock';
import { HydraulicTwin } from '../../protocols/sim/twin';
import { LiveNetwork, type TrainingScenario } from './live-network';
import { type EpanetReference, loadReferenceModel } from '../analytics/epanet-reference';
import { parseScenario, type Scenario } from '../../protocols/sim/scenario';
import { rememberPlacements, studiedPlacements } from '../../protocols/sim/sensors';
import { InpError } from '../../protocols/sim/inp-errors';
import { parseSidecar, type Sidecar } from '../../protocols/sim/sidecar';
import type { ClockState, NetworkSummary, PayloadOf, PushName, Speed } from '../../shared/contract';
import { AuthService, type PasswordHasher, type SessionEvent } from '../auth';
import { delegateTo, Dispatcher, RequestError, type SessionLookup } from '../api/dispatcher';
import { SqliteAlarmJournal } from '../storage/alarm-journal';
import { lockDataFolder } from '../storage/backup';
import { ALARM_REQUESTS } from './console-alarms';
import { AUTH_REQUESTS, ConsoleAuth } from './console-auth';
import { COMMAND_REQUESTS } from './console-commands';
import { CONNECTION_REQUESTS, ConsoleConnections } from './console-connections';
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
   * (historian of every reading, hash-chained audit trail, users, alarm journal). None: the
   * same storage in memory, gone when the core closes.
   */
  dataDir?: string;
  /** real time, whatever the simulation does: stamps the audit trail, locks idle sessions (default: the system clock) */
  auditClock?: Clock;
  /** how passwords are hashed (default scrypt, N = 2^15) */
  hasher?: PasswordHasher;
  wallClock?: WallClock;
  log?: (line: string) => void;
}

/** the unit each instrument quantity is kept in (SI, as the twin reports it) */
const QUANTITY_UNITS: Record<string, string | undefined> = {
  pressure: 'm',
  level: 'm',
  flow: 'L/s',
  speed: '%',
  fault: undefined,
};

/** how often the network overview is pushed, simulated ms */
const OVERVIEW_EVERY_MS = 60_000;
/** the longest raw export one request returns; a longer one is the CLI's job */
const MAX_CSV_RANGE_MS = 31 * 86_400_000;

/** how often old samples are pruned from the historian, simulated ms */
const RETENTION_EVERY_MS = 6 * 3600_000;

type PushListener = <N extends PushName>(name: N, payload: PayloadOf<N>) => void;

export class Core implements PushSource {
  readonly clock: SimulatedClock;
  readonly dispatcher: Dispatcher;
  private readonly pacer: Pacer;
  private readonly listeners = new Set<PushListener>();
  private live!: LiveNetwork;
  private cancelStepping: Cancel = () => {};
  private frameDirty = false;
  private storage!: Storage;
  private journal!: SqliteAlarmJournal;
  private auth!: ConsoleAuth;
  private connections!: ConsoleConnections;
  private cancelRecording: Cancel = () => {};
  private cancelRetention: Cancel = () => {};
  private unlockDataFolder: () => void = () => {};
  private readonly log: (line: string) => void;
  private closed = false;
  private readonly realClock: Clock;
  private reference: EpanetReference | undefined;
  /** what the running network was loaded from: a training scenario restarts it */
  private running!: { fileName: string; inp: string; sidecar: Sidecar | undefined };
  private lastOverviewAt = Number.NEGATIVE_INFINITY;
  private lastDiagnostics: { time: number; events: number } | undefined;

  private constructor(private readonly options: CoreOptions) {
    this.log = options.log ?? (() => {});
    this.clock = new SimulatedClock(options.startMs);
    this.realClock = options.auditClock ?? systemClock;
    this.pacer = new Pacer(
      this.clock,
      options.wallClock ?? systemWallClock,
      () => this.publishTick(),
      (error) => this.log(`simulation error: ${(error as Error).stack ?? String(error)}`),
      options.speed ?? 1,
      // a command on its way to the plant must see its readback before time runs on
      () => this.live?.commands.inFlight() ?? false,
    );
    this.dispatcher = new Dispatcher(
      {
        ...delegateTo(AUTH_REQUESTS, () => this.auth.handlers),
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
        'clock.set': ({ speed, running }) => {
          if (speed !== undefined) this.pacer.setSpeed(speed);
          if (running !== undefined) this.pacer.setRunning(running);
          const state = this.clockState();
          this.emit('clock.state', state);
          return state;
        },
        'agents.list': () => ({ agents: this.live.list() }),
        'agents.get': ({ id }) => {
          const detail = this.live.detail(id);
          if (!detail) throw new RequestError('bad_args', `no agent "${id}"`);
          return detail;
        },
        'alerts.recent': () => ({ alerts: this.live.alerts() }),
        ...delegateTo(ALARM_REQUESTS, () => this.live.alarms.handlers),
        ...delegateTo(COMMAND_REQUESTS, () => this.live.commands.handlers),
        'history.tags': async () => ({ tags: await this.storage.historian.tags() }),
        'history.query': (args) => {
          // the simulated clock runs in fractions of a millisecond; the historian in whole ones
          const { tags, maxPoints } = args;
          const [from, to] = [Math.floor(args.from), Math.ceil(args.to)];
          if (!(to > from)) throw new RequestError('bad_args', 'history.query: "to" must be after "from"');
          const historian = this.storage.historian;
          historian.flushSync(); // the trend ends now, not at the last batch
          const units = new Map(historian.tagsSync().map((t) => [t.tag, t.unit]));
          return {
            series: tags.map((tag) => {
              if (!units.has(tag)) throw new RequestError('bad_args', `no tag "${tag}" in the historian`);
              return { tag, unit: units.get(tag) ?? null, ...historian.querySync(tag, from, to, maxPoints) };
            }),
          };
        },
        'history.csv': async (args) => {
          const { tags } = args;
          const [from, to] = [Math.floor(args.from), Math.ceil(args.to)];
          if (!(to > from) || to - from > MAX_CSV_RANGE_MS)
            throw new RequestError('bad_args', 'history.csv: the range must be positive and at most 31 days');
          const historian = this.storage.historian;
          historian.flushSync();
          const known = new Set(historian.tagsSync().map((t) => t.tag));
          const unknown = tags.find((t) => !known.has(t));
          if (unknown) throw new RequestError('bad_args', `no tag "${unknown}" in the historian`);
          const csv = await historian.exportCsv(tags, from, to);
          return { csv, rows: csv.split('\n').length - 2 };
        },
        ...delegateTo(CONNECTION_REQUESTS, () => this.connections.handlers),
        'leaks.incidents': () => ({ incidents: this.live.incidents() }),
        'leaks.approve': ({ id }, { session }) => bad(() => this.live.approveLeak(id, session)),
        'leaks.resolve': ({ id }, { session }) => bad(() => this.live.resolveLeak(id, session)),
        'kpis.network': () => this.live.overview(),
        'diagnostics.get': () => this.diagnostics(),
        'training.status': () => this.live.trainingStatus(),
        'training.start': ({ fileName, text }) => this.startTraining(fileName, text),
        'training.inject': (event) => {
          try {
            this.live.inject(event);
          } catch (error) {
            throw new RequestError('bad_args', (error as Error).message);
          }
          return this.live.trainingStatus();
        },
        'training.stop': () => this.live.stopTraining(),
        'audit.query': async ({ beforeSeq, limit, user, action }) => {
          const { audit } = this.storage;
          const head = await audit.head();
          return { records: await audit.newest({ beforeSeq, limit, user, action }), head };
        },
        'audit.verify': async () => {
          const result = await this.storage.audit.verify();
          return result.ok
            ? { ok: true, records: result.count }
            : {
                ok: false,
                records: result.firstBadSeq - 1,
                problem: `record ${result.firstBadSeq} was ${result.reason}`,
              };
        },
      },
      (token) => this.auth.lookup(token),
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
      core.unlockDataFolder = lockDataFolder(options.dataDir);
    }
    const realClock = core.realClock;
    core.storage = openStorage(options.dataDir ? join(options.dataDir, STORAGE_FILE) : ':memory:', {
      clock: core.clock,
      auditClock: realClock,
      flushEveryMs: 60_000,
    });
    core.journal = new SqliteAlarmJournal(core.storage.db);
    core.connections = new ConsoleConnections(
      realClock,
      options.dataDir,
      // the OPC UA client's certificates live with the console's data, never in ~/.config
      join(options.dataDir ?? mkdtempSync(join(tmpdir(), 'aqueduct-pki-')), 'pki'),
      (samples) => void core.storage.historian.append(samples),
      (connections) => core.emit('connections.status', { connections }),
      core.log,
    );
    // samples carry simulated time, so their retention runs on the same clock
    core.cancelRetention = core.clock.every(RETENTION_EVERY_MS, () => {
      try {
        core.storage.historian.applyRetentionSync(core.clock.now());
      } catch (error) {
        core.log(`historian retention: ${(error as Error).message}`);
      }
    });
    core.auth = new ConsoleAuth(
      new AuthService({
        db: core.storage.db,
        audit: core.storage.audit,
        clock: realClock,
        ...(options.hasher && { hasher: options.hasher }),
      }),
    );
    const network = options.network ?? 'demo';
    const path = network === 'demo' ? join(options.assetsDir, 'demo-town', 'demo-town.inp') : network;
    const inp = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
      throw new Error(
        `cannot read network ${path}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`,
      );
    });
    core.readPlacements();
    await core.load(basename(path), inp, await readSidecar(path));
    core.savePlacements();
    core.connections.resume();
    if (options.paced !== false) core.pacer.setRunning(true);
    return core;
  }

  get twin(): HydraulicTwin {
    return this.live.twin;
  }

  /** Local users and their sessions. */
  get users(): AuthService {
    return this.auth.service;
  }

  /** While the console has no user at all: the one-time code the first administrator must give. */
  pendingSetupCode(): string | undefined {
    return this.auth.pendingSetupCode();
  }

  readonly peekSession: SessionLookup = (token) => this.auth.service.sessionFor(token);

  /** Locks, unlocks and ends of login sessions, for the transports to tell their window. */
  onSessionEvent(listener: (event: SessionEvent) => void): () => void {
    return this.auth.service.onSessionEvent(listener);
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
      const summary = await this.load(fileName, inp, undefined);
      this.savePlacements();
      return summary;
    } catch (error) {
      if (error instanceof InpError) throw new RequestError('invalid_file', error.message);
      throw error;
    }
  }

  /**
   * Run a scenario file as a training session on the running network (or the demo town, when
   * the scenario names it): the network restarts with the scenario's instruments and noise,
   * and its events run from now.
   */
  private async startTraining(fileName: string, text: string) {
    let scenario: Scenario;
    try {
      scenario = parseScenario(text, fileName);
    } catch (error) {
      throw new RequestError('invalid_file', (error as Error).message);
    }
    const wanted =
      scenario.network === 'demo' ? 'demo-town' : basename(scenario.network).replace(/\.inp$/i, '');
    let source = this.running;
    if (wanted !== this.twin.model.name) {
      if (scenario.network !== 'demo')
        throw new RequestError(
          'invalid_file',
          `${fileName}: this scenario runs on ${wanted}; open that network first (running: ${this.twin.model.name})`,
        );
      const path = join(this.options.assetsDir, 'demo-town', 'demo-town.inp');
      source = {
        fileName: 'demo-town.inp',
        inp: await readFile(path, 'utf8'),
        sidecar: await readSidecar(path),
      };
    }
    try {
      await this.load(source.fileName, source.inp, source.sidecar, scenario);
    } catch (error) {
      // a scenario naming a pipe the network lacks is the file's fault
      throw new RequestError('invalid_file', `${fileName}: ${(error as Error).message}`);
    }
    return this.live.trainingStatus();
  }

  private diagnostics() {
    const health = this.live.runtimeHealth();
    const now = this.clock.now();
    const last = this.lastDiagnostics;
    const seconds = last ? (now - last.time) / 1000 : 0;
    this.lastDiagnostics = { time: now, events: health.eventsProcessed };
    return {
      time: now,
      agents: {
        total: health.agents,
        byLifecycle: health.byLifecycle,
        eventsProcessed: health.eventsProcessed,
        eventsPerSecond:
          last && seconds > 0 ? Math.round((health.eventsProcessed - last.events) / seconds) : null,
        errors: health.errors,
        restarts: health.restarts,
        dropped: health.dropped,
        mailboxDepth: { ...health.mailboxDepth, deepest: health.mailboxDepth.deepest ?? null },
        attention: health.attention.slice(0, 50).map((a) => ({
          id: a.id,
          lifecycle: a.lifecycle,
          errors: a.errors,
          restarts: a.restarts,
          dropped: a.dropped,
        })),
      },
      historian: { tags: this.storage.historian.tagsSync().length },
      clients: this.listeners.size,
    };
  }

  /** Stop the clock, keep the agents' states, flush the historian and close the storage file. */
  async close(): Promise<void> {
    if (this.closed) return; // a second close() finds nothing left to close
    this.closed = true;
    // what must be kept is kept at once, before anything waits on the network
    this.pacer.stop();
    this.cancelRetention();
    this.saveAgents();
    this.closeLive();
    this.listeners.clear();
    await this.connections.close();
    this.audit({ user: 'system', source: 'core', action: 'console.stop', result: 'success' });
    await this.storage.close();
    this.unlockDataFolder();
  }

  /** The historian and the audit trail. */
  get stored(): Pick<Storage, 'historian' | 'audit'> {
    return this.storage;
  }

  private audit(entry: Parameters<Storage['audit']['appendSync']>[0]): void {
    try {
      this.storage.audit.appendSync(entry);
    } catch (error) {
      this.log(`audit trail: ${(error as Error).message}`);
    }
  }

  private async load(
    fileName: string,
    inp: string,
    sidecar: Sidecar | undefined,
    scenario?: TrainingScenario,
  ): Promise<NetworkSummary> {
    const twin = await HydraulicTwin.load(inp, {
      name: fileName.replace(/\.inp$/i, ''),
      startMs: this.clock.now(),
      hydraulicStep: this.options.hydraulicStep,
      utcOffsetMinutes: this.options.utcOffsetMinutes,
      sidecar,
      loadId: randomUUID(),
    });
    // the console's own nominal model of the network, for leak detection: nothing of the plant's truth
    let reference: EpanetReference;
    try {
      reference = await loadReferenceModel({ model: twin.model, inp, epochMs: this.clock.now() });
    } catch (error) {
      twin.close();
      throw error;
    }
    const leakMode = scenario?.leakResponse?.mode ?? sidecar?.leakResponse.mode ?? 'advise';
    let live: LiveNetwork;
    try {
      live = new LiveNetwork(
        twin,
        this.clock,
        {
          audit: this.storage.audit,
          journal: this.journal,
          realClock: this.realClock,
          utcOffsetMinutes: this.options.utcOffsetMinutes ?? 0,
          log: this.log,
        },
        sidecar,
        scenario,
        { reference, mode: leakMode },
      );
    } catch (error) {
      reference.close();
      twin.close();
      throw error;
    }
    // the old network kept running until the new one had loaded: a bad file changes nothing
    this.saveAgents();
    this.closeLive();
    this.live = live;
    this.reference = reference;
    this.running = { fileName, inp, sidecar };
    this.connections.attachAlarms(live.alarms.engine);
    this.cancelStepping = this.live.onStep(() => (this.frameDirty = true));
    // every reading the agents get is kept, as `<element>.<quantity>` tags
    const unitsDefined = new Set<string>();
    this.cancelRecording = this.live.onReadings((readings) => {
      const historian = this.storage.historian;
      for (const r of readings) {
        const tag = `${r.element}.${r.quantity}`;
        if (unitsDefined.has(tag)) continue;
        unitsDefined.add(tag);
        historian.defineTagSync(tag, QUANTITY_UNITS[r.quantity]);
      }
      historian.append(
        readings.map((r) => ({
          tag: `${r.element}.${r.quantity}`,
          t: r.time,
          value: r.value,
          quality: r.quality,
        })),
      );
    });
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
    if (changes.leaks) this.emit('leaks.incidents', { incidents: this.live.incidents() });
    if (this.live.alarms.takeChanged()) this.emit('alarms.summary', this.live.alarms.summary());
    if (this.live.commands.takeChanged())
      this.emit('commands.recent', { commands: this.live.commands.recent() });
    if (this.live.takeTrainingChange()) this.emit('training.status', this.live.trainingStatus());
    if (this.clock.now() - this.lastOverviewAt >= OVERVIEW_EVERY_MS) {
      this.lastOverviewAt = this.clock.now();
      this.emit('kpis.network', this.live.overview());
    }
    this.emit('clock.state', this.clockState());
  }

  /** placements.json in the data folder: where the `auto` pressure loggers went, per network */
  private placementsFile(): string | undefined {
    return this.options.dataDir && join(this.options.dataDir, 'placements.json');
  }

  private readPlacements(): void {
    const file = this.placementsFile();
    if (!file || !existsSync(file)) return;
    try {
      rememberPlacements(JSON.parse(readFileSync(file, 'utf8')));
    } catch (error) {
      this.log(`ignored ${file}: ${(error as Error).message}`);
    }
  }

  private savePlacements(): void {
    const file = this.placementsFile();
    if (!file) return;
    try {
      writeFileSync(file, JSON.stringify(studiedPlacements()));
    } catch (error) {
      this.log(`could not save ${file}: ${(error as Error).message}`);
    }
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
    this.reference?.close();
  }

  private emit<N extends PushName>(name: N, payload: PayloadOf<N>): void {
    for (const listener of this.listeners) listener(name, payload);
  }
}

/** run a request whose refusal is the caller's to read (no such incident, nothing to approve) */
function bad<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    throw new RequestError('bad_args', (error as Error).message);
  }
}

/** the element a request acted on, for the audit trail's target column */
function targetOf(args: unknown): string | undefined {
  if (!args || typeof args !== 'object') return undefined;
  const a = args as Record<string, unknown>;
  const target = a.link ?? a.target ?? a.id ?? a.fileName;
  return typeof target === 'string' ? target : undefined;
}

/** `town.inp` may come with `town.zones.json` describing DMAs, hydrants and standby pumps. */
async function readSidecar(inpPath: string): Promise<Sidecar | undefined> {
  const path = inpPath.replace(/\.inp$/i, '') + '.zones.json';
  if (!existsSync(path)) return undefined;
  return parseSidecar(await readFile(path, 'utf8'), basename(path));
}
