// The digital twin: an EPANET model stepped in extended-period simulation, one hydraulic
// step at a time, so it can run at the pace of the console's clock and take actuation
// (pump on/off/speed, valve setting, pipe open/close) between steps, like a real plant.
//
// In simulation the twin *is* the plant. It knows hidden truth (true demands, leaks
// injected later by scenarios); the rest of the console only sees what it exposes here,
// and later issues route even that through sensors and drivers.
import {
  CountType,
  InitHydOption,
  LinkProperty,
  LinkType,
  NodeProperty,
  NodeType,
  Option,
  Project,
  TimeParameter,
  Workspace,
} from 'epanet-js';
import type { Actuation, TwinFrame } from '../../shared/contract';
import { LinkShutter } from './epanet-links';
import type { NetworkLink, NetworkModel, NetworkNode, ValveType } from '../../shared/network';
import { InpError, problemsFromReport } from './inp-errors';
import { gridLayout } from './layout';
import { elementId } from './element-id';
import type { Sidecar } from './sidecar';
import { PRESSURE_UNITS_OPTION, unitFactors, type UnitFactors } from './units';

export interface TwinOptions {
  /** shown in the console; usually the file name without extension */
  name: string;
  /** simulated time at which the twin starts, ms since the Unix epoch */
  startMs: number;
  /** seconds between hydraulic solutions; default: the .inp's, capped at 60 s */
  hydraulicStep?: number;
  /** minutes east of UTC of the utility's local time, for aligning daily demand patterns */
  utcOffsetMinutes?: number;
  sidecar?: Sidecar;
  /** identifies this load in the model and every frame; default: unique within the process */
  loadId?: string;
}

/** EPANET runs to a fixed duration; ten years is longer than any console stays up unrestarted. */
const DURATION_S = 10 * 365 * 86_400;
const DEFAULT_MAX_STEP_S = 60;

let workspace: Promise<Workspace> | undefined;
let fileCounter = 0;

/** One EPANET WebAssembly module serves all twins; loading it takes ~100 ms. */
function sharedWorkspace(): Promise<Workspace> {
  workspace ??= (async () => {
    const ws = new Workspace();
    await ws.loadModule();
    return ws;
  })();
  return workspace;
}

const valveTypes: Partial<Record<LinkType, ValveType>> = {
  [LinkType.PRV]: 'PRV',
  [LinkType.PSV]: 'PSV',
  [LinkType.PBV]: 'PBV',
  [LinkType.FCV]: 'FCV',
  [LinkType.TCV]: 'TCV',
  [LinkType.GPV]: 'GPV',
};

export class HydraulicTwin {
  readonly model: NetworkModel;
  private elapsedS = 0;
  private closed = false;
  private perturbed = false;
  /** EPANET warnings (code < 100) seen while solving, by code: what the engineer should hear of */
  readonly warnings = new Map<number, { message: string; count: number; lastAt: number }>();
  private readonly elevations: Float64Array;
  private readonly linkIndex = new Map<string, number>();
  /** base demands before a zone demand multiplier, by node index */
  private readonly baseDemands: number[] = [];
  /** shuts the pipes EPANET will not close by status (check-valve pipes: epanet-links.ts) */
  private readonly shutter: LinkShutter;

  private constructor(
    private readonly project: Project,
    private readonly units: UnitFactors,
    private readonly startMs: number,
    readonly stepS: number,
    model: NetworkModel,
  ) {
    this.model = model;
    this.shutter = new LinkShutter(project);
    this.elevations = Float64Array.from(model.nodes, (n) => n.elevation);
    model.links.forEach((l, i) => this.linkIndex.set(l.id, i));
    this.collectWarnings(project);
  }

