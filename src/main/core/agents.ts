// Populate the agent runtime from a network: one agent per pipe, pump, valve, tank, hydrant
// and instrument, one coordinator per DMA and the control center. What an .inp cannot say
// (instrument thresholds, which pumps fill which tank) gets the defaults a utility would
// start commissioning with; the sidecar will override them.
import { AgentRuntime, InProcessBus, type Alert, type Clock } from '../../agents/runtime';
import { configure } from '../../agents/kinds';
import type { AgentKind } from '../../agents/runtime/kinds';
import type { Reading, SensorSpec } from '../../protocols/sim/sensors';
import type { CustomerMeter } from '../../protocols/sim/sidecar';
import type { NetworkModel } from '../../shared/network';

/** an agent's attributes before validation: its id, its zone, and whatever its kind takes */
type RawAgentConfig = { id: string; zone?: string | undefined } & Record<string, unknown>;

export interface ReportedAlarm {
  time: string;
  source: string;
  kind: AgentKind;
  type: string;
  priority: 1 | 2 | 3 | 4;
  message: string;
}

export interface ReportedCommand {
  time: string;
  agent: string;
  target: string;
  action: string;
  value?: number;
  reason: string;
  /** 'applied', 'ignored: …' or 'refused: …' */
  result: string;
}

/** carries out an agent's command on the field and says what came of it */
/**
 * carries out an agent's command on the field and says what came of it: at once (a scenario
 * run's plant), or once the field has answered (the live console's command path)
 */
export type CommandExecutor = (command: Omit<ReportedCommand, 'result' | 'time'>) => string | Promise<string>;

export interface AgentReport {
  alarms: ReportedAlarm[];
  transitions: Record<string, Record<string, number>>;
  commands: ReportedCommand[];
  agents: Record<AgentKind, number>;
}

/** service pressure limits at the customer tap, m (DOMAIN: 14 m is the fire-flow floor) */
const PRESSURE_THRESHOLDS = { warningLow: 20, criticalLow: 14, warningHigh: 90 };
const INSTRUMENT_TYPES = new Set(['pressure', 'flow', 'level']);

