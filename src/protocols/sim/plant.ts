// The simulated plant: the digital twin, the instruments on it, and the scenario's events
// happening to it on the console's clock. It is the simulation's stand-in for the field:
// the rest of the console gets its readings and sends it actuations, and never sees the
// hidden state (where the leak is, how rough the pipes really are).
import type { Cancel, Clock } from '../../agents/runtime/clock';
import type { Actuation } from '../../shared/contract';
import { pipeLeakEnds } from '../../shared/network';
import { seededRandom } from './random';
import type { Scenario, ScenarioEvent } from './scenario';
import { chooseSensors, type LeakStudy, type Reading, SimulatedInstruments } from './sensors';
import type { CustomerMeter } from './sidecar';
import type { HydraulicTwin } from './twin';

/** smart customer meters report every 15 minutes (a common AMI interval) */
const METER_PERIOD_S = 900;

export interface PlantEventRecord {
  /** simulated time the event took effect, ms since the Unix epoch */
  time: number;
  type: ScenarioEvent['type'];
  detail: string;
}

export class SimulatedPlant {
  readonly instruments: SimulatedInstruments;
  /** what actually happened to the plant, for the trainer's debrief (never shown to agents) */
  readonly history: PlantEventRecord[] = [];
  private readonly readingListeners = new Set<(readings: Reading[]) => void>();
  private readonly stepListeners = new Set<() => void>();
  private readonly stuckValves = new Set<string>();
  private readonly cancels: Cancel[] = [];
  private readonly trippedPumps = new Set<string>();
  /** per junction, the L/s each leak (by its number) drains there now: a pipe's leak is shared by its ends */
  private readonly leakFlows = new Map<string, Map<number, number>>();
  /** every leak so far, by number: where it was put and the junctions it drains at */
  private readonly leaks: { at: string; ends: string[] }[] = [];
  /** per junction that leaks, its pressure when the first leak there began, m: what its orifice is sized at */
  private readonly sizedAt = new Map<string, number>();
  private tariffPrices: readonly number[] | undefined;
  private readonly remoteLinks = new Set<string>();
  private readonly ramps: (() => boolean)[] = [];
  /** before every step: each pipe leak drains or stops as its pipe is open or shut */
  private readonly leakFollowers: (() => void)[] = [];

  constructor(
    readonly twin: HydraulicTwin,
    private readonly clock: Clock,
    scenario: Pick<Scenario, 'seed' | 'sensors' | 'noise' | 'uncertainty' | 'events'>,
    meters: readonly CustomerMeter[] = [],
  ) {
    // an instrument cannot report more often than the plant changes: sample at least one step apart
    const choice =
      scenario.sensors === 'auto'
        ? { pressure: 'auto' as const, flow: 'auto' as const, level: 'auto' as const, period: 60 }
        : scenario.sensors;
    // `auto` loggers are placed by a leak study of the nominal network, as a utility plans
    // them: on the file's model, so before the plant is perturbed into differing from it
    const study: LeakStudy = (sites, leaks, meters) => twin.nominalSensitivities(sites, leaks, meters);
    const chosen = chooseSensors(
      twin.model,
      { ...choice, period: Math.max(choice.period, twin.stepS) },
      twin.pristine ? study : undefined,
    );
    const random = seededRandom(scenario.seed);
    twin.perturb(random, scenario.uncertainty.roughness, scenario.uncertainty.demandNoise);
    const sensors = [
      ...chosen,
      ...meters.map((m) => ({
        id: `S-${m.id}-flow`,
        element: m.id,
        at: m.node,
        quantity: 'flow' as const,
        period: Math.max(METER_PERIOD_S, twin.stepS),
        scale: m.share,
      })),
    ];
    this.instruments = new SimulatedInstruments(
      twin.model,
      sensors,
      scenario.noise,
      seededRandom(scenario.seed + 1),
    );
    scenario.events.forEach((event, i) => this.check(event, `events[${i}]`));
    for (const event of scenario.events) {
      this.cancels.push(clock.at(twin.time + event.at * 1000, () => this.apply(event)));
    }
    this.cancels.push(
      clock.every(twin.stepS * 1000, () => {
        for (let i = this.ramps.length - 1; i >= 0; i--) if (this.ramps[i]!()) this.ramps.splice(i, 1);
        for (const follow of this.leakFollowers) follow();
        twin.step();
        for (const listener of this.stepListeners) listener();
        this.publish();
      }),
    );
  }