  /**
   * epanet-js prints solver warnings ("pumps cannot deliver enough flow or head", "system
   * disconnected") to the console on every step. A twin running at 600× would flood the log,
   * so we keep them, counted, for the console to show. This replaces epanet-js's private
   * `_checkError` on this one project; errors (codes ≥ 100) still throw as before.
   */
  private collectWarnings(project: Project): void {
    const target = project as unknown as { _checkError?: (code: number) => void; _ws: Workspace };
    const original = target._checkError?.bind(project);
    if (!original) return;
    target._checkError = (code: number) => {
      if (code <= 0 || code >= 100) return original(code);
      const known = this.warnings.get(code);
      if (known) {
        known.count++;
        known.lastAt = this.time;
      } else {
        this.warnings.set(code, { message: target._ws.getError(code), count: 1, lastAt: this.time });
      }
    };
  }

  /** Parse an .inp, prepare extended-period hydraulics, and solve the first instant. */
  static async load(inp: string, options: TwinOptions): Promise<HydraulicTwin> {
    const ws = await sharedWorkspace();
    const base = `twin-${++fileCounter}`;
    const inpFile = `${base}.inp`;
    const reportFile = `${base}.rpt`;
    ws.writeFile(inpFile, inp);
    const project = new Project(ws);
    try {
      project.open(inpFile, reportFile, '');
    } catch (error) {
      try {
        project.close(); // flushes the report that holds the details
      } catch {
        /* the project may not have opened far enough to close */
      }
      const problems = problemsFromReport(safeRead(ws, reportFile), inp);
      throw new InpError(
        `${options.name}.inp`,
        problems,
        problems.length ? undefined : (error as Error).message,
      );
    }
    try {
      const nodeCount = project.getCount(CountType.NodeCount);
      if (nodeCount === 0) {
        throw new InpError(
          `${options.name}.inp`,
          [],
          `${options.name}.inp: no nodes found; is this an EPANET input file? (expected [JUNCTIONS], [RESERVOIRS] or [TANKS])`,
        );
      }
      if (project.getCount(CountType.TankCount) === 0) {
        throw new InpError(
          `${options.name}.inp`,
          [],
          `${options.name}.inp: the network has no reservoir or tank, so no node has a known head`,
        );
      }
      const units = unitFactors(project.getFlowUnits(), project.getOption(PRESSURE_UNITS_OPTION as Option));
      continueUnbalanced(project);
      const fileStep = project.getTimeParameter(TimeParameter.HydStep);
      const stepS = Math.max(
        1,
        Math.round(options.hydraulicStep ?? Math.min(fileStep || 3600, DEFAULT_MAX_STEP_S)),
      );
      alignTime(project, options.startMs, options.utcOffsetMinutes ?? 0, stepS);
      const model = readModel(project, units, options, stepS);
      const twin = new HydraulicTwin(project, units, options.startMs, stepS, model);
      project.openH();
      project.initH(InitHydOption.NoSave);
      twin.solve();
      return twin;
    } catch (error) {
      try {
        project.close();
      } catch {
        /* already failing; the first error is the one to report */
      }
      if (error instanceof InpError) throw error;
      const message = (error as Error).message;
      throw new InpError(`${options.name}.inp`, [], `${options.name}.inp: ${message}`);
    } finally {
      ws.writeFile(inpFile, ''); // the source can be megabytes; don't keep a copy in the wasm heap
    }
  }

  /** the twin is still the file's network at its first instant: no step taken, not perturbed */
  get pristine(): boolean {
    return this.elapsedS === 0 && !this.perturbed;
  }

  /** simulated time of the current solution, ms since the Unix epoch */
  get time(): number {
    return this.startMs + this.elapsedS * 1000;
  }

  /**
   * Advance one hydraulic step: tank levels integrate over the step, controls fire, and
   * the network is solved at the new time. EPANET may stop early on the way (a tank
   * filling, a control firing); we keep going until the step boundary.
   */
  step(): void {
    this.assertOpen();
    const target = this.elapsedS + this.stepS;
    while (this.elapsedS < target) {
      const advanced = this.project.nextH();
      if (advanced <= 0) throw new Error(`${this.model.name}: the hydraulic simulation reached its end`);
      this.solve();
    }
  }

