// The plant boundary. In simulation the twin is the plant, and this is the instrument
// layer bolted onto it: pressure transmitters, flow meters and level gauges that sample
// the plant at their own period, with noise, quantization and the faults real instruments
// have. Everything downstream (agents, analytics, the operator) sees these readings only.
import type { NetworkModel, NetworkNode } from '../../shared/network';
// pure graph arithmetic (no agent, no analytics state): network distances for the placement
import { distancesFrom, networkGraph } from '../../agents/analytics/network-graph';
import { type LeakStudyResult, sensitivityJunctions } from './placement';
import type { TwinFrame } from '../../shared/contract';
import { gaussian } from './twin';

/** speed: a pump drive's speed, % of rated; fault: a pump drive's trip signal, 1 = tripped */
export type Quantity = 'pressure' | 'flow' | 'level' | 'speed' | 'fault';
export type Quality = 'good' | 'uncertain' | 'bad';

export interface SensorSpec {
  id: string;
  /** node id (pressure, level) or link id (flow) */
  element: string;
  quantity: Quantity;
  /** sampling period, s */
  period: number;
  /** where it measures, when that is not the element it reports as (a customer meter reads its service node) */
  at?: string;
  /** the share of the measured flow it sees (a meter on one of several services at a node) */
  scale?: number;
}

export interface Reading {
  sensor: string;
  element: string;
  quantity: Quantity;
  value: number;
  quality: Quality;
  /** sampling time, ms since the Unix epoch */
  time: number;
}

export type SensorFault =
  | { mode: 'drift'; since: number; perHour: number }
  | { mode: 'stuck'; value: number | null }
  | { mode: 'offline' };

export interface NoiseSpec {
  /** m, standard deviation */
  pressure: number;
  /** relative standard deviation */
  flow: number;
  /** m, standard deviation */
  level: number;
}

/** resolution of the instruments' output, in their unit */
const QUANTUM: Record<Quantity, number> = { pressure: 0.01, flow: 0.01, level: 0.001, speed: 0.1, fault: 1 };

export interface SensorChoice {
  pressure: 'auto' | string[];
  flow: 'auto' | string[];
  level: 'auto' | string[];
  period: number;
}

/**
 * the nominal model's leak sensitivities (the twin's nominalSensitivities): per leak node,
 * the pressure change at each site per L/s leaking there
 */
export type LeakStudy = (
  sites: readonly string[],
  leaks: readonly string[],
  meters: readonly string[],
) => LeakStudyResult;

/**
 * Where a utility would have instruments when a scenario says `auto`: a level gauge in every
 * tank, a flow meter on every pump, PRV and DMA inlet, speed and trip signals from every
 * pump's drive, and pressure loggers on about 4 % of the nodes (at least 3). With a leak
 * study of the nominal model the loggers go where leaks far apart look most different
 * (placement.ts; hydrants are candidate sites, as hydrant pressure loggers are common);
 * without one they are spread over the drawing (farthest-point sampling). Both deterministic.
 */
export function chooseSensors(model: NetworkModel, choice: SensorChoice, study?: LeakStudy): SensorSpec[] {
  const nodeIds = new Set(model.nodes.map((n) => n.id));
  const linkIds = new Set(model.links.map((l) => l.id));
  const check = (ids: string[], known: Set<string>, what: string) => {
    const unknown = ids.filter((id) => !known.has(id));
    if (unknown.length)
      throw new Error(`sensors: no ${what} ${unknown.slice(0, 5).join(', ')} in ${model.name}`);
    return ids;
  };
  const inlets = new Set(model.zones.flatMap((z) => z.inlets));
  // flow meters sit on links; a flow "at a node" is what leaves the network there (a hydrant's
  // discharge, read by a smart hydrant monitor)
  const flow =
    choice.flow === 'auto'
      ? [
          ...model.links
            .filter((l) => l.kind === 'pump' || l.valveType === 'PRV' || inlets.has(l.id))
            .map((l) => l.id),
          ...model.nodes.filter((n) => n.hydrant).map((n) => n.id),
        ]
      : check(choice.flow, new Set([...linkIds, ...nodeIds]), 'link or node');
  const loggers = Math.max(3, Math.round(0.04 * model.nodes.length));
  // a hydrant's monitor (it reads the discharge) can report pressure too: where the study
  // finds that worth it, up to a 5 % budget of junctions in all
  const junctionCount = model.nodes.filter((n) => n.kind === 'junction').length;
  const hydrantLoggers = Math.max(0, Math.round(0.05 * junctionCount) - loggers);
  const pressure =
    choice.pressure !== 'auto'
      ? check(choice.pressure, nodeIds, 'node')
      : study
        ? studiedJunctions(
            model,
            flow.filter((id) => linkIds.has(id)),
            loggers,
            hydrantLoggers,
            study,
          )
        : spreadJunctions(model, loggers);
  const level =
    choice.level === 'auto'
      ? model.nodes.filter((n) => n.kind === 'tank').map((n) => n.id)
      : check(choice.level, nodeIds, 'node');
  const spec = (quantity: Quantity) => (element: string) => ({
    id: `S-${element}-${quantity}`,
    element,
    quantity,
    period: choice.period,
  });
  const pumps = model.links.filter((l) => l.kind === 'pump').map((l) => l.id);
  return [
    ...pressure.map(spec('pressure')),
    ...flow.map(spec('flow')),
    ...level.map(spec('level')),
    ...pumps.map(spec('speed')),
    ...pumps.map(spec('fault')),
  ];
}

