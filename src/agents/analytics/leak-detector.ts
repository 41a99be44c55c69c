// Leak detection and localization on live readings: the analytics behind a leak incident.
//
// Each batch of readings sets the boundary conditions (tank levels, pump speeds, measured
// outflows such as an open hydrant) under which the console's reference model is solved;
// every pressure and flow instrument then has a residual, reading − model. Each channel
// learns the model's systematic miss per operating configuration (which pumps run, which
// links the console closed), so that switching a pump or closing a valve is an operation,
// not a leak: a configuration not yet learned gives no evidence. A CUSUM per channel on
// what the learned miss does not explain raises a detection; the signature of the change
// is matched against leak sensitivities of every junction (localization.ts), refined as
// evidence accumulates, and the incident is confirmed once the change has persisted.
//
// What may raise a detection: the pressure channels, and the inflow balances (the net
// metered inflow of each DMA, and of the whole network when every link out of a tank or
// reservoir is metered), on which a leak can only add. A single inlet flow moving alone
// is more often water taking another way in than water lost: it shapes the signature but
// does not raise the alarm by itself.
//
// Pure TypeScript over an injected ReferenceModel: no EPANET, no clock, no plant.
import {
  type ChannelOptions,
  type ChannelState,
  changeSince,
  evidence,
  expectedMiss,
  newChannel,
  observe,
  sigmaOf,
} from './residual-channel';
import {
  rankNodes,
  rankPipes,
  type RankedNode,
  type RankedPipe,
  type Sensitivities,
  sensitivities,
} from './localization';
import { type Balance, inflowBalances } from './inflow-balance';
import type { NetworkGraph } from './network-graph';
import type { Boundary, Observation, ReferenceModel } from './reference-model';

/** a reading as the bus carries it on reading/<element>/<quantity> */
export interface LiveReading {
  element: string;
  quantity: string;
  value: number;
  quality: 'good' | 'uncertain' | 'bad';
  time: number;
}

export interface DetectorOptions {
  /** no detection before the channels have learned this long, ms */
  warmupMs: number;
  /** samples a configuration needs before its channels give evidence */
  minSamples: number;
  /** CUSUM allowance and decision threshold, in standard deviations */
  k: number;
  h: number;
  /** a second channel past h·support confirms a single channel's alarm */
  support: number;
  /** one channel alone needs this multiple of h */
  single: number;
  /** re-rank the candidates this often while the incident is young, ms */
  refineMs: number;
  /** evidence must persist this long after detection for the incident to be confirmed, ms */
  confirmMs: number;
  /** trial leak of the first localization, L/s */
  trialLps: number;
  /** how many ranked pipes to report (and the isolations to search) */
  candidates: number;
  /**
   * how many ranked pipes the incident keeps to tell where a survey crew should start
   * (localization.ts surveyPipe): an isolation's segment or the pipes next to the ruled-out
   * ones reach beyond the reported candidates
   */
  likely: number;
  minPressureSigma: number;
  minFlowSigma: number;
  /**
   * A change no leak anywhere explains (best signature match below this cosine) is model
   * drift or an operation, not a leak: the evidence is dropped and the channels re-learn.
   * 0.85: at 0.8 Micropolis's drifts (a tank pipe's flow, a lone logger) matched at 0.83–0.87
   * and raised 1.6 false alarms a week; at 0.9 real bursts that the plant's differences from
   * the model bend below 0.9 went undetected (bench/leak-suite.ts --full, all networks).
   */
  minMatch: number;
}

export const DEFAULT_DETECTOR: DetectorOptions = {
  warmupMs: 6 * 3_600_000,
  minSamples: 90,
  k: 0.5,
  h: 14,
  support: 0.5,
  single: 2,
  refineMs: 5 * 60_000,
  confirmMs: 15 * 60_000,
  trialLps: 3,
  candidates: 10,
  likely: 60,
  minPressureSigma: 0.05,
  minFlowSigma: 0.05,
  minMatch: 0.85,
};

export interface ChannelEvidence {
  /** instrument id (S-<element>-<quantity>) */
  sensor: string;
  evidence: number;
  /** mean residual shift since the change began, in the instrument's unit */
  shift: number;
  /** the inflow balance the instrument is part of, when that is what raised the detection */
  via?: string;
}