  onReadings(listener: (readings: Reading[]) => void): () => void {
    this.readingListeners.add(listener);
    return () => this.readingListeners.delete(listener);
  }

  /** called after every hydraulic step (the console redraws the schematic from it) */
  onStep(listener: () => void): () => void {
    this.stepListeners.add(listener);
    return () => this.stepListeners.delete(listener);
  }

  /** An actuation arriving from the console's command path. */
  actuate(command: Actuation): void {
    if (this.stuckValves.has(command.link)) throw new Error(`${command.link} does not move (valve stuck)`);
    const starts = command.action === 'open' || (command.action === 'speed' && command.value > 0);
    if (starts && this.trippedPumps.has(command.link))
      throw new Error(`${command.link} has tripped: its drive must be reset at the station`);
    this.twin.actuate(command);
  }

  /**
   * The Local/Remote switch of a station panel: in `remote` the console commands the link and
   * the station's own controls (the .inp's CONTROLS and RULES) leave it alone; in `auto` they
   * run it again. A tripped pump or a seized valve cannot go back to automatic.
   */
  setControlMode(link: string, mode: 'auto' | 'remote'): void {
    if (mode === 'remote') {
      this.twin.lockOut(link, 'as-is');
      this.remoteLinks.add(link);
      return;
    }
    if (this.trippedPumps.has(link) || this.stuckValves.has(link))
      throw new Error(`${link} is faulted: it stays out of automatic control until repaired`);
    this.twin.releaseControls(link);
    this.remoteLinks.delete(link);
  }

  controlMode(link: string): 'auto' | 'remote' {
    return this.remoteLinks.has(link) ? 'remote' : 'auto';
  }

  /** The electricity tariff a scenario set: 24 hourly prices per kWh, local time. */
  get tariff(): readonly number[] | undefined {
    return this.tariffPrices;
  }

  /** A trainer's event, now: checked like a scenario's (a bad one throws and changes nothing), then applied. */
  inject(event: ScenarioEvent): void {
    this.check(event, 'injected event');
    this.apply(event);
  }

  /**
   * What each leak and burst loses right now, L/s, in the order they began (`at`: the pipe
   * or junction it was put on): the plant's truth, for a trainer's debrief only. Where two
   * leaks drain at one junction, its outflow is theirs in proportion to their sizes.
   */
  leakOutflows(): { leak: number; at: string; outflowLps: number }[] {
    return this.leaks.map(({ at, ends }, leak) => {
      const outflowLps = ends.reduce((sum, node) => {
        const flows = this.leakFlows.get(node)!;
        const total = [...flows.values()].reduce((a, v) => a + v, 0);
        return sum + (total > 0 ? (this.twin.outflowAt(node) * (flows.get(leak) ?? 0)) / total : 0);
      }, 0);
      return { leak, at, outflowLps };
    });
  }

  stop(): void {
    this.cancels.forEach((cancel) => cancel());
  }

  private publish(): void {
    const readings = this.instruments.sample(this.twin.frame(), this.clock.now());
    if (readings.length) for (const listener of this.readingListeners) listener(readings);
  }

  private record(type: ScenarioEvent['type'], detail: string): void {
    this.history.push({ time: this.clock.now(), type, detail });
  }

  /** After `seconds`, run `undo` (the end of a hydrant use, a fault clearing). */
  private after(seconds: number | undefined, undo: () => void): void {
    if (seconds !== undefined) this.cancels.push(this.clock.at(this.clock.now() + seconds * 1000, undo));
  }

