// The EPANET-backed reference model: a second EPANET project, loaded from the nominal .inp
// the console was given, that the leak analytics solve under the boundary conditions the
// readings report (tank levels, pump speeds, measured outflows, the console's own closures).
// It shares nothing with the simulated plant: not the project, not the perturbation, not the
// scenario's events. Each solve is a single-period (snapshot) solution at the boundary's time.
import {
  CountType,
  InitHydOption,
  LinkProperty,
  NodeProperty,
  NodeType,
  Option,
  Project,
  TimeParameter,
  Workspace,
} from 'epanet-js';
import type {
  Boundary,
  Observation,
  ReferenceModel,
  ReferenceSolution,
} from '../../agents/analytics/reference-model';
import type { NetworkModel } from '../../shared/network';
import { LinkShutter } from '../../protocols/sim/epanet-links';
import { elementId } from '../../protocols/sim/element-id';
import { PRESSURE_UNITS_OPTION, unitFactors, type UnitFactors } from '../../protocols/sim/units';

const DAY_S = 86_400;
/** the name of the demand category a trial leak or a measured outflow is put in */
const EXTRA_DEMAND = 'aqueduct-extra';
const CONSTANT_PATTERN = 'AQ-CONSTANT';

export interface ReferenceOptions {
  /** the console's network, as it loaded it (ids, kinds) */
  model: NetworkModel;
  /** the nominal .inp text */
  inp: string;
  /** when the console's model clock started, ms since the epoch: aligns long demand patterns */
  epochMs: number;
  utcOffsetMinutes?: number;
}

let workspace: Promise<Workspace> | undefined;
let counter = 0;

export async function loadReferenceModel(options: ReferenceOptions): Promise<EpanetReference> {
  workspace ??= (async () => {
    const ws = new Workspace();
    await ws.loadModule();
    return ws;
  })();
  const ws = await workspace;
  const file = `reference-${++counter}`;
  ws.writeFile(`${file}.inp`, options.inp);
  const project = new Project(ws);
  project.open(`${file}.inp`, `${file}.rpt`, '');
  quietWarnings(project);
  // as the twin does (twin.ts continueUnbalanced): a trial leak or an isolation that leaves
  // a solve unconverged is an answer to weigh, not a reason to stop (`UNBALANCED STOP`)
  if (project.getOption(Option.Unbalanced) < 0) project.setOption(Option.Unbalanced, 10);
  ws.writeFile(`${file}.inp`, '');
  return new EpanetReference(project, options);
}

export class EpanetReference implements ReferenceModel {
  readonly model: NetworkModel;
  private readonly units: UnitFactors;
  private readonly nodeIndex = new Map<string, number>();
  private readonly linkIndex = new Map<string, number>();
  private readonly elevation: Float64Array;
  private readonly junction: boolean[];
  /** node index → index of its extra demand category, created on first use */
  private readonly extraDemand = new Map<number, number>();
  private readonly patternStart0: number;
  private readonly epochS: number;
  private readonly startTime0: number;
  private applied: Boundary | undefined;
  /** link index → its status in the file, while the console holds it closed */
  private readonly initialStatus = new Map<number, number>();
  /** shuts the pipes EPANET will not close by status (check-valve pipes: epanet-links.ts) */
  private readonly shutter: LinkShutter;
  /**
   * Links the file's controls operate (a bypass pipe, a tank inlet valve). Level controls
   * have hysteresis (open below 0.5 m, close above 5.5 m): a one-period solve alone would
   * not know which side of the band the link is on, so each solution's status carries over
   * as the next one's initial status, as the plant's controls carry it over in time.
   */
  private readonly controlled = new Set<number>();
  private closed = false;