export interface Localization {
  /** the best `candidates` pipes, best first */
  candidates: RankedPipe[];
  /** the best `likely` pipes, best first (the candidates lead it) */
  likely: RankedPipe[];
  nodes: RankedNode[];
  estimatedFlowLps: number;
}

export type DetectorEvent =
  | ({ type: 'detected'; time: number; changeAt: number; channels: ChannelEvidence[] } & Localization)
  | ({ type: 'refined'; time: number } & Localization)
  | ({ type: 'confirmed'; time: number } & Localization)
  | { type: 'faded'; time: number }
  /** after an isolation: the inflow balance's check of it (BalanceCheck) */
  | ({ type: 'checked'; recheck: boolean } & BalanceCheck);

/**
 * What the inflow balance says after an isolation: what it still loses, L/s, against the miss
 * learned before the leak (a leak stopped loses ≈ 0); `recheck` once the first check is past:
 * the valves still shut, the loss came back.
 */
export interface BalanceCheck {
  time: number;
  lossLps: number;
  recheck?: boolean;
  /**
   * first check only, when the pumps ran the same throughout: how far the raw balance fell
   * from the minutes before the valves shut to the check window, a step test that needs no
   * learned miss. A later isolation of the incident steps from the minutes before its first
   * one (no valves shut), where the same pumps ran then
   */
  dropLps?: number | undefined;
  /** a step from before the incident's first isolation: the leak's estimate then, all that could stop since */
  stepLeakLps?: number | undefined;
}

interface Incident {
  detectedAt: number;
  changeAt: number;
  sens: Sensitivities;
  lastRefined: number;
  confirmed: boolean;
  latest: Localization;
  /** L/s the best node's signature fits the shift with: the trial size of the confirmation */
  fitLps: number;
  /** the operating configuration before the leak: its learned misses are the no-leak baseline */
  config: string;
  /**
   * the balance the check reads (the best node's district) and its spread per sample before
   * the leak; the loss samples of the current window and when it began; what the check read
   * (the baseline of the watch that follows), and how many windows running read above it
   */
  loss?: {
    balance: number;
    /** the leak's estimate when the valves shut (refinements after read the shut network) */
    heldLps: number;
    sigma: number;
    sum: number;
    n: number;
    since: number;
    baseline?: number;
    above: number;
    /** the raw balance over the CHECK_MS before the valves shut, and the pumps running then */
    stepBefore?: number;
    pumps: string;
    /** the same before the incident's first isolation (none of its valves shut), and the leak then */
    open: { stepBefore?: number; pumps: string; leakLps: number };
    /** the leak then, when the step is from `open` (a later isolation's) */
    stepLeakLps?: number;
    /** raw balance over the first check window; false once the pumps changed since the shut */
    rawSum: number;
    steady: boolean;
  };
}

/**
 * The isolation check waits this long after the valves shut (the segment drains, the meters
 * settle) and then averages this long: does the balance still lose water?
 */
const CHECK_SETTLE_MS = 2 * 60_000;
const CHECK_MS = 10 * 60_000;
/**
 * What an isolation check can tell from no loss at all, L/s: the inflow balance's noise and
 * the model's miss over a check window. While the valves stay shut the balance is watched on,
 * window by window (follow).
 */
export const CHECK_RESOLUTION_LPS = 0.5;

/** a configuration key: which pumps run, a bar, which links the console closed */
const configOf = (pumps: string, closed: string): string => `${pumps}|${closed}`;
/** the pumps part of a configuration key */
const pumpsOf = (config: string): string => config.split('|')[0]!;
/** the links the console had closed, in a configuration key */
const closedOf = (config: string): string => config.split('|')[1] ?? '';

/** innovations kept for averaging the shift since a change began */
const HISTORY_MS = 12 * 3_600_000;
/**
 * The CUSUM may have left zero on noise well before the leak began; averaging from there
 * would dilute the shift (and the flow estimate). The window starts at most this long
 * before the detection.
 */