  /** The current solution in SI units, index-aligned with model.nodes / model.links. */
  frame(): TwinFrame {
    this.assertOpen();
    const p = this.project;
    const u = this.units;
    const head = p.getNodeValues(NodeProperty.Head);
    const demand = p.getNodeValues(NodeProperty.Demand);
    const flow = p.getLinkValues(LinkProperty.Flow);
    const velocity = p.getLinkValues(LinkProperty.Velocity);
    const status = p.getLinkValues(LinkProperty.Status);
    const setting = p.getLinkValues(LinkProperty.Setting);
    return {
      loadId: this.model.loadId,
      t: this.time,
      nodes: {
        pressure: head.map((h, i) => round(h * u.length - this.elevations[i]!)),
        head: head.map((h) => round(h * u.length)),
        demand: demand.map((d) => round(d * u.flow)),
      },
      links: {
        flow: flow.map((q) => round(q * u.flow)),
        velocity: velocity.map((v) => round(v * u.velocity)),
        status: status.map((s, i) => (s > 0 && !this.shutter.isShutCheckValve(i + 1) ? 1 : 0)),
        setting: setting.map((s, i) => round(this.settingToSi(i, s))),
      },
    };
  }

  /** One link of the current solution: what a station's status bits report (cheaper than a frame). */
  linkState(linkId: string): { open: boolean; setting: number } {
    this.assertOpen();
    const i = this.linkIndex.get(linkId);
    if (i === undefined) throw new Error(`no link "${linkId}" in ${this.model.name}`);
    return {
      open:
        !this.shutter.isShutCheckValve(i + 1) && this.project.getLinkValue(i + 1, LinkProperty.Status) > 0,
      setting: round(this.settingToSi(i, this.project.getLinkValue(i + 1, LinkProperty.Setting))),
    };
  }

  /** Every pump now: flow, electrical power and hydraulic efficiency, as a station's meters read them. */
  pumpReadings(): {
    id: string;
    running: boolean;
    flowLps: number;
    powerKw: number;
    efficiencyPct: number | null;
  }[] {
    this.assertOpen();
    const p = this.project;
    return this.model.links.flatMap((link, i) => {
      if (link.kind !== 'pump') return [];
      const running = p.getLinkValue(i + 1, LinkProperty.Status) > 0;
      const effic = p.getLinkValue(i + 1, LinkProperty.PumpEffic);
      return [
        {
          id: link.id,
          running,
          flowLps: round(p.getLinkValue(i + 1, LinkProperty.Flow) * this.units.flow),
          powerKw: running ? round(Math.max(0, p.getLinkValue(i + 1, LinkProperty.Energy))) : 0,
          // EPANET reports the efficiency as a fraction (0.75 for a pump without an efficiency curve)
          efficiencyPct: running && effic > 0 ? round(effic * 100) : null,
        },
      ];
    });
  }

  /** A node's pressure at the last solve, m (below 0 where it ran dry) */
  pressureAt(nodeId: string): number {
    this.assertOpen();
    const i = this.nodeIndex(nodeId);
    return this.project.getNodeValue(i + 1, NodeProperty.Head) * this.units.length - this.elevations[i]!;
  }

  /** What leaves the network through a node's outflow (setOutflow) now, L/s. */
  outflowAt(nodeId: string): number {
    this.assertOpen();
    const i = this.nodeIndex(nodeId);
    const coefficient = this.project.getNodeValue(i + 1, NodeProperty.Emitter);
    if (!(coefficient > 0)) return 0;
    const pressureM = Math.max(0, this.pressureAt(nodeId));
    return round(coefficient * Math.sqrt(pressureM / this.units.pressure) * this.units.flow);
  }

