/**
 * Pipe agent: watches the pressure at both ends and the flow through the pipe for signs of a
 * leak or overpressure, and carries the pipe's condition and work status.
 *
 * Subscribes: reading/<upstream>/pressure, reading/<downstream>/pressure, reading/<id>/flow.
 * Receives:   sensor_alert / sensor_clear (attached sensors), leak_suspected / leak_cleared
 *             (neighbours), condition_update (analytics), isolated / restored (zone);
 *             operator maintenance_start, maintenance_end, repair, isolate, restore.
 * Publishes:  agent/pipe/<id>/state, agent/pipe/<id>/alert (leak suspected, overpressure).
 * Sends:      leak_suspected / leak_cleared to neighbours and the zone coordinator,
 *             sampling_request to its sensors.
 *
 * States: Operational, Degraded (condition below a limit), Warning, Critical (anomaly),
 * Maintenance (crew at work), Offline (isolated). Repair returns to Operational.
 */
import { z } from 'zod';
import type { Behaviour, Effect, Transition } from '../runtime/behaviour';
import { agentId, ids, isoDate, nonNegative, percent, positive } from './common/config';
import { alert, type Ctx, send, sendAll, stay, transition } from './common/effects';
import { CALM, classify, CRITICAL, type Excursion, type Level, levelName, NORMAL } from './common/hysteresis';
import { parseMessage } from './common/messages';
import { parseOperator } from './common/operator';
import { parseReading, readingTopic, usable } from './common/reading';
import { MINUTE } from './common/time';

export const PipeConfig = z.object({
  id: agentId,
  material: z
    .enum([
      'ductile_iron',
      'cast_iron',
      'steel',
      'pvc',
      'hdpe',
      'asbestos_cement',
      'concrete',
      'copper',
      'other',
    ])
    .default('other'),
  diameterMm: positive.default(150),
  lengthM: positive.default(100),
  installDate: isoDate.optional(),
  /** m of water; PN10 ≈ 100 m */
  pressureRatingM: positive.default(100),
  flowCapacityLps: positive.optional(),
  upstream: agentId,
  downstream: agentId,
  conditionScore: percent.default(100),
  /** below this condition score the pipe is Degraded; it recovers 5 points above (hysteresis) */
  degradedBelow: percent.default(60),
  /** adjacent pipes, told when this one suspects a leak */
  neighbours: ids,
  /** sensor agents asked to sample faster when a leak is suspected */
  sensors: ids,
  zone: agentId.optional(),
  /** expected pressure at both ends; learned from healthy readings when absent */
  expectedPressureM: positive.optional(),
  /** pressure below expected by this much while flow continues: leak suspected (Warning) */
  leakDropM: positive.default(5),
  /** … by this much: burst (Critical) */
  burstDropM: positive.default(15),
  deadbandM: nonNegative.default(1),
  /** below this flow the pressure drop means lost supply, not a leak */
  minFlowLps: nonNegative.default(0.5),
  /**
   * Without a flow instrument, judge the pressure drop alone. Off where the console's leak
   * analytics watch the network against its model (they tell a closed valve from a leak;
   * a pipe agent alone cannot, and would call every supply cut a burst).
   */
  judgePressureWithoutFlow: z.boolean().default(true),
  /** weight of one healthy reading in the learned expected pressure */
  baselineAlpha: z.number().gt(0).max(1).default(0.05),
  leakSamplingPeriodMs: positive.default(10_000),
  leakSamplingMs: positive.default(30 * MINUTE),
});
export type PipeConfig = z.output<typeof PipeConfig>;

export type PipeStatus = 'Operational' | 'Degraded' | 'Warning' | 'Critical' | 'Maintenance' | 'Offline';

export interface PipeState {
  status: PipeStatus;
  condition: number;
  /** expected pressure per end node, m */
  baseline: Record<string, number>;
  pressure: Record<string, number>;
  /** last flow through the pipe, L/s; undefined while no flow reading came */
  flowLps: number | undefined;
  leak: Excursion;
  overpressure: Excursion;
  /** latest level reported by each attached sensor */
  sensorLevels: Record<string, Level>;
  /** neighbours that suspect a leak: learning the expected pressure pauses meanwhile */
  nearbyLeaks: string[];
}

const RECOVER_MARGIN = 5;
const ctxOf = (c: PipeConfig, time: number): Ctx => ({ kind: 'pipe', id: c.id, time });
const ends = (c: PipeConfig) => [c.upstream, c.downstream];

/** Operational or Degraded, by condition score with hysteresis */
function resting(state: PipeState, config: PipeConfig, condition = state.condition): PipeStatus {
  const wasDegraded = state.status === 'Degraded';
  return condition < config.degradedBelow ||
    (wasDegraded && condition < config.degradedBelow + RECOVER_MARGIN)
    ? 'Degraded'
    : 'Operational';
}