const LOOKBACK_MS = 5 * 60_000;
/**
 * The leak flow is read off an inflow balance (what the meters say is lost) over the latest
 * this long: recent enough to follow a leak that grows, long enough to average the meters'
 * noise. The fit of the best node's signature is only as good as the node: a wrong node
 * with a flatter signature asks for less flow (1.7 L/s for a 4 L/s burst, seen live).
 */
const FLOW_WINDOW_MS = 15 * 60_000;

export class LeakDetector {
  readonly observations: Observation[];
  private readonly optionsOf: ChannelOptions[];
  /** per channel: configuration key → learned state */
  private readonly channels: Map<string, ChannelState>[];
  /** inflow balances: signed sums of flow observations, each a channel of its own */
  readonly balances: Balance[];
  private readonly balanceChannels: Map<string, ChannelState>[];
  private readonly balanceOptions: ChannelOptions;
  private readonly index = new Map<string, number>();
  private readonly latest = new Map<string, number>();
  private readonly history: { time: number; innovations: Float64Array }[] = [];
  private readonly options: DetectorOptions;
  private start: number | undefined;
  private meanDemand = 0;
  private solves = 0;
  /** changes dropped because no leak signature matched them */
  rejected = 0;
  private incident: Incident | undefined;
  private closedLinks: string[] = [];

  constructor(
    private readonly ref: ReferenceModel,
    private readonly graph: NetworkGraph,
    instruments: readonly { element: string; quantity: string }[],
    options: Partial<DetectorOptions> = {},
  ) {
    this.options = { ...DEFAULT_DETECTOR, ...options };
    const { nodes, links } = graph.model;
    const junction = new Set(nodes.filter((n) => n.kind === 'junction').map((n) => n.id));
    const link = new Set(links.map((l) => l.id));
    this.observations = instruments.flatMap((s): Observation[] =>
      (s.quantity === 'pressure' && junction.has(s.element)) || (s.quantity === 'flow' && link.has(s.element))
        ? [{ id: `S-${s.element}-${s.quantity}`, element: s.element, quantity: s.quantity }]
        : [],
    );
    this.observations.forEach((o, i) => this.index.set(`${o.element}/${o.quantity}`, i));
    this.optionsOf = this.observations.map((o) => ({
      sided: o.quantity === 'pressure' ? 'down' : 'both',
      minSigma: o.quantity === 'pressure' ? this.options.minPressureSigma : this.options.minFlowSigma,
      k: this.options.k,
    }));
    this.channels = this.observations.map(() => new Map());
    this.balances = inflowBalances(graph, this.observations);
    this.balanceChannels = this.balances.map(() => new Map());
    this.balanceOptions = { sided: 'up', minSigma: this.options.minFlowSigma, k: this.options.k };
  }

  /** reference solutions so far (for benchmarks) */
  get solveCount(): number {
    return this.solves;
  }

  /** links the console has closed: part of the boundary from now on */
  setClosedLinks(links: readonly string[]): void {
    this.closedLinks = [...links];
  }

  /** the isolation's valves are shut: from now the balance tells whether the leak stopped */
  isolated(time: number): void {
    const inc = this.incident;
    if (!inc) return;
    const balance = this.balanceAround(inc.latest.nodes[0]?.node);
    const k = balance ? this.balances.indexOf(balance) : -1;
    const before = this.balanceChannels[k]?.get(inc.config);
    const recent = this.recentBalance[k] ?? [];
    const pumps = recent.at(-1)?.pumps ?? '';
    const like = recent.filter((r) => r.time >= time - CHECK_MS && r.pumps === pumps);
    const justBefore = like.length > 0 ? like.reduce((a, r) => a + r.residual, 0) / like.length : undefined;
    const open = inc.loss?.open ?? { stepBefore: justBefore, pumps, leakLps: inc.latest.estimatedFlowLps };
    // a later isolation steps from the balance with no valves shut, where the same pumps run:
    // the minutes just before it had the last isolation shut, which can move a leak outside
    // both (Micropolis: shutting the segments round a burst raised its outflow from 2.7 to
    // 4.4 L/s; reopening them as the fourth isolation shut read as the leak stopping there).
    // The step is then weighed against the leak as it was (a ramp may have grown it since)
    const stepFromOpen = inc.loss !== undefined && open.stepBefore !== undefined && open.pumps === pumps;
    inc.loss = balance
      ? {
          balance: k,
          heldLps: inc.latest.estimatedFlowLps,
          sigma: before ? sigmaOf(before, this.balanceOptions) : this.balanceOptions.minSigma,
          sum: 0,
          n: 0,
          since: time + CHECK_SETTLE_MS,
          above: 0,
          stepBefore: stepFromOpen ? open.stepBefore : justBefore,
          pumps,
          open,
          ...(stepFromOpen ? { stepLeakLps: open.leakLps } : {}),
          rawSum: 0,
          steady: true,
        }
      : undefined;
  }