  /** Operate a pump, valve or pipe of the simulated plant; takes effect at the next step. */
  actuate(command: Actuation): void {
    this.assertOpen();
    const i = this.linkIndex.get(command.link);
    if (i === undefined) throw new Error(`no link "${command.link}" in ${this.model.name}`);
    const link = this.model.links[i]!;
    const en = i + 1;
    switch (command.action) {
      case 'open':
      case 'close':
        if (!this.shutter.shutCheckValve(en, command.action === 'close'))
          this.project.setLinkValue(en, LinkProperty.Status, command.action === 'open' ? 1 : 0);
        return;
      case 'speed':
        if (link.kind !== 'pump') throw new Error(`${link.id} is a ${link.kind}; only pumps have a speed`);
        this.project.setLinkValue(en, LinkProperty.Setting, command.value);
        return;
      case 'setting':
        if (link.kind !== 'valve')
          throw new Error(`${link.id} is a ${link.kind}; only valves have a setting`);
        this.project.setLinkValue(en, LinkProperty.Setting, this.settingFromSi(i, command.value));
        return;
    }
  }

  // ------------------------------------------------------------ the plant's hidden side
  // What scenarios do to the simulated plant. The console never learns of these except
  // through what its sensors read: they are the truth a real utility cannot see.

  /**
   * Open a pressure-dependent outflow at a node (a leak, a burst, an open hydrant) sized so
   * that it discharges `flowLps` at `atPressureM` (by default the node's current pressure,
   * pressureAt); it then varies with pressure like an orifice (EPANET emitter, exponent
   * 0.5). 0 closes it.
   */
  setOutflow(nodeId: string, flowLps: number, atPressureM = this.pressureAt(nodeId)): void {
    this.assertOpen();
    const i = this.nodeIndex(nodeId);
    if (this.model.nodes[i]!.kind !== 'junction') throw new Error(`${nodeId} is not a junction`);
    const pressureM = Math.max(atPressureM, 1); // a dry node still leaks once refilled
    const coefficient = flowLps / this.units.flow / Math.sqrt(pressureM / this.units.pressure);
    this.project.setNodeValue(i + 1, NodeProperty.Emitter, flowLps > 0 ? coefficient : 0);
  }

  /**
   * A link that can no longer move by itself (a tripped pump, a seized valve): the model's
   * own controls and rules stop acting on it, so it stays as the plant left it.
   */
  lockOut(linkId: string, status: 'open' | 'closed' | 'as-is'): void {
    const en = this.controlledLink(linkId);
    this.setControlsOf(en, false);
    if (status !== 'as-is') this.project.setLinkValue(en, LinkProperty.Status, status === 'open' ? 1 : 0);
  }

  /**
   * Give a link back to the model's own controls and rules (a pump switched from Remote back
   * to Auto on its station panel): the reverse of lockOut, without moving it.
   */
  releaseControls(linkId: string): void {
    this.setControlsOf(this.controlledLink(linkId), true);
  }

  private controlledLink(linkId: string): number {
    this.assertOpen();
    const i = this.linkIndex.get(linkId);
    if (i === undefined) throw new Error(`no link "${linkId}" in ${this.model.name}`);
    return i + 1;
  }

  /** enable or disable every simple control and rule that acts on link `en` */
  private setControlsOf(en: number, enabled: boolean): void {
    const p = this.project;
    const flag = enabled ? 1 : 0;
    for (let c = 1, n = p.getCount(CountType.ControlCount); c <= n; c++) {
      if (p.getControl(c).linkIndex === en) p.setControlEnabled(c, flag);
    }
    for (let r = 1, n = p.getCount(CountType.RuleCount); r <= n; r++) {
      const rule = p.getRule(r);
      const acts = (get: (a: number) => { linkIndex: number }, count: number) =>
        Array.from({ length: count }, (_, a) => get(a + 1).linkIndex).includes(en);
      if (
        acts((a) => p.getThenAction(r, a), rule.thenActionCount) ||
        acts((a) => p.getElseAction(r, a), rule.elseActionCount)
      ) {
        p.setRuleEnabled(r, flag);
      }
    }
  }