const severity = (s: PipeState): Level =>
  Math.max(s.leak.level, s.overpressure.level, ...Object.values(s.sensorLevels)) as Level;

/** the status the anomalies call for, outside Maintenance and Offline */
function assess(state: PipeState, config: PipeConfig): PipeStatus {
  const level = severity(state);
  if (level === CRITICAL) return 'Critical';
  if (level > NORMAL) return 'Warning';
  return resting(state, config);
}

const inService = (s: PipeState) => s.status !== 'Maintenance' && s.status !== 'Offline';

export const pipe: Behaviour<PipeState, PipeConfig> = {
  kind: 'pipe',
  init(config) {
    const baseline: Record<string, number> = {};
    if (config.expectedPressureM !== undefined)
      for (const n of ends(config)) baseline[n] = config.expectedPressureM;
    const state: PipeState = {
      status: 'Operational',
      condition: config.conditionScore,
      baseline,
      pressure: {},
      flowLps: undefined,
      leak: CALM,
      overpressure: CALM,
      sensorLevels: {},
      nearbyLeaks: [],
    };
    state.status = resting(state, config);
    return {
      state,
      effects: [
        ...ends(config).map((n): Effect => ({ type: 'subscribe', topic: readingTopic(n, 'pressure') })),
        { type: 'subscribe', topic: readingTopic(config.id, 'flow') },
      ],
    };
  },

  handle(state, event, config) {
    const ctx = ctxOf(config, event.time);
    const r = parseReading(event);
    if (r !== undefined) {
      if (!usable(r)) return stay(state);
      if (r.quantity === 'pressure' && ends(config).includes(r.element)) {
        return evaluate(
          ctx,
          state,
          { ...state, pressure: { ...state.pressure, [r.element]: r.value } },
          config,
        );
      }
      if (r.quantity === 'flow' && r.element === config.id) {
        return evaluate(ctx, state, { ...state, flowLps: r.value }, config);
      }
      return stay(state);
    }
    const op = parseOperator(event);
    if (op !== undefined) {
      switch (op.action) {
        case 'maintenance_start':
          return transition(ctx, state, { ...state, status: 'Maintenance' }, 'maintenance started');
        case 'maintenance_end':
          if (state.status !== 'Maintenance') return stay(state);
          return backInService(ctx, state, state.condition, 'maintenance ended', config);
        case 'repair':
          return backInService(ctx, state, 100, 'repaired', config);
        case 'isolate':
          return transition(ctx, state, { ...state, status: 'Offline' }, 'isolated by operator');
        case 'restore':
          if (state.status !== 'Offline') return stay(state);
          return backInService(ctx, state, state.condition, 'restored by operator', config);
        default:
          return stay(state);
      }
    }
    const msg = parseMessage(event);
    switch (msg?.type) {
      case 'condition_update': {
        const next = { ...state, condition: msg.score };
        return inService(state) ? settle(ctx, state, next, `condition ${msg.score}`, config) : stay(next);
      }
      case 'sensor_alert':
      case 'sensor_clear': {
        const level: Level = msg.type === 'sensor_clear' ? NORMAL : msg.level === 'critical' ? CRITICAL : 1;
        const next = { ...state, sensorLevels: { ...state.sensorLevels, [msg.sensor]: level } };
        return inService(state)
          ? settle(ctx, state, next, `${msg.quantity} sensor ${msg.sensor}`, config)
          : stay(next);
      }
      case 'leak_suspected':
        return msg.pipe === config.id || state.nearbyLeaks.includes(msg.pipe)
          ? stay(state)
          : stay({ ...state, nearbyLeaks: [...state.nearbyLeaks, msg.pipe] });
      case 'leak_cleared':
        return stay({ ...state, nearbyLeaks: state.nearbyLeaks.filter((p) => p !== msg.pipe) });
      case 'isolated':
        return transition(
          ctx,
          state,
          { ...state, status: 'Offline' },
          `isolated with segment ${msg.segment}`,
        );
      case 'restored':
        if (state.status !== 'Offline') return stay(state);
        return backInService(ctx, state, state.condition, `segment ${msg.segment} restored`, config);
      default:
        return stay(state);
    }
  },

  status: (state) => state.status,
};