  /** the incident is over (isolated and repaired, or dismissed): detection re-arms */
  clearIncident(): void {
    this.incident = undefined;
    for (const byConfig of this.balanceChannels)
      for (const [key, s] of byConfig)
        byConfig.set(key, { ...s, down: 0, up: 0, downSince: undefined, upSince: undefined });
    for (const byConfig of this.channels)
      for (const [key, s] of byConfig)
        byConfig.set(key, { ...s, down: 0, up: 0, downSince: undefined, upSince: undefined });
  }

  /** One batch of readings, all sampled at `time`: update the channels, maybe detect. */
  onReadings(readings: readonly LiveReading[], time: number): DetectorEvent[] {
    const boundary = this.boundary(readings, time);
    const fresh: number[] = [];
    const values = new Float64Array(this.observations.length).fill(NaN);
    for (const r of readings) {
      const i = this.index.get(`${r.element}/${r.quantity}`);
      if (i === undefined || r.quality === 'bad' || !Number.isFinite(r.value)) continue;
      values[i] = r.value;
      fresh.push(i);
    }
    if (fresh.length === 0) return [];
    this.start ??= time;
    const solution = this.ref.solve(boundary, this.observations);
    this.solves++;
    this.meanDemand =
      this.meanDemand === 0
        ? solution.demandLps
        : this.meanDemand + 0.001 * (solution.demandLps - this.meanDemand);
    const d = this.meanDemand > 0 ? solution.demandLps / this.meanDemand : 1;
    const config = this.configKey(boundary);
    const learn = this.incident === undefined;
    const innovations = new Float64Array(this.observations.length).fill(NaN);
    for (const i of fresh) {
      const byConfig = this.channels[i]!;
      const s = byConfig.get(config) ?? newChannel();
      // an unlearned configuration, or the warm-up, gives no evidence: the miss is not known yet
      const armed = s.samples >= this.options.minSamples && time - this.start >= this.options.warmupMs;
      const next = observe(
        s,
        values[i]! - solution.values[i]!,
        d,
        time,
        this.optionsOf[i]!,
        learn && evidence(s) < this.options.h / 2,
      );
      byConfig.set(
        config,
        armed ? next : { ...next, down: 0, up: 0, downSince: undefined, upSince: undefined },
      );
      innovations[i] = next.lastInnovation;
    }
    this.balances.forEach((b, k) => {
      if (!b.terms.every((t) => Number.isFinite(values[t.index]!))) return; // only a complete balance
      const residual = b.terms.reduce(
        (a, t) => a + t.sign * (values[t.index]! - solution.values[t.index]!),
        0,
      );
      const byConfig = this.balanceChannels[k]!;
      const recent = (this.recentBalance[k] ??= []);
      recent.push({ time, residual, pumps: pumpsOf(config) });
      while (recent[0]!.time < time - CHECK_MS) recent.shift();
      this.followIsolation(k, residual, d, time, config);
      const s = byConfig.get(config) ?? newChannel();
      const armed = s.samples >= this.options.minSamples && time - this.start! >= this.options.warmupMs;
      const next = observe(
        s,
        residual,
        d,
        time,
        this.balanceOptions,
        learn && evidence(s) < this.options.h / 2,
      );
      byConfig.set(
        config,
        armed ? next : { ...next, down: 0, up: 0, downSince: undefined, upSince: undefined },
      );
    });
    this.history.push({ time, innovations });
    while (this.history.length > 0 && this.history[0]!.time < time - HISTORY_MS) this.history.shift();
    if (time - this.start < this.options.warmupMs) return [];
    return this.incident ? this.follow(boundary, time, config) : this.watch(boundary, time, config);
  }