  /** Scale junction demands, all of them or those of `nodeIds` (a heat wave, an event in town). */
  setDemandMultiplier(factor: number, nodeIds?: string[]): void {
    this.assertOpen();
    if (!(factor > 0)) throw new Error('demand multiplier must be positive');
    if (!nodeIds) {
      this.project.setOption(Option.DemandMult, factor);
      return;
    }
    for (const id of nodeIds) {
      const i = this.nodeIndex(id);
      if (this.model.nodes[i]!.kind !== 'junction') continue;
      const base = (this.baseDemands[i] ??= this.project.getNodeValue(i + 1, NodeProperty.BaseDemand));
      this.project.setNodeValue(i + 1, NodeProperty.BaseDemand, base * factor);
    }
  }

  /**
   * Leak sensitivities of the nominal model, for choosing where pressure loggers go
   * (placement.ts): per leak node, the pressure change at each site per L/s leaking there.
   * Snapshot solves at `hourOfDay` (a daytime demand, when leaks are looked for), each with a
   * trial outflow at one node. Only before the first step and before `perturb`: it is a
   * design study on the file's network, not a look at the plant; the twin is left exactly as
   * loaded (t = 0 solved again, the warnings it raised forgotten).
   */
  nominalSensitivities(
    sites: readonly string[],
    leakNodes: readonly string[],
    meters: readonly string[] = [],
    hourOfDay = 10,
  ): { rows: Float64Array[]; meterFlows: Float64Array } {
    this.assertOpen();
    if (!this.pristine) throw new Error('nominal sensitivities: only before the first step and perturb');
    const p = this.project;
    const u = this.units;
    const warnings = new Map([...this.warnings].map(([k, v]) => [k, { ...v }]));
    const patternStart = p.getTimeParameter(TimeParameter.PatternStart);
    const timeOfDay = p.getTimeParameter(TimeParameter.StartTime);
    const day = 86_400;
    p.setTimeParameter(
      TimeParameter.PatternStart,
      patternStart + ((((hourOfDay * 3600 - timeOfDay) % day) + day) % day),
    );
    const siteIndex = sites.map((id) => this.nodeIndex(id));
    const meterIndex = meters.map((id) => {
      const i = this.linkIndex.get(id);
      if (i === undefined) throw new Error(`no link "${id}" in ${this.model.name}`);
      return i;
    });
    // pressures at the sites, then flows through the meters
    const pressures = () => {
      p.initH(InitHydOption.NoSave);
      p.runH();
      return Float64Array.from([
        ...siteIndex.map((i) => p.getNodeValue(i + 1, NodeProperty.Head) * u.length - this.elevations[i]!),
        ...meterIndex.map((i) => p.getLinkValue(i + 1, LinkProperty.Flow) * u.flow),
      ]);
    };
    try {
      const base = pressures();
      const trialLps = 3;
      const rows = leakNodes.map((id) => {
        const i = this.nodeIndex(id);
        const emitter = p.getNodeValue(i + 1, NodeProperty.Emitter);
        const atNode = Math.max(1, p.getNodeValue(i + 1, NodeProperty.Head) * u.length - this.elevations[i]!);
        const c = trialLps / u.flow / Math.sqrt(atNode / u.pressure);
        p.setNodeValue(i + 1, NodeProperty.Emitter, emitter + c);
        const after = pressures();
        // what the orifice actually discharged at the pressure it ended at
        const headAt = p.getNodeValue(i + 1, NodeProperty.Head) * u.length - this.elevations[i]!;
        const q = c * Math.sqrt(Math.max(0, headAt) / u.pressure) * u.flow;
        p.setNodeValue(i + 1, NodeProperty.Emitter, emitter);
        return after.map((v, k) => (q > 1e-6 ? (v - base[k]!) / q : 0));
      });
      return { rows, meterFlows: base.slice(sites.length) };
    } finally {
      p.setTimeParameter(TimeParameter.PatternStart, patternStart);
      p.initH(InitHydOption.NoSave);
      this.solve();
      this.warnings.clear();
      for (const [k, v] of warnings) this.warnings.set(k, v);
    }
  }