  private apply(event: ScenarioEvent): void {
    const { twin } = this;
    switch (event.type) {
      case 'leak':
      case 'pipe_burst': {
        const onNode = event.type === 'leak' ? event.node : undefined;
        const ends = onNode ? [{ node: onNode, share: 1 }] : this.leakEnds(event.pipe!);
        const leak = this.leaks.push({ at: onNode ?? event.pipe!, ends: ends.map((e) => e.node) }) - 1;
        let size = 0;
        let drained = -1;
        // a leak inside a pipe loses nothing once the pipe is shut (its end valves closed)
        const pipe = onNode ? undefined : event.pipe!;
        const follow = () => {
          const flowLps = pipe && !twin.linkState(pipe).open ? 0 : size;
          if (flowLps === drained) return;
          drained = flowLps;
          for (const { node, share } of ends) {
            const flows = this.leakFlows.get(node) ?? new Map<number, number>();
            this.leakFlows.set(node, flows.set(leak, flowLps * share));
            // the orifice keeps the size it had when the first leak there began: sized anew
            // where a shut pipe left its end dry, it would lose many times the leak once open
            if (!this.sizedAt.has(node)) this.sizedAt.set(node, twin.pressureAt(node));
            twin.setOutflow(
              node,
              [...flows.values()].reduce((a, v) => a + v, 0),
              this.sizedAt.get(node),
            );
          }
        };
        const drain = (flowLps: number) => {
          size = flowLps;
          follow();
        };
        if (pipe) this.leakFollowers.push(follow);
        const ramp = event.type === 'leak' ? event.rampHours * 3600 : 0;
        const started = this.clock.now();
        if (ramp === 0) drain(event.flowLps);
        else {
          // grow the orifice step by step to full size over the ramp
          this.ramps.push(() => {
            const share = Math.min(1, (this.clock.now() - started) / (ramp * 1000));
            drain(Math.max(event.flowLps * share, 1e-3));
            return share >= 1;
          });
        }
        const where = onNode
          ? onNode
          : `midway along ${event.pipe} (draining at ${ends.map((e) => e.node).join(' and ')})`;
        this.record(event.type, `${event.flowLps} L/s ${where}${ramp ? ` over ${ramp / 3600} h` : ''}`);
        return;
      }
      case 'pump_trip':
        this.trippedPumps.add(event.pump);
        twin.lockOut(event.pump, 'closed');
        this.instruments.trip(event.pump, true);
        this.record('pump_trip', `${event.pump} tripped`);
        return;
      case 'pump_degradation': {
        // lost head at the same flow ≈ a lower speed: H ∝ n², so n = √(1 − loss)
        const started = this.clock.now();
        this.ramps.push(() => {
          const share = Math.min(1, (this.clock.now() - started) / (event.over * 1000));
          const frame = twin.frame();
          const i = twin.model.links.findIndex((l) => l.id === event.pump);
          if (frame.links.status[i] === 1)
            twin.actuate({ link: event.pump, action: 'speed', value: Math.sqrt(1 - event.headLoss * share) });
          return share >= 1;
        });
        this.record(
          'pump_degradation',
          `${event.pump} loses ${Math.round(event.headLoss * 100)} % head over ${event.over / 86_400} d`,
        );
        return;
      }
      case 'hydrant_open':
        twin.setOutflow(event.node, event.flowLps);
        this.record('hydrant_open', `${event.node} opened at ${event.flowLps} L/s`);
        this.after(event.for, () => twin.setOutflow(event.node, 0));
        return;
      case 'sensor_fault':
        this.instruments.fault(
          event.sensor,
          event.mode === 'drift'
            ? { mode: 'drift', since: this.clock.now(), perHour: event.driftPerHour }
            : event.mode === 'stuck'
              ? { mode: 'stuck', value: null }
              : { mode: 'offline' },
        );
        this.record('sensor_fault', `${event.sensor} ${event.mode}`);
        this.after(event.for, () => this.instruments.fault(event.sensor, null));
        return;
      case 'valve_stuck':
        this.stuckValves.add(event.valve);
        twin.lockOut(event.valve, 'as-is');
        this.record('valve_stuck', `${event.valve} seized`);
        return;
      case 'demand_surge': {
        const nodes = event.zone
          ? twin.model.nodes.filter((n) => n.zone === event.zone).map((n) => n.id)
          : undefined;
        twin.setDemandMultiplier(event.factor, nodes);
        this.record('demand_surge', `demand ×${event.factor}${event.zone ? ` in ${event.zone}` : ''}`);
        this.after(event.for, () => twin.setDemandMultiplier(1, nodes));
        return;
      }
      case 'comms_loss':
        this.instruments.commsLoss(event.zone, true);
        this.record('comms_loss', `gateway of ${event.zone} silent for ${event.for} s`);
        this.after(event.for, () => this.instruments.commsLoss(event.zone, false));
        return;
      case 'tariff':
        this.tariffPrices = event.pricesPerKwh;
        this.record('tariff', `prices ${event.pricesPerKwh.join(' ')}`);
        return;
      case 'contamination':
        // water quality is not simulated yet: the event is kept so the debrief says so
        this.record('contamination', `${event.node} ${event.concentration} (not modelled yet: no effect)`);
        return;
    }
  }