  private watch(boundary: Boundary, time: number, config: string): DetectorEvent[] {
    const { h, support, single } = this.options;
    // what may raise a detection: pressures and inflow balances (see the header)
    const triggers: Trigger[] = [
      ...this.observations.flatMap((o, i): Trigger[] => {
        const s = this.channels[i]!.get(config);
        return o.quantity === 'pressure' && s
          ? [{ id: o.id, s, store: this.channels[i]!, minSigma: this.optionsOf[i]!.minSigma, i }]
          : [];
      }),
      ...this.balances.flatMap((b, k): Trigger[] => {
        const s = this.balanceChannels[k]!.get(config);
        return s
          ? [{ id: b.id, s, store: this.balanceChannels[k]!, minSigma: this.balanceOptions.minSigma, i: -1 }]
          : [];
      }),
    ].sort((a, b) => evidence(b.s) - evidence(a.s));
    const first = triggers[0];
    if (!first) return [];
    const top = evidence(first.s);
    const second = triggers[1] ? evidence(triggers[1].s) : 0;
    if (!(top >= h * single || (top >= h && second >= h * support))) return [];
    const alarmed = triggers.filter((c) => evidence(c.s) >= h * support);
    // the strongest channel's CUSUM tells best when the change began
    const changeAt = Math.max(time - LOOKBACK_MS, changeSince(first.s) ?? time);
    const shift = this.shiftSince(changeAt);
    const sigma = this.sigmas(config);
    const candidates = this.graph.model.nodes.filter((n) => n.kind === 'junction').map((n) => n.id);
    const sens = sensitivities(this.ref, boundary, this.observations, candidates, this.options.trialLps);
    this.solves += candidates.length + 1;
    const latest = this.localize(sens, shift, sigma, changeAt, time);
    if ((latest.nodes[0]?.score ?? 0) < this.options.minMatch) {
      // the channels that raised it vary more than their learned spread says: widen it, so
      // the same drift does not come back every hour (and cost a localization each time)
      this.rejected++;
      for (const c of alarmed)
        c.store.set(config, { ...c.s, variance: Math.max(c.s.variance, c.minSigma ** 2) * 2 });
      this.clearIncident();
      return [];
    }
    this.incident = {
      detectedAt: time,
      changeAt,
      sens,
      lastRefined: time,
      confirmed: false,
      latest,
      fitLps: this.lastFit,
      config,
    };
    // a balance speaks through its meters: the instruments are who raised it
    const seen = new Set<string>();
    const channels = alarmed.flatMap((c): ChannelEvidence[] => {
      const balance = this.balances.find((b) => b.id === c.id);
      const indices = balance ? balance.terms.map((t) => t.index) : [c.i];
      return indices.flatMap((i) => {
        const sensor = this.observations[i]!.id;
        if (seen.has(sensor)) return [];
        seen.add(sensor);
        return [
          {
            sensor,
            evidence: Number(evidence(c.s).toFixed(2)),
            shift: Number(shift[i]!.toFixed(3)),
            ...(balance ? { via: balance.id } : {}),
          },
        ];
      });
    });
    return [{ type: 'detected', time, changeAt, channels, ...latest }];
  }