  /**
   * Make the plant differ from the model the console believes in, as every real network
   * does: each pipe's roughness and each junction's base demand perturbed by a seeded
   * relative noise. Call before the first step.
   */
  perturb(random: () => number, roughness: number, demandNoise: number): void {
    this.assertOpen();
    this.perturbed = true;
    this.model.links.forEach((link, i) => {
      if (link.kind !== 'pipe' || roughness === 0) return;
      const c = this.project.getLinkValue(i + 1, LinkProperty.Roughness);
      this.project.setLinkValue(
        i + 1,
        LinkProperty.Roughness,
        c * Math.max(0.2, 1 + roughness * gaussian(random)),
      );
    });
    this.model.nodes.forEach((node, i) => {
      if (node.kind !== 'junction' || demandNoise === 0) return;
      const d = this.project.getNodeValue(i + 1, NodeProperty.BaseDemand);
      this.project.setNodeValue(
        i + 1,
        NodeProperty.BaseDemand,
        d * Math.max(0, 1 + demandNoise * gaussian(random)),
      );
    });
  }

  private nodeIndex(id: string): number {
    const i = this.model.nodes.findIndex((n) => n.id === id);
    if (i < 0) throw new Error(`no node "${id}" in ${this.model.name}`);
    return i;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.project.closeH();
    } finally {
      this.project.close();
    }
  }

  private solve(): void {
    this.elapsedS = this.project.runH();
  }

  private assertOpen(): void {
    if (this.closed) throw new Error(`${this.model.name}: the twin is closed`);
  }

  // PRV/PSV/PBV settings are pressures, FCV settings flows; TCV, GPV and pump settings have no units.
  private settingScale(i: number): number {
    const link = this.model.links[i]!;
    if (link.valveType === 'PRV' || link.valveType === 'PSV' || link.valveType === 'PBV')
      return this.units.pressure;
    if (link.valveType === 'FCV') return this.units.flow;
    return 1;
  }

  private settingToSi(i: number, value: number): number {
    return value * this.settingScale(i);
  }

  private settingFromSi(i: number, value: number): number {
    return value / this.settingScale(i);
  }
}

/**
 * `UNBALANCED STOP` in [OPTIONS] (Richmond's file) ends the whole extended-period run the
 * first time a step fails to converge: a plant that simply stops existing when an isolation
 * or a burst unbalances it. A real network keeps running in whatever state it is in, so the
 * twin continues with 10 extra trials (the EPANET default files' `Continue 10`) and lets the
 * warning reach the engineer (collectWarnings). EPANET stores Stop as a negative value.
 */
export function continueUnbalanced(project: Project): void {
  if (project.getOption(Option.Unbalanced) < 0) project.setOption(Option.Unbalanced, 10);
}

/**
 * Make the model's clock and daily demand patterns match the console's clock: pattern
 * period 0 is the file's start clock time, so a twin started at 14:30 begins its
 * patterns 14:30 − start-clocktime into the day.
 */
function alignTime(project: Project, startMs: number, utcOffsetMinutes: number, stepS: number): void {
  const day = 86_400;
  const timeOfDay = Math.floor((((startMs / 1000 + utcOffsetMinutes * 60) % day) + day) % day);
  const fileStart = project.getTimeParameter(TimeParameter.StartTime);
  const filePatternStart = project.getTimeParameter(TimeParameter.PatternStart);
  const offset = (((timeOfDay - fileStart) % day) + day) % day;
  project.setTimeParameter(TimeParameter.Duration, DURATION_S);
  project.setTimeParameter(TimeParameter.HydStep, stepS);
  project.setTimeParameter(TimeParameter.ReportStep, stepS);
  project.setTimeParameter(TimeParameter.StartTime, timeOfDay);
  project.setTimeParameter(TimeParameter.PatternStart, filePatternStart + offset);
  if (project.getTimeParameter(TimeParameter.RuleStep) > stepS) {
    project.setTimeParameter(TimeParameter.RuleStep, stepS);
  }
}