  /** Refuse, before anything runs, an event naming an element the network does not have. */
  private check(event: ScenarioEvent, where: string): void {
    const { nodes, links } = this.twin.model;
    const node = (id: string) => nodes.some((n) => n.id === id && n.kind === 'junction');
    const link = (id: string, kind: string) => links.some((l) => l.id === id && l.kind === kind);
    const sensor = (id: string) => this.instruments.sensors.some((s) => s.id === id);
    const zone = (id: string) =>
      this.twin.model.zones.some((z) => z.id === id) || nodes.some((n) => n.zone === id);
    const problems: [boolean, string][] = [];
    switch (event.type) {
      case 'leak':
        if (event.node) problems.push([node(event.node), `no junction "${event.node}"`]);
        if (event.pipe) problems.push([link(event.pipe, 'pipe'), `no pipe "${event.pipe}"`]);
        break;
      case 'pipe_burst':
        problems.push([link(event.pipe, 'pipe'), `no pipe "${event.pipe}"`]);
        break;
      case 'pump_trip':
      case 'pump_degradation':
        problems.push([link(event.pump, 'pump'), `no pump "${event.pump}"`]);
        break;
      case 'hydrant_open':
      case 'contamination':
        problems.push([node(event.node), `no junction "${event.node}"`]);
        break;
      case 'sensor_fault':
        problems.push([
          sensor(event.sensor),
          `no sensor "${event.sensor}" (sensors are named S-<element>-<quantity>)`,
        ]);
        break;
      case 'valve_stuck':
        problems.push([link(event.valve, 'valve'), `no valve "${event.valve}"`]);
        break;
      case 'demand_surge':
        if (event.zone) problems.push([zone(event.zone), `no zone "${event.zone}"`]);
        break;
      case 'comms_loss':
        problems.push([zone(event.zone), `no zone "${event.zone}"`]);
        break;
      case 'tariff':
        break;
    }
    const failed = problems.find(([ok]) => !ok);
    if (failed) throw new Error(`${where} (${event.type}): ${failed[1]} in ${this.twin.model.name}`);
  }

  /** a leak midway along a pipe drains at its ends (shared/network.ts pipeLeakEnds), equal shares */
  private leakEnds(pipeId: string): { node: string; share: number }[] {
    const pipe = this.twin.model.links.find((l) => l.id === pipeId);
    if (!pipe) throw new Error(`no pipe "${pipeId}"`);
    const ends = pipeLeakEnds(pipe, (id) => this.twin.model.nodes.find((n) => n.id === id));
    if (!ends[0]) throw new Error(`pipe ${pipeId} has no junction end to leak from`);
    return ends.map((node) => ({ node, share: 1 / ends.length }));
  }
}