  private follow(boundary: Boundary, time: number, config: string): DetectorEvent[] {
    const inc = this.incident!;
    const { refineMs, confirmMs, h, support } = this.options;
    const strongest = Math.max(
      0,
      ...this.channels.map((byConfig) => (byConfig.get(config) ? evidence(byConfig.get(config)!) : 0)),
    );
    if (!inc.confirmed && time - inc.detectedAt >= confirmMs) {
      if (strongest < h * support) {
        this.clearIncident();
        return [{ type: 'faded', time }];
      }
      // confirm with sensitivities at the estimated size and today's boundary
      const shift = this.shiftSince(inc.changeAt);
      const trial = Math.max(0.5, Math.min(50, inc.fitLps || this.options.trialLps));
      inc.sens = sensitivities(this.ref, boundary, this.observations, inc.sens.nodes, trial);
      this.solves += inc.sens.nodes.length + 1;
      inc.latest = this.localize(inc.sens, shift, this.sigmas(config), inc.changeAt, time);
      inc.fitLps = this.lastFit;
      inc.confirmed = true;
      inc.lastRefined = time;
      return [{ type: 'confirmed', time, ...inc.latest }];
    }
    const loss = inc.loss;
    if (loss && time - loss.since >= CHECK_MS && loss.n > 0) {
      const n = loss.n;
      const lossLps = Number((loss.sum / n).toFixed(2));
      const drop =
        loss.steady && loss.stepBefore !== undefined ? loss.stepBefore - loss.rawSum / n : undefined;
      Object.assign(loss, { sum: 0, n: 0, since: time });
      if (loss.baseline === undefined) {
        loss.baseline = lossLps;
        return [
          {
            type: 'checked',
            time,
            lossLps,
            recheck: false,
            ...(drop === undefined ? {} : { dropLps: Number(drop.toFixed(2)) }),
            ...(drop !== undefined && loss.stepLeakLps !== undefined
              ? { stepLeakLps: loss.stepLeakLps }
              : {}),
          },
        ];
      }
      // back: above the held reading by more than a check resolves, than two thirds of the
      // leak, and than a window's noise (4σ), two windows running
      const back = Math.max(
        2 * CHECK_RESOLUTION_LPS,
        (2 * loss.heldLps) / 3,
        (4 * loss.sigma) / Math.sqrt(n),
      );
      loss.above = lossLps - loss.baseline > back ? loss.above + 1 : 0;
      // a model that overshoots the shut district (a reading below zero) hides no loss
      const returned = Number((lossLps - Math.min(0, loss.baseline)).toFixed(2));
      if (loss.above === 2) return [{ type: 'checked', time, lossLps: returned, recheck: true }];
    }
    if (time - inc.lastRefined < refineMs || time - inc.detectedAt > 12 * refineMs) return [];
    inc.lastRefined = time;
    inc.latest = this.localize(
      inc.sens,
      this.shiftSince(inc.changeAt),
      this.sigmas(config),
      inc.changeAt,
      time,
    );
    inc.fitLps = this.lastFit;
    return [{ type: 'refined', time, ...inc.latest }];
  }

  /** the best node's fitted flow of the latest localization */
  private lastFit = 0;

  private localize(
    sens: Sensitivities,
    shift: Float64Array,
    sigma: Float64Array,
    changeAt: number,
    time: number,
  ): Localization {
    const nodes = rankNodes(sens, shift, sigma);
    this.lastFit = nodes[0]?.flowLps ?? 0;
    const metered = this.meteredLoss(nodes[0]?.node, Math.max(changeAt, time - FLOW_WINDOW_MS));
    const likely = rankPipes(
      this.graph,
      sens,
      shift,
      sigma,
      Math.max(this.options.likely, this.options.candidates),
    );
    return {
      nodes: nodes.slice(0, this.options.candidates),
      candidates: likely.slice(0, this.options.candidates),
      likely,
      estimatedFlowLps: Number((metered ?? this.lastFit).toFixed(2)),
    };
  }

  /**
   * After the valves shut, the balance around the best node against what it read before the
   * leak: the reading minus the model (which knows the closed links, so the cut-off
   * customers' demand is not counted as saved water) minus the miss learned before the leak
   * (for the pumps running now);
   * and, for the step test, the raw reading minus the model, while the same pumps run.
   */
  private followIsolation(k: number, residual: number, d: number, time: number, config: string): void {
    const inc = this.incident;
    const loss = inc?.loss;
    if (!loss || loss.balance !== k) return;
    if (pumpsOf(config) !== loss.pumps) loss.steady = false;
    if (time < loss.since) return;
    const before = this.balanceChannels[k]!.get(inc.config);
    if (!before) return;
    // the miss learned for the pumps running now (with the links closed before the leak),
    // once that configuration is learned: a pump that starts or stops while the valves are
    // shut moves the model's miss, and the leak's own configuration would read the move as
    // water lost or saved (Micropolis: a pump change during a check read −2.8 L/s, a hold,
    // for a 2.75 L/s burst outside the segment shut)
    const now = this.balanceChannels[k]!.get(configOf(pumpsOf(config), closedOf(inc.config)));
    const learned = now && now.samples >= this.options.minSamples ? now : before;
    loss.sum += residual - expectedMiss(learned, d);
    if (loss.baseline === undefined) loss.rawSum += residual;
    loss.n++;
  }

