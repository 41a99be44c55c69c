// The running network of the console: the simulated plant (twin + instruments) and the
// agents that watch it through those instruments, as in a scenario run but paced by the
// console's clock; the alarms planned from those agents, and the command path to the plant.
// The operator sees what the agents conclude, and the schematic.
import type { Clock } from '../../agents/runtime';
import type { StateChange } from '../../agents/runtime/behaviour';
import type { SimulatedPlant } from '../../protocols/sim/plant';
import type { Reading } from '../../protocols/sim/sensors';
import type { Sidecar } from '../../protocols/sim/sidecar';
import type { HydraulicTwin } from '../../protocols/sim/twin';
import type { AgentAlert, AgentSummary, Actuation } from '../../shared/contract';
import type { AlarmJournal } from '../alarms';
import type { AuditLog } from '../storage/audit-log';
import { ConsoleAlarms } from './console-alarms';
import { ConsoleCommands } from './console-commands';
import { NetworkKpis } from './network-kpis';
import { TrainingSession } from './training';
import { actOnPlant, watchPlant, type LeakSetup, type WatchedPlant } from './watched-plant';
import type { LeakIncident } from '../../agents/analytics/leak-incident';
import type { Session } from '../../shared/access';
import type { Scenario } from '../../protocols/sim/scenario';
import type { TrainingStatus } from '../../shared/operations';

/** what outlives one network: where commands are audited and alarms journaled */
export interface LiveServices {
  audit: AuditLog;
  /** real time, for what people do: an operator's select window */
  realClock: Clock;
  /** local time of the network (energy days, tariff hours) */
  utcOffsetMinutes: number;
  journal: AlarmJournal;
  log: (line: string) => void;
}

export type TrainingScenario = Pick<
  Scenario,
  'name' | 'seed' | 'sensors' | 'noise' | 'uncertainty' | 'events' | 'leakResponse'
>;

/** the live console's plant when no training runs: light instrument noise, nothing happening */
const QUIET_PLANT: Omit<TrainingScenario, 'name'> = {
  seed: 1,
  sensors: 'auto',
  noise: { pressure: 0.05, flow: 0.01, level: 0.005 },
  uncertainty: { demandNoise: 0, roughness: 0 },
  events: [],
};

/** the states in which an agent's element needs no attention (ISA-101: drawn gray) */
const NORMAL: Record<string, readonly string[]> = {
  pipe: ['Operational'],
  sensor: ['Active'],
  pump: ['Idle', 'Running', 'Ramping_Up', 'Ramping_Down'],
  valve: ['Open', 'Closed', 'Throttling', 'Operating'],
  hydrant: ['Available'],
  tank: ['Normal', 'Draining', 'Refilling'],
  meter: ['Active', 'No_Flow'],
  zone: ['Normal'],
  'control-center': ['Normal'],
};

/** alerts kept per priority: a flood of low-priority ones never pushes an urgent one out */
const ALERTS_KEPT = 50;

export class LiveNetwork {
  readonly plant: SimulatedPlant;
  readonly alarms: ConsoleAlarms;
  readonly commands: ConsoleCommands;
  readonly kpis: NetworkKpis;
  private training: TrainingSession | undefined;
  private readonly agents: WatchedPlant['agents'];
  private readonly leaks: WatchedPlant['leaks'];
  private readonly elementOf = new Map<string, string>();
  /** newest first, one list per priority 1…4 */
  private readonly alertLog: AgentAlert[][] = [[], [], [], []];
  /** something the operator sees changed since the last `takeChanges` */
  private changed = { states: true, alerts: false, leaks: false };

