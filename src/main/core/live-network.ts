// The running network of the console: the simulated plant (twin + instruments) and the
// agents that watch it through those instruments, as in a scenario run but paced by the
// console's clock. The operator sees what the agents conclude, and the schematic.
import type { Clock } from '../../agents/runtime';
import type { StateChange } from '../../agents/runtime/behaviour';
import type { SimulatedPlant } from '../../protocols/sim/plant';
import type { Reading } from '../../protocols/sim/sensors';
import type { Sidecar } from '../../protocols/sim/sidecar';
import type { HydraulicTwin } from '../../protocols/sim/twin';
import type { AgentAlert, AgentSummary, Actuation } from '../../shared/contract';
import { watchPlant, type WatchedPlant } from './watched-plant';

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
  private readonly agents: WatchedPlant['agents'];
  private readonly elementOf = new Map<string, string>();
  /** newest first, one list per priority 1…4 */
  private readonly alertLog: AgentAlert[][] = [[], [], [], []];
  /** something the operator sees changed since the last `takeChanges` */
  private changed = { states: true, alerts: false };

  constructor(
    readonly twin: HydraulicTwin,
    clock: Clock,
    sidecar?: Pick<Sidecar, 'agents' | 'meters'>,
  ) {
    ({ plant: this.plant, agents: this.agents } = watchPlant(
      twin,
      clock,
      {
        seed: 1,
        sensors: 'auto',
        noise: { pressure: 0.05, flow: 0.01, level: 0.005 },
        uncertainty: { demandNoise: 0, roughness: 0 },
        events: [],
      },
      sidecar,
    ));
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
    return { restored: report.restored.length, skipped: report.skipped.length };
  }

  /** the latest alerts of every priority, newest first */
  alerts(): AgentAlert[] {
    return this.alertLog.flat().sort((a, b) => b.time - a.time);
  }

  /** what changed since the last call, for the core to push */
  takeChanges(): { states: boolean; alerts: boolean } {
    const changes = this.changed;
    this.changed = { states: false, alerts: false };
    return changes;
  }

  close(): void {
    this.plant.stop();
    this.agents.runtime.stopAll();
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