  /** each balance's raw residual over the last CHECK_MS, with the pumps running (the step test's before) */
  private recentBalance: { time: number; residual: number; pumps: string }[][] = [];

  /** the inflow balance of `node`'s district when every inlet is metered, the whole network's otherwise */
  private balanceAround(node: string | undefined): Balance | undefined {
    const zone = node === undefined ? null : this.graph.model.nodes[this.graph.nodeIndex.get(node)!]?.zone;
    return (
      this.balances.find((b) => zone && b.id === `inflow:${zone}`) ??
      this.balances.find((b) => b.id === 'inflow:network')
    );
  }

  /**
   * What the inflow balance around `node` says is lost since `since`, L/s: its district's when
   * every inlet is metered, the whole network's otherwise; undefined without a balance (or
   * when the balance shows no loss, as noise can early on).
   */
  private meteredLoss(node: string | undefined, since: number): number | undefined {
    const balance = this.balanceAround(node);
    if (!balance) return undefined;
    const shift = this.shiftSince(since);
    const loss = balance.terms.reduce((a, t) => a + t.sign * shift[t.index]!, 0);
    return loss > 0 ? loss : undefined;
  }

  /** mean innovation per channel since `since` (0 where a channel had no reading) */
  private shiftSince(since: number): Float64Array {
    const sum = new Float64Array(this.observations.length);
    const n = new Float64Array(this.observations.length);
    for (const { time, innovations } of this.history) {
      if (time < since) continue;
      innovations.forEach((v, i) => {
        if (Number.isFinite(v)) {
          sum[i] = sum[i]! + v;
          n[i] = n[i]! + 1;
        }
      });
    }
    return sum.map((v, i) => (n[i]! > 0 ? v / n[i]! : 0));
  }

  private sigmas(config: string): Float64Array {
    return Float64Array.from(this.channels, (byConfig, i) => {
      const s = byConfig.get(config);
      const o = this.optionsOf[i]!;
      return s ? sigmaOf(s, o) : o.minSigma;
    });
  }

  private boundary(readings: readonly LiveReading[], time: number): Boundary {
    const tankLevels: Record<string, number> = { ...this.lastTank };
    const pumpSpeeds: Record<string, number> = { ...this.lastPump };
    const outflows: Record<string, number> = { ...this.lastOutflow };
    const nodes = this.graph.nodeIndex;
    for (const r of readings) {
      if (r.quality === 'bad' || !Number.isFinite(r.value)) continue;
      const node = nodes.has(r.element) ? this.graph.model.nodes[nodes.get(r.element)!]! : undefined;
      if (r.quantity === 'level' && node?.kind === 'tank') tankLevels[r.element] = r.value;
      else if (r.quantity === 'speed' && this.graph.linkIndex.has(r.element))
        pumpSpeeds[r.element] = r.value / 100;
      else if (r.quantity === 'flow' && node?.kind === 'junction') outflows[r.element] = Math.max(0, r.value);
    }
    this.lastTank = tankLevels;
    this.lastPump = pumpSpeeds;
    this.lastOutflow = outflows;
    return { time, tankLevels, pumpSpeeds, outflows, closedLinks: this.closedLinks };
  }

  private lastTank: Record<string, number> = {};
  private lastPump: Record<string, number> = {};
  private lastOutflow: Record<string, number> = {};

  /** which pumps run (and at what speed, coarsely) and which links the console has closed */
  private configKey(b: Boundary): string {
    const pumps = Object.entries(b.pumpSpeeds)
      .filter(([, v]) => v > 0)
      .map(([id, v]) => `${id}:${Math.round(v * 10)}`)
      .sort();
    return configOf(pumps.join(','), [...b.closedLinks].sort().join(','));
  }
}

interface Trigger {
  id: string;
  s: ChannelState;
  store: Map<string, ChannelState>;
  minSigma: number;
  /** index of the observation, −1 for a balance */
  i: number;
}