/** leave Maintenance/Offline (or repair): anomalies and the learned pressure start over */
function backInService(
  ctx: Ctx,
  state: PipeState,
  condition: number,
  why: string,
  config: PipeConfig,
): Transition<PipeState> {
  const baseline: Record<string, number> = {};
  if (config.expectedPressureM !== undefined)
    for (const n of ends(config)) baseline[n] = config.expectedPressureM;
  const next: PipeState = {
    ...state,
    status: 'Operational',
    condition,
    baseline,
    pressure: {},
    flowLps: undefined,
    leak: CALM,
    overpressure: CALM,
    sensorLevels: {},
  };
  return transition(ctx, state, { ...next, status: resting(next, config) }, why);
}

function settle(ctx: Ctx, from: PipeState, next: PipeState, why: string, config: PipeConfig) {
  return transition(ctx, from, { ...next, status: assess(next, config) }, why);
}

function evaluate(ctx: Ctx, from: PipeState, next: PipeState, config: PipeConfig): Transition<PipeState> {
  if (!inService(from)) return stay(next);
  let deficit = 0;
  let peak = -Infinity;
  for (const node of ends(config)) {
    const p = next.pressure[node];
    if (p === undefined) continue;
    peak = Math.max(peak, p);
    const expected = next.baseline[node];
    if (expected !== undefined) deficit = Math.max(deficit, expected - p);
  }
  // Without flow a pressure drop means the supply is gone (a closed valve upstream), not a
  // leak. With no flow instrument at all the drop alone has to do.
  const flowing =
    next.flowLps === undefined
      ? config.judgePressureWithoutFlow
      : Math.abs(next.flowLps) >= config.minFlowLps;
  const leak = flowing
    ? classify(
        deficit,
        { warningHigh: config.leakDropM, criticalHigh: config.burstDropM },
        config.deadbandM,
        from.leak,
      )
    : CALM;
  const overpressure = Number.isFinite(peak)
    ? classify(
        peak,
        { warningHigh: 0.9 * config.pressureRatingM, criticalHigh: config.pressureRatingM },
        config.deadbandM,
        from.overpressure,
      )
    : from.overpressure;
  const assessed = { ...next, leak, overpressure, baseline: learn(next, leak, config) };
  const effects = [
    ...leakEffects(ctx, from.leak, leak, deficit, config),
    ...overpressureEffects(ctx, from.overpressure, overpressure, peak),
  ];
  const reason =
    leak.level !== from.leak.level ? `pressure ${deficit.toFixed(1)} m below expected` : 'pressure';
  return transition(ctx, from, { ...assessed, status: assess(assessed, config) }, reason, effects);
}

/** learn the expected pressure only while everything is calm, so a leak never becomes normal */
function learn(state: PipeState, leak: Excursion, config: PipeConfig): Record<string, number> {
  if (config.expectedPressureM !== undefined) return state.baseline;
  if (leak.level !== NORMAL || state.nearbyLeaks.length > 0) return state.baseline;
  const baseline = { ...state.baseline };
  for (const node of ends(config)) {
    const p = state.pressure[node];
    if (p === undefined) continue;
    const old = baseline[node];
    baseline[node] = old === undefined ? p : old + config.baselineAlpha * (p - old);
  }
  return baseline;
}

function leakEffects(
  ctx: Ctx,
  before: Excursion,
  after: Excursion,
  deficit: number,
  config: PipeConfig,
): Effect[] {
  const told = [...config.neighbours, ...(config.zone === undefined ? [] : [config.zone])];
  if (after.level === NORMAL)
    return before.level === NORMAL ? [] : sendAll(told, { type: 'leak_cleared', pipe: config.id });
  if (after.level <= before.level) return [];
  const severity = levelName(after.level) as 'warning' | 'critical';
  const reason = `pressure ${deficit.toFixed(1)} m below expected while flow continues`;
  const effects: Effect[] = [
    alert(
      ctx,
      after.level === CRITICAL ? 1 : 2,
      after.level === CRITICAL ? 'burst_suspected' : 'leak_suspected',
      `${config.id}: ${reason}`,
    ),
    ...sendAll(told, { type: 'leak_suspected', pipe: config.id, severity, deficitM: deficit, reason }),
  ];
  if (before.level === NORMAL) {
    for (const s of config.sensors) {
      effects.push(
        send(s, {
          type: 'sampling_request',
          periodMs: config.leakSamplingPeriodMs,
          durationMs: config.leakSamplingMs,
          reason: `leak suspected on ${config.id}`,
        }),
      );
    }
  }
  return effects;
}

function overpressureEffects(ctx: Ctx, before: Excursion, after: Excursion, peak: number): Effect[] {
  if (after.level <= before.level) return [];
  return [
    alert(
      ctx,
      after.level === CRITICAL ? 1 : 3,
      'overpressure',
      `pressure ${peak.toFixed(1)} m near the pipe's rating`,
    ),
  ];
}