  constructor(
    private readonly project: Project,
    options: ReferenceOptions,
  ) {
    this.model = options.model;
    this.shutter = new LinkShutter(project);
    const p = project;
    this.units = unitFactors(p.getFlowUnits(), p.getOption(PRESSURE_UNITS_OPTION as Option));
    const nodes = p.getCount(CountType.NodeCount);
    // ids as the console carries them (element-id.ts: HSP#1 → HSP＃1)
    for (let en = 1; en <= nodes; en++) this.nodeIndex.set(elementId(p.getNodeId(en)), en);
    for (let en = 1, n = p.getCount(CountType.LinkCount); en <= n; en++)
      this.linkIndex.set(elementId(p.getLinkId(en)), en);
    this.elevation = Float64Array.from({ length: nodes }, (_, i) =>
      p.getNodeValue(i + 1, NodeProperty.Elevation),
    );
    this.junction = Array.from({ length: nodes }, (_, i) => p.getNodeType(i + 1) === NodeType.Junction);
    // Pumps run as their drives report; the file's controls on them would fight the readings.
    // Controls on other links (a bypass pipe, a tank inlet valve) stay: they are the utility's
    // own logic, and with the measured tank levels they decide as the plant's do.
    const pumps = new Set(
      options.model.links.filter((l) => l.kind === 'pump').map((l) => this.linkIndex.get(l.id)),
    );
    for (let c = 1, n = p.getCount(CountType.ControlCount); c <= n; c++) {
      const link = p.getControl(c).linkIndex;
      if (pumps.has(link)) p.setControlEnabled(c, 0);
      else this.controlled.add(link);
    }
    for (let r = 1, n = p.getCount(CountType.RuleCount); r <= n; r++) p.setRuleEnabled(r, 0);
    // the twin's alignment of daily patterns to the console's clock (twin.ts alignTime)
    const offsetS = (options.utcOffsetMinutes ?? 0) * 60;
    const timeOfDay = (((Math.floor(options.epochMs / 1000) + offsetS) % DAY_S) + DAY_S) % DAY_S;
    const fileStart = p.getTimeParameter(TimeParameter.StartTime);
    this.patternStart0 =
      p.getTimeParameter(TimeParameter.PatternStart) + ((((timeOfDay - fileStart) % DAY_S) + DAY_S) % DAY_S);
    this.epochS = options.epochMs / 1000;
    this.startTime0 = timeOfDay;
    p.setTimeParameter(TimeParameter.Duration, 0);
    p.addPattern(CONSTANT_PATTERN);
    p.setPattern(p.getPatternIndex(CONSTANT_PATTERN), [1]);
    p.openH();
  }

  solve(
    boundary: Boundary,
    observations: readonly Observation[],
    trial?: { node: string; flowLps: number },
  ): ReferenceSolution {
    if (this.closed) throw new Error('reference model is closed');
    if (this.applied !== boundary) this.apply(boundary);
    let trialNode: number | undefined;
    if (trial) {
      trialNode = this.nodeIndex.get(trial.node);
      if (trialNode === undefined || !this.junction[trialNode - 1])
        throw new Error(`reference model: no junction "${trial.node}"`);
      const base = boundary.outflows[trial.node] ?? 0;
      this.setExtra(trialNode, base + trial.flowLps);
    }
    const p = this.project;
    p.initH(InitHydOption.NoSave);
    p.runH();
    if (!trial) this.carryControlledStatus();
    if (trialNode !== undefined) this.setExtra(trialNode, boundary.outflows[trial!.node] ?? 0);
    const u = this.units;
    const values = new Float64Array(observations.length);
    observations.forEach((o, i) => {
      if (o.quantity === 'pressure') {
        const en = this.nodeIndex.get(o.element);
        values[i] =
          en === undefined
            ? NaN
            : p.getNodeValue(en, NodeProperty.Head) * u.length - this.elevation[en - 1]! * u.length;
      } else {
        const en = this.linkIndex.get(o.element);
        values[i] = en === undefined ? NaN : p.getLinkValue(en, LinkProperty.Flow) * u.flow;
      }
    });
    const demand = p.getNodeValues(NodeProperty.Demand);
    let demandLps = 0;
    for (let i = 0; i < demand.length; i++) if (this.junction[i]) demandLps += demand[i]! * u.flow;
    if (trial) demandLps -= trial.flowLps;
    return { values, demandLps };
  }