  constructor(
    readonly twin: HydraulicTwin,
    private readonly clock: Clock,
    services: LiveServices,
    sidecar?: Pick<Sidecar, 'agents' | 'meters'>,
    /** a training scenario: its instruments, noise and events (from now); default: a quiet plant */
    scenario?: TrainingScenario,
    /** leak detection: the console's own reference model (its owner closes it) and the response mode */
    leakSetup?: LeakSetup,
  ) {
    ({
      plant: this.plant,
      agents: this.agents,
      leaks: this.leaks,
    } = watchPlant(
      twin,
      clock,
      scenario ?? QUIET_PLANT,
      sidecar,
      // agents act only on events, after this constructor: the command path exists by then
      (plant) => (command) => this.commands.fromAgent(command, (c) => actOnPlant(plant, c)),
      leakSetup,
    ));
    this.agents.bus.subscribe('leak/+/incident', () => (this.changed.leaks = true));
    this.commands = new ConsoleCommands(
      this.plant,
      { plant: clock, people: services.realClock },
      services.audit,
      services.log,
    );
    const runtime = this.agents.runtime;
    this.alarms = new ConsoleAlarms(
      clock,
      services.journal,
      runtime.directory.all().map(({ id, kind, zone }) => ({ id, kind, zone, config: runtime.config(id) })),
      this.agents.bus,
      services.log,
    );
    this.alarms.syncStates(this.states());
    this.kpis = new NetworkKpis(this.plant, clock, runtime, this.agents.bus, services.utcOffsetMinutes);
    this.plant.onReadings((readings) => {
      this.alarms.ingest(readings);
      this.kpis.ingest(readings);
    });
    if (scenario) this.training = this.newTraining(scenario.name);
    for (const s of this.plant.instruments.sensors) this.elementOf.set(s.id, s.element);
    this.agents.bus.subscribe('agent/+/+/state', () => (this.changed.states = true));
    this.agents.bus.subscribe('agent/+/+/alert', (_topic, payload) => {
      const alert = payload as AgentAlert;
      const list = this.alertLog[Math.min(4, Math.max(1, alert.priority)) - 1]!;
      list.unshift(alert);
      list.length = Math.min(list.length, ALERTS_KEPT);
      this.changed.alerts = true;
    });
  }

  /** every batch of instrument readings, as the agents get them */
  onReadings(listener: (readings: Reading[]) => void): () => void {
    return this.plant.onReadings(listener);
  }

  onStep(listener: () => void): () => void {
    return this.plant.onStep(listener);
  }

  actuate(command: Actuation): void {
    this.plant.actuate(command);
  }

  list(): AgentSummary[] {
    return this.agents.runtime.directory.all().map(({ id }) => this.summary(id));
  }

  detail(id: string) {
    const runtime = this.agents.runtime;
    if (!runtime.directory.has(id)) return undefined;
    const health = runtime.agentHealth(id);
    return {
      agent: this.summary(id),
      attributes: flatten(runtime.config(id)),
      history: runtime.history(id).map((c: StateChange) => ({ ...c })),
      health: {
        eventsProcessed: health.eventsProcessed,
        errors: health.errors,
        restarts: health.restarts,
        lastActivity: health.lastActivity,
      },
    };
  }

  /** agent id → state, for the agents that need attention */
  abnormal(): Record<string, string> {
    const statuses: Record<string, string> = {};
    for (const { id, kind } of this.agents.runtime.directory.all()) {
      const status = this.agents.runtime.status(id);
      if (!(NORMAL[kind] ?? []).includes(status)) statuses[id] = status;
    }
    return statuses;
  }

  /** every agent's state, for a console that restarts to resume where it was */
  snapshot(): unknown {
    return this.agents.runtime.snapshot();
  }

  restore(snapshot: unknown): { restored: number; skipped: number } {
    const report = this.agents.runtime.restore(snapshot);
    this.changed.states = true;
    this.alarms.syncStates(this.states());
    return { restored: report.restored.length, skipped: report.skipped.length };
  }

  /** the latest alerts of every priority, newest first */
  alerts(): AgentAlert[] {
    return this.alertLog.flat().sort((a, b) => b.time - a.time);
  }