function readModel(project: Project, u: UnitFactors, options: TwinOptions, stepS: number): NetworkModel {
  const sidecar = options.sidecar;
  const zoneOf = new Map<string, string>();
  for (const zone of sidecar?.zones ?? []) for (const id of zone.nodes) zoneOf.set(elementId(id), zone.id);
  const hydrants = new Set((sidecar?.hydrants ?? []).map(elementId));
  const standby = new Set((sidecar?.standbyPumps ?? []).map(elementId));

  const nodeCount = project.getCount(CountType.NodeCount);
  const nodes: NetworkNode[] = [];
  let missingCoordinates = 0;
  for (let en = 1; en <= nodeCount; en++) {
    const id = elementId(project.getNodeId(en));
    const type = project.getNodeType(en);
    let x = 0;
    let y = 0;
    try {
      ({ x, y } = project.getCoordinates(en));
    } catch {
      missingCoordinates++;
    }
    const isTank = type === NodeType.Tank;
    nodes.push({
      id,
      kind: type === NodeType.Junction ? 'junction' : isTank ? 'tank' : 'reservoir',
      x,
      y,
      elevation: round(project.getNodeValue(en, NodeProperty.Elevation) * u.length),
      baseDemand:
        type === NodeType.Junction ? round(project.getNodeValue(en, NodeProperty.BaseDemand) * u.flow) : 0,
      hydrant: hydrants.has(id),
      zone: zoneOf.get(id) ?? null,
      tank: isTank
        ? {
            minLevel: round(project.getNodeValue(en, NodeProperty.MinLevel) * u.length),
            maxLevel: round(project.getNodeValue(en, NodeProperty.MaxLevel) * u.length),
            diameter: round(project.getNodeValue(en, NodeProperty.TankDiam) * u.length),
          }
        : null,
    });
  }

  const linkCount = project.getCount(CountType.LinkCount);
  const links: NetworkLink[] = [];
  for (let en = 1; en <= linkCount; en++) {
    const type = project.getLinkType(en);
    const { node1, node2 } = project.getLinkNodes(en);
    const kind =
      type === LinkType.Pump ? 'pump' : type === LinkType.Pipe || type === LinkType.CVPipe ? 'pipe' : 'valve';
    const id = elementId(project.getLinkId(en));
    const vertices: [number, number][] = [];
    for (let v = 1, n = project.getVertexCount(en); v <= n; v++) {
      const { x, y } = project.getVertex(en, v);
      vertices.push([x, y]);
    }
    links.push({
      id,
      kind,
      valveType: valveTypes[type] ?? null,
      from: nodes[node1 - 1]!.id,
      to: nodes[node2 - 1]!.id,
      length: kind === 'pipe' ? round(project.getLinkValue(en, LinkProperty.Length) * u.length) : 0,
      diameter: kind === 'pump' ? 0 : round(project.getLinkValue(en, LinkProperty.Diameter) * u.diameter),
      vertices,
      standby: standby.has(id),
    });
  }

  const syntheticLayout = missingCoordinates > 0;
  if (syntheticLayout) gridLayout(nodes, links);

  return {
    loadId: options.loadId ?? `twin-${fileCounter}`,
    name: sidecar?.name ?? options.name,
    title: project.getTitle().line1.trim(),
    sourceUnits: u.name,
    hydraulicStep: stepS,
    syntheticLayout,
    nodes,
    links,
    zones: (sidecar?.zones ?? []).map(({ id, name, inlets }) => ({
      id,
      name,
      inlets: inlets.map(elementId),
    })),
  };
}

/** standard normal deviate from a uniform generator (Box–Muller) */
export function gaussian(random: () => number): number {
  const u = Math.max(random(), Number.EPSILON);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

function round(value: number): number {
  return Number.isFinite(value) ? Math.round(value * 1000) / 1000 : 0;
}

function safeRead(ws: Workspace, file: string): string {
  try {
    return ws.readFile(file);
  } catch {
    return '';
  }
}