  private carryControlledStatus(): void {
    const p = this.project;
    for (const en of this.controlled) {
      if (this.initialStatus.has(en)) continue; // closed by the console: it stays closed
      p.setLinkValue(en, LinkProperty.InitStatus, p.getLinkValue(en, LinkProperty.Status) > 0 ? 1 : 0);
    }
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

  private apply(b: Boundary): void {
    const p = this.project;
    const u = this.units;
    const elapsedS = b.time / 1000 - this.epochS;
    p.setTimeParameter(TimeParameter.PatternStart, Math.max(0, Math.round(this.patternStart0 + elapsedS)));
    // clock-time controls read the time of day from the start time of this one-period run
    p.setTimeParameter(
      TimeParameter.StartTime,
      Math.round((((this.startTime0 + elapsedS) % DAY_S) + DAY_S) % DAY_S),
    );
    for (const [tank, level] of Object.entries(b.tankLevels)) {
      const en = this.nodeIndex.get(tank);
      if (en === undefined || this.junction[en - 1]) continue;
      const min = p.getNodeValue(en, NodeProperty.MinLevel);
      const max = p.getNodeValue(en, NodeProperty.MaxLevel);
      if (max <= 0) continue; // a reservoir: its head is fixed in the model
      p.setNodeValue(en, NodeProperty.TankLevel, Math.min(max, Math.max(min, level / u.length)));
    }
    for (const [pump, speed] of Object.entries(b.pumpSpeeds)) {
      const en = this.linkIndex.get(pump);
      if (en === undefined) continue;
      // initH starts every solve from the initial status and setting: set those
      p.setLinkValue(en, LinkProperty.InitStatus, speed > 0 ? 1 : 0);
      if (speed > 0) p.setLinkValue(en, LinkProperty.InitSetting, speed);
    }
    for (const en of this.extraDemand.keys()) this.setExtra(en, 0);
    for (const [node, flow] of Object.entries(b.outflows)) {
      const en = this.nodeIndex.get(node);
      if (en !== undefined && this.junction[en - 1]) this.setExtra(en, flow);
    }
    const closed = new Set(b.closedLinks);
    const previous = this.applied?.closedLinks ?? [];
    for (const id of new Set([...previous, ...closed])) {
      const en = this.linkIndex.get(id);
      if (en === undefined) continue;
      if (this.shutter.shutCheckValve(en, closed.has(id))) continue;
      if (closed.has(id)) {
        if (!this.initialStatus.has(en))
          this.initialStatus.set(en, p.getLinkValue(en, LinkProperty.InitStatus));
        p.setLinkValue(en, LinkProperty.InitStatus, 0);
      } else if (this.initialStatus.has(en)) {
        const status = this.initialStatus.get(en)!;
        // a valve the file has active on its setting reads status 2, which cannot be set
        // back: setting its setting again makes it active
        if (status > 1)
          p.setLinkValue(en, LinkProperty.InitSetting, p.getLinkValue(en, LinkProperty.InitSetting));
        else p.setLinkValue(en, LinkProperty.InitStatus, status);
        this.initialStatus.delete(en);
      }
    }
    this.applied = b;
  }

  private setExtra(en: number, flowLps: number): void {
    const p = this.project;
    let category = this.extraDemand.get(en);
    if (category === undefined) {
      if (flowLps === 0) return;
      p.addDemand(en, 0, CONSTANT_PATTERN, EXTRA_DEMAND);
      category = p.getNumberOfDemands(en);
      this.extraDemand.set(en, category);
    }
    p.setBaseDemand(en, category, flowLps / this.units.flow);
  }
}

/**
 * A trial leak or an isolation can leave part of the model without pressure; EPANET warns
 * (code < 100) and epanet-js prints each warning. Those warnings are expected answers here,
 * not problems: keep errors (≥ 100) throwing, drop the warnings (as the twin collects them).
 */
function quietWarnings(project: Project): void {
  const target = project as unknown as { _checkError?: (code: number) => void };
  const original = target._checkError?.bind(project);
  if (original) target._checkError = (code: number) => (code > 0 && code < 100 ? undefined : original(code));
}