/** `count` junctions spread over the network's drawing (farthest-point sampling, deterministic) */
export function spreadJunctions(model: NetworkModel, count: number): string[] {
  return spread(
    model.nodes.filter((n) => n.kind === 'junction' && !n.hydrant),
    count,
  );
}

/**
 * Placements already studied in this process, by network fingerprint and count: the study
 * depends on the file's network only, and a benchmark or a test loads the same town again
 * and again (each study costs one solve per leak node plus the greedy).
 */
const studied = new Map<string, string[]>();

/**
 * The placements studied so far, to keep in a console's data folder: a restarted console
 * finds its loggers where they were without the study (seconds on a city network).
 */
export function studiedPlacements(): Record<string, string[]> {
  return Object.fromEntries(studied);
}

/** Placements kept from an earlier run; entries that are not lists of ids are ignored. */
export function rememberPlacements(saved: unknown): void {
  if (!saved || typeof saved !== 'object') return;
  for (const [key, ids] of Object.entries(saved)) {
    if (Array.isArray(ids) && ids.every((id) => typeof id === 'string')) studied.set(key, ids);
  }
}

function fingerprint(model: NetworkModel, meters: readonly string[], count: string): string {
  // FNV-1a over what the hydraulics of the study depend on
  let h = 0x811c9dc5;
  const add = (v: string | number) => {
    const text = String(v);
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  };
  for (const n of model.nodes) [n.id, n.kind, n.elevation, n.baseDemand, n.hydrant ? 1 : 0].forEach(add);
  for (const l of model.links) [l.id, l.from, l.to, l.kind, l.length, l.diameter].forEach(add);
  meters.forEach(add);
  return `${model.nodes.length}/${model.links.length}/${count}/${h.toString(16)}`;
}

function studiedJunctions(
  model: NetworkModel,
  meters: readonly string[],
  count: number,
  atHydrants: number,
  study: LeakStudy,
): string[] {
  const key = fingerprint(model, meters, `${count}+${atHydrants}`);
  const known = studied.get(key);
  if (known) return [...known];
  const junctions = model.nodes.filter((n) => n.kind === 'junction');
  const g = networkGraph(model);
  const hydrants = junctions.filter((n) => n.hydrant).map((n) => n.id);
  const chosen = sensitivityJunctions(
    junctions.map((n) => n.id),
    meters,
    count,
    { ids: hydrants, count: Math.min(hydrants.length, atHydrants) },
    (n) => spread(junctions, n),
    study,
    (id) => {
      const d = distancesFrom(g, new Map([[g.nodeIndex.get(id)!, 0]]));
      return (other) => d[g.nodeIndex.get(other)!]!;
    },
  );
  studied.set(key, chosen);
  return [...chosen];
}

function spread(junctions: readonly NetworkNode[], count: number): string[] {
  if (junctions.length <= count) return junctions.map((n) => n.id);
  const chosen = [junctions[0]!];
  const distance = junctions.map((n) => Math.hypot(n.x - chosen[0]!.x, n.y - chosen[0]!.y));
  while (chosen.length < count) {
    let best = 0;
    for (let i = 1; i < junctions.length; i++) if (distance[i]! > distance[best]!) best = i;
    const pick = junctions[best]!;
    chosen.push(pick);
    junctions.forEach(
      (n, i) => (distance[i] = Math.min(distance[i]!, Math.hypot(n.x - pick.x, n.y - pick.y))),
    );
  }
  return chosen.map((n) => n.id);
}

export class SimulatedInstruments {
  private readonly nextDue = new Map<string, number>();
  private readonly faults = new Map<string, SensorFault>();
  private readonly lastValue = new Map<string, number>();
  private readonly offlineZones = new Set<string>();
  private readonly tripped = new Set<string>();
  /** flow sensors on a node: they read what leaves the network there */
  private readonly outflowAt: Set<string>;
  private readonly indexOf: Map<string, number>;
  private readonly zoneOf: Map<string, string | null>;