  /** what changed since the last call, for the core to push */
  takeChanges(): { states: boolean; alerts: boolean; leaks: boolean } {
    const changes = this.changed;
    this.changed = { states: false, alerts: false, leaks: false };
    return changes;
  }

  /** leak incidents, newest first (none without leak detection) */
  incidents(): LeakIncident[] {
    return this.leaks?.incidents() ?? [];
  }

  /**
   * The operator accepts the isolation the agents proposed: the agents close the valves, and
   * a critical one (a DMA's inlet) counts this operator as its approving second person.
   */
  approveLeak(id: string, operator: Session): LeakIncident {
    const leaks = this.mustHaveLeaks();
    if (!this.commands.onBehalfOf(operator, () => leaks.approve(id, operator.user)))
      throw new Error(`incident ${id} has no isolation waiting for approval`);
    return this.incident(id);
  }

  resolveLeak(id: string, operator: Session): LeakIncident {
    if (!this.mustHaveLeaks().resolve(id, operator.user)) throw new Error(`incident ${id} is already closed`);
    return this.incident(id);
  }

  private incident(id: string): LeakIncident {
    const found = this.incidents().find((i) => i.id === id);
    if (!found) throw new Error(`no leak incident ${id}`);
    return found;
  }

  private mustHaveLeaks() {
    if (!this.leaks) throw new Error('leak detection is off for this network');
    return this.leaks;
  }

  close(): void {
    this.plant.stop();
    this.agents.runtime.stopAll();
    this.alarms.close();
    this.commands.close();
    this.kpis.close();
    this.training?.close();
    this.leaks?.stop();
  }

  runtimeHealth() {
    return this.agents.runtime.health();
  }

  /** the network overview's figures */
  overview() {
    return this.kpis.snapshot(Object.keys(this.abnormal()).length);
  }

  trainingStatus(): TrainingStatus {
    return (
      this.training?.status() ?? {
        active: false,
        scenario: null,
        startedAt: null,
        plantEvents: [],
        score: null,
      }
    );
  }

  /** Something happens in the plant now; without a session running, this starts one. */
  inject(event: Parameters<TrainingSession['inject']>[0]): void {
    if (!this.training?.active) {
      this.training?.close();
      this.training = this.newTraining('Live exercise');
    }
    this.training.inject(event);
  }

  stopTraining(): TrainingStatus {
    this.training?.stop();
    return this.trainingStatus();
  }

  /** whether the training status changed since the last call, for the core to push */
  takeTrainingChange(): boolean {
    return this.training?.takeChanged() ?? false;
  }

  private newTraining(name: string): TrainingSession {
    return new TrainingSession(name, this.plant, this.clock, this.alarms.engine, this.commands.service);
  }

  /** every agent's current state */
  private states(): { id: string; status: string }[] {
    const runtime = this.agents.runtime;
    return runtime.directory.all().map(({ id }) => ({ id, status: runtime.status(id) }));
  }

  private summary(id: string): AgentSummary {
    const runtime = this.agents.runtime;
    const entry = runtime.directory.get(id)!;
    return {
      id,
      kind: entry.kind,
      zone: entry.zone ?? null,
      status: runtime.status(id),
      lifecycle: runtime.lifecycle(id),
      element:
        entry.kind === 'sensor'
          ? (this.elementOf.get(id) ?? null)
          : entry.kind === 'zone' || entry.kind === 'control-center'
            ? null
            : id,
    };
  }
}

/** `{ thresholds: { warningLow: 20 } }` → `{ 'thresholds.warningLow': 20 }`; lists of ids joined */
function flatten(value: unknown, prefix = '', out: Record<string, string | number | boolean> = {}) {
  if (value === null || value === undefined) return out;
  if (Array.isArray(value)) {
    if (value.length) out[prefix] = value.map(String).join(', ');
  } else if (typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${key}` : key, out);
  } else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    if (prefix !== 'id') out[prefix] = value;
  }
  return out;
}