export function attachAgents(
  model: NetworkModel,
  sensors: SensorSpec[],
  clock: Clock,
  execute: CommandExecutor = () => 'ignored: no command path',
  /** per-agent attributes from the network's sidecar, laid over the defaults below */
  overrides: Record<string, Record<string, unknown>> = {},
  /** customer meters from the sidecar */
  meters: readonly CustomerMeter[] = [],
) {
  const unknown = Object.keys(overrides).filter(
    (id) =>
      !model.nodes.some((n) => n.id === id) &&
      !model.links.some((l) => l.id === id) &&
      !sensors.some((s) => s.id === id),
  );
  if (unknown.length)
    throw new Error(`sidecar agents: no element or instrument ${unknown.slice(0, 5).join(', ')}`);
  const iso = (t: number) => new Date(t).toISOString();
  const bus = new InProcessBus();
  const alarms: ReportedAlarm[] = [];
  const commands: ReportedCommand[] = [];
  /** one command an agent asks for: carried out, recorded for the report, its result returned */
  const issue = (
    agent: string,
    effect: { target: string; action: string; value?: number | undefined; reason: string },
  ): string | Promise<string> => {
    const command = {
      agent,
      target: effect.target,
      action: effect.action,
      ...(effect.value === undefined ? {} : { value: effect.value }),
      reason: effect.reason,
    };
    const result = execute(command);
    const reported: ReportedCommand = {
      time: iso(clock.now()),
      ...command,
      result: typeof result === 'string' ? result : 'pending',
    };
    commands.push(reported);
    if (typeof result !== 'string') void result.then((r) => (reported.result = r));
    return result;
  };
  const runtime = new AgentRuntime({ clock, bus, onCommand: (effect, agent) => void issue(agent, effect) });
  bus.subscribe('agent/+/+/alert', (_topic, payload) => {
    const a = payload as Alert;
    alarms.push({
      time: iso(a.time),
      source: a.agent,
      kind: a.kind,
      type: a.type,
      priority: a.priority,
      message: a.message,
    });
  });

  const count = {} as Record<AgentKind, number>;
  /** raw attributes of one agent; its kind's schema validates them and fills the rest in */
  const add = (kind: AgentKind, defaults: RawAgentConfig, neighbours?: string[]) => {
    const raw = { ...defaults, ...overrides[defaults.id], id: defaults.id };
    let hosted;
    try {
      hosted = configure(kind, raw);
    } catch (error) {
      throw new Error(`agent ${defaults.id}: ${(error as Error).message}`, { cause: error });
    }
    runtime.register({
      id: raw.id,
      kind,
      zone: raw.zone,
      neighbours,
      behaviour: hosted.behaviour,
      config: hosted.config,
    });
    count[kind] = (count[kind] ?? 0) + 1;
  };

  const zoneOfNode = new Map(model.nodes.map((n) => [n.id, n.zone ?? undefined]));
  const pipesAt = new Map<string, string[]>();
  for (const link of model.links) {
    if (link.kind !== 'pipe') continue;
    for (const end of [link.from, link.to]) pipesAt.set(end, [...(pipesAt.get(end) ?? []), link.id]);
  }
  const instrumentsAt = new Map<string, string[]>();
  for (const s of sensors) instrumentsAt.set(s.element, [...(instrumentsAt.get(s.element) ?? []), s.id]);
  const pumps = model.links.filter((l) => l.kind === 'pump');
  const zoneIds = [
    ...new Set([...model.zones.map((z) => z.id), ...model.nodes.flatMap((n) => (n.zone ? [n.zone] : []))]),
  ];
  const zoneOf = (nodeId: string) => zoneOfNode.get(nodeId);
  const drivePeriodMs =
    1000 * Math.max(0, ...sensors.filter((s) => s.quantity === 'speed').map((s) => s.period));

  const meterIds = new Set(meters.map((m) => m.id));
  for (const m of meters) {
    add('meter', {
      id: m.id,
      customer: m.customer,
      meterType: m.type,
      zone: zoneOf(m.node),
      readingPeriodMs: 1000 * (sensors.find((s) => s.element === m.id)?.period ?? 900),
    });
  }
  for (const s of sensors) {
    if (!INSTRUMENT_TYPES.has(s.quantity)) continue; // drive signals feed the pump agents directly
    if (meterIds.has(s.element)) continue; // a customer meter is its own agent
    add('sensor', {
      id: s.id,
      type: s.quantity,
      element: s.element,
      samplingPeriodMs: s.period * 1000,
      // these instruments report at a fixed period (the plant's step at the fastest): asking
      // them for more would only make the agent count the readings it cannot get as comms loss
      fastSamplingPeriodMs: s.period * 1000,
      thresholds: s.quantity === 'pressure' ? PRESSURE_THRESHOLDS : {},
      // a standby pump's flow is rightly zero all day: only analog noise proves a live instrument
      stuckReadings: s.quantity === 'flow' ? 0 : 30,
      zone: zoneOf(s.element),
    });
  }
  for (const link of model.links) {
    const zone = zoneOf(link.to) ?? zoneOf(link.from);
    if (link.kind === 'pump') {
      add('pump', {
        id: link.id,
        inlet: link.from,
        outlet: link.to,
        standby: link.standby,
        // an .inp pump without a speed pattern is a fixed-speed machine: it starts at full speed
        startSpeedPct: 100,
        // the drive's speed is read once per sampling period; judge the ramp only after a reading
        rampTimeMs: Math.max(30_000, 2 * drivePeriodMs),
        zone,
      });
    } else if (link.kind === 'valve') {
      add('valve', {
        id: link.id,
        valveType: link.valveType === 'PRV' ? 'PRV' : 'gate',
        upstream: link.from,
        downstream: link.to,
        zone,
      });
    } else {
      const neighbours = [
        ...new Set([...(pipesAt.get(link.from) ?? []), ...(pipesAt.get(link.to) ?? [])]),
      ].filter((id) => id !== link.id);
      add(
        'pipe',
        {
          id: link.id,
          diameterMm: Math.max(link.diameter, 1),
          lengthM: Math.max(link.length, 0.1),
          upstream: link.from,
          downstream: link.to,
          neighbours,
          sensors: [...(instrumentsAt.get(link.from) ?? []), ...(instrumentsAt.get(link.to) ?? [])],
          zone,
        },
        neighbours,
      );
    }
  }
  for (const node of model.nodes) {
    if (node.kind === 'tank' && node.tank) {
      const { minLevel, maxLevel, diameter } = node.tank;
      add('tank', {
        id: node.id,
        minLevelM: minLevel,
        maxLevelM: maxLevel,
        capacityM3: Math.max(1, (Math.PI * diameter ** 2 * (maxLevel - minLevel)) / 4),
        inletPumps: pumps.map((p) => p.id),
        zone: node.zone ?? undefined,
      });
    } else if (node.hydrant) {
      add('hydrant', {
        id: node.id,
        node: node.id,
        // an .inp knows no inspection dates; count from commissioning rather than call all overdue
        lastInspection: iso(clock.now()).slice(0, 10),
        pipes: pipesAt.get(node.id) ?? [],
        pumps: pumps.map((p) => p.id),
        zone: node.zone ?? undefined,
      });
    }
  }
  for (const zone of zoneIds) {
    const sidecarZone = model.zones.find((z) => z.id === zone);
    add('zone', {
      id: zone,
      name: sidecarZone?.name ?? zone,
      members: model.nodes.filter((n) => n.zone === zone).map((n) => n.id),
      inletMeters: sidecarZone?.inlets ?? [],
      pumps: pumps.filter((p) => zoneOf(p.to) === zone).map((p) => p.id),
      standbyPumps: pumps.filter((p) => p.standby && zoneOf(p.to) === zone).map((p) => p.id),
      prvs: model.links.filter((l) => l.valveType === 'PRV' && zoneOf(l.to) === zone).map((l) => l.id),
      customerMeters: meters.filter((m) => zoneOf(m.node) === zone).map((m) => m.id),
    });
  }
  add('control-center', { id: 'control-center', zones: zoneIds });

  return {
    runtime,
    bus,
    /** the agents' command path, for analytics acting for an agent (a zone closing isolation valves) */
    command: issue,
    /** readings from the field (here: the simulated instruments) onto the bus */
    ingest(readings: Reading[]): void {
      for (const r of readings) {
        bus.publish(
          `reading/${r.element}/${r.quantity}`,
          { value: r.value, quality: r.quality, time: r.time },
          'driver',
        );
      }
    },
    report(): AgentReport {
      const transitions: AgentReport['transitions'] = {};
      for (const { id } of runtime.directory.all()) {
        const counts = runtime.transitionCounts(id);
        if (Object.keys(counts).length) transitions[id] = counts;
      }
      return { alarms, transitions, commands, agents: count };
    },
  };
}