  constructor(
    private readonly model: NetworkModel,
    readonly sensors: SensorSpec[],
    private readonly noise: NoiseSpec,
    private readonly random: () => number,
  ) {
    const nodeIndex = new Map(model.nodes.map((n, i) => [n.id, i]));
    const linkIndex = new Map(model.links.map((l, i) => [l.id, i]));
    const where = (s: SensorSpec) => s.at ?? s.element;
    const onLink = (s: SensorSpec) =>
      s.quantity === 'speed' || s.quantity === 'fault' || (s.quantity === 'flow' && linkIndex.has(where(s)));
    this.outflowAt = new Set(sensors.filter((s) => s.quantity === 'flow' && !onLink(s)).map((s) => s.id));
    this.indexOf = new Map(sensors.map((s) => [s.id, (onLink(s) ? linkIndex : nodeIndex).get(where(s))!]));
    const unplaced = sensors.filter((s) => this.indexOf.get(s.id) === undefined).map((s) => s.id);
    if (unplaced.length)
      throw new Error(`instruments on elements that do not exist: ${unplaced.slice(0, 5).join(', ')}`);
    const nodeZone = new Map(model.nodes.map((n) => [n.id, n.zone]));
    this.zoneOf = new Map(
      sensors.map((s) => {
        const link = onLink(s) ? model.links[linkIndex.get(where(s))!] : undefined;
        return [s.id, nodeZone.get(link ? link.to : where(s)) ?? null];
      }),
    );
  }

  fault(sensorId: string, fault: SensorFault | null): void {
    if (!this.indexOf.has(sensorId)) throw new Error(`no sensor "${sensorId}"`);
    if (fault) this.faults.set(sensorId, fault);
    else this.faults.delete(sensorId);
  }

  /** a pump drive's protection has tripped (or been reset) */
  trip(pumpId: string, tripped: boolean): void {
    if (tripped) this.tripped.add(pumpId);
    else this.tripped.delete(pumpId);
  }

  /** the gateway of a zone stops reporting (or comes back) */
  commsLoss(zone: string, lost: boolean): void {
    if (lost) this.offlineZones.add(zone);
    else this.offlineZones.delete(zone);
  }

  /** Readings of every sensor whose sampling time has come, from the plant state `frame`. */
  sample(frame: TwinFrame, time: number): Reading[] {
    const readings: Reading[] = [];
    for (const sensor of this.sensors) {
      const due = this.nextDue.get(sensor.id) ?? time;
      if (time < due) continue;
      this.nextDue.set(sensor.id, due + sensor.period * 1000);
      const fault = this.faults.get(sensor.id);
      const zone = this.zoneOf.get(sensor.id);
      if (fault?.mode === 'offline' || (zone && this.offlineZones.has(zone))) continue;
      let value = this.measure(sensor, frame);
      if (fault?.mode === 'drift') value += (fault.perHour * (time - fault.since)) / 3_600_000;
      if (fault?.mode === 'stuck') {
        fault.value ??= this.lastValue.get(sensor.id) ?? value;
        value = fault.value;
      }
      // a gauge-pressure transmitter or a level gauge reads 0 at the bottom of its range, not the
      // negative pressures EPANET computes for a node that has lost its supply
      if (sensor.quantity === 'pressure' || sensor.quantity === 'level') value = Math.max(0, value);
      value = Math.round(value / QUANTUM[sensor.quantity]) * QUANTUM[sensor.quantity];
      value = Number(value.toFixed(6));
      this.lastValue.set(sensor.id, value);
      readings.push({
        sensor: sensor.id,
        element: sensor.element,
        quantity: sensor.quantity,
        value,
        quality: 'good',
        time,
      });
    }
    return readings;
  }

  private measure(sensor: SensorSpec, frame: TwinFrame): number {
    const i = this.indexOf.get(sensor.id)!;
    switch (sensor.quantity) {
      case 'pressure':
        return frame.nodes.pressure[i]! + this.noise.pressure * gaussian(this.random);
      case 'level':
        return frame.nodes.pressure[i]! + this.noise.level * gaussian(this.random);
      case 'flow': {
        const q =
          (this.outflowAt.has(sensor.id) ? frame.nodes.demand[i]! : frame.links.flow[i]!) *
          (sensor.scale ?? 1);
        return q * (1 + this.noise.flow * gaussian(this.random));
      }
      case 'fault':
        return this.tripped.has(sensor.element) ? 1 : 0;
      case 'speed':
        // the drive reports % of rated speed; a stopped pump reads 0
        return frame.links.status[i] === 1 ? 100 * (frame.links.setting[i] || 1) : 0;
    }
  }
}
