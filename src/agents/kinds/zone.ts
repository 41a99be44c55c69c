/**
 * Zone coordinator (DMA) agent: the water balance and minimum night flow of its zone, and
 * the coordination of its members in a leak, a fire flow or a supply problem.
 *
 * Subscribes: reading/<m>/flow for inlet, outlet and customer meters.
 * Receives:   leak_suspected / leak_cleared (pipes), moved / move_failed (valves),
 *             hydrant_opened / hydrant_closed (hydrants), tank_status (tanks), pump_tripped
 *             (pumps), premise_leak (meters), reduce_pressure / restore_pressure (control
 *             center); timers report, isolation-timeout; operator isolate { segment },
 *             restore, reset.
 * Publishes:  agent/zone/<id>/state, agent/zone/<id>/alert, zone/<id>/balance (every
 *             report), zone/<id>/mnf (every night), zone/<id>/isolation, zone/<id>/work-order.
 * Sends:      move to segment valves and PRVs, isolated / restored to segment pipes, start /
 *             stop to standby pumps, zone_report and zone_mode to the control center.
 *
 * Modes, by precedence: Isolating (valves closing around a leak), Emergency (fire flow,
 * burst without a segment to isolate, critical tank, failed isolation), Isolated (segment
 * shut, work order out), Alert (suspected leak, high MNF or NRW, tank low/high, pump trip),
 * Normal. The mode is derived from the set of active causes, so it can never disagree with them.
 */
import { z } from 'zod';
import type { Behaviour, Effect, Transition } from '../runtime/behaviour';
import { agentId, ids, percent, positive } from './common/config';
import { alert, type Ctx, schedule, send, sendAll, stay, transition } from './common/effects';
import { parseMessage } from './common/messages';
import { parseOperator, timerKey } from './common/operator';
import { parseReading, readingTopic, usable } from './common/reading';
import { dayNumber, MINUTE } from './common/time';
import {
  emptyLog,
  type FlowLog,
  inNight,
  integrate,
  netInflow,
  type Night,
  restartWindow,
  waterBalance,
} from './zone-balance';

export const ZoneConfig = z.object({
  id: agentId,
  name: z.string().default(''),
  members: ids,
  /** flow elements into the zone (positive = in) */
  inletMeters: ids,
  /** flow elements out of the zone to a neighbour */
  outletMeters: ids,
  customerMeters: ids,
  pumps: ids,
  /** started during fire flow or after a pump trip */
  standbyPumps: ids,
  prvs: ids,
  /** the smallest isolable segments: pipes inside, valves that shut them off */
  segments: z
    .array(z.object({ id: agentId, pipes: z.array(agentId).min(1), valves: z.array(agentId).min(1) }))
    .default([]),
  controlCenter: agentId.default('control-center'),
  utcOffsetMinutes: z.number().int().default(0),
  /** expected minimum night flow, L/s; learned from the first nights when absent */
  mnfBaselineLps: positive.optional(),
  /** MNF above the baseline by this much is an alert */
  mnfRisePct: positive.default(20),
  nrwAlertPct: percent.default(30),
  reportIntervalMs: positive.default(15 * MINUTE),
  /** valves close in ~30 s; the whole segment must be shut within this */
  isolationTimeoutMs: positive.default(2 * MINUTE),
  /** PRV position while the control center asks for reduced pressure */
  throttlePct: percent.default(60),
});
export type ZoneConfig = z.output<typeof ZoneConfig>;

export type ZoneMode = 'Normal' | 'Alert' | 'Emergency' | 'Isolating' | 'Isolated';

export interface Isolation {
  segment: string;
  pipes: string[];
  valves: string[];
  /** valves not yet confirmed closed */
  pending: string[];
  phase: 'isolating' | 'isolated' | 'failed';
}

export interface ZoneState {
  status: ZoneMode;
  /** causes for Alert, e.g. leak:P1, mnf, nrw, tank:T1, pump:PU1 */
  alerts: string[];
  /** causes for Emergency, e.g. fire:H1, burst:P1, tank:T1 */
  emergencies: string[];
  isolation: Isolation | undefined;
  flows: FlowLog;
  windowStart: number;
  night: Night | undefined;
  mnfLps: number | undefined;
  mnfBaselineLps: number | undefined;
  standbyStarted: string[];
  throttled: boolean;
  premiseLeaks: string[];
}

/** NRW has to fall this far below the alert level before the alert clears */
const NRW_DEADBAND_PCT = 5;
/** weight of a quiet night in the learned MNF baseline */
const MNF_LEARNING = 0.2;

const ctxOf = (c: ZoneConfig, time: number): Ctx => ({ kind: 'zone', id: c.id, time });
const toggle = (list: string[], cause: string, on: boolean) =>
  on ? (list.includes(cause) ? list : [...list, cause]) : list.filter((c) => c !== cause);

function modeOf(s: ZoneState): ZoneMode {
  if (s.isolation?.phase === 'isolating') return 'Isolating';
  if (s.emergencies.length > 0 || s.isolation?.phase === 'failed') return 'Emergency';
  if (s.isolation?.phase === 'isolated') return 'Isolated';
  if (s.alerts.length > 0) return 'Alert';
  return 'Normal';
}

export const zone: Behaviour<ZoneState, ZoneConfig> = {
  kind: 'zone',
  init(config, now) {
    const meters = [...config.inletMeters, ...config.outletMeters, ...config.customerMeters];
    return {
      state: {
        status: 'Normal',
        alerts: [],
        emergencies: [],
        isolation: undefined,
        flows: emptyLog(),
        windowStart: now,
        night: undefined,
        mnfLps: undefined,
        mnfBaselineLps: config.mnfBaselineLps,
        standbyStarted: [],
        throttled: false,
        premiseLeaks: [],
      },
      effects: [
        ...meters.map((m): Effect => ({ type: 'subscribe', topic: readingTopic(m, 'flow') })),
        schedule('report', config.reportIntervalMs),
      ],
    };
  },

  handle(state, event, config) {
    const ctx = ctxOf(config, event.time);
    const r = parseReading(event);
    if (r !== undefined)
      return r.quantity === 'flow' && usable(r)
        ? onFlow(ctx, state, r.element, r.value, config)
        : stay(state);

    const op = parseOperator(event);
    if (op?.action === 'isolate') {
      const segment = config.segments.find((s) => s.id === op.segment);
      return segment === undefined ? stay(state) : isolate(ctx, state, segment, 'operator', config);
    }
    if (op?.action === 'restore') return restore(ctx, state, config);
    if (op?.action === 'reset') {
      // The operator has dealt with what only a person can clear; data-driven causes re-arm themselves.
      const alerts = state.alerts.filter((c) => !c.startsWith('pump:') && c !== 'mnf' && c !== 'nrw');
      return settle(ctx, state, { ...state, alerts, premiseLeaks: [] }, 'reset by operator', config, standby);
    }

    const msg = parseMessage(event);
    switch (msg?.type) {
      case 'leak_suspected': {
        const next = { ...state, alerts: toggle(state.alerts, `leak:${msg.pipe}`, true) };
        if (msg.severity !== 'critical')
          return settle(ctx, state, next, `leak suspected on ${msg.pipe}`, config);
        const segment = config.segments
          .filter((s) => s.pipes.includes(msg.pipe))
          .sort((a, b) => a.pipes.length - b.pipes.length)[0];
        if (segment === undefined) {
          const burst = { ...next, emergencies: toggle(state.emergencies, `burst:${msg.pipe}`, true) };
          return settle(ctx, state, burst, `burst on ${msg.pipe}, no segment to isolate`, config, undefined, [
            alert(ctx, 1, 'burst_unisolable', `burst suspected on ${msg.pipe}; no isolation segment known`),
          ]);
        }
        return isolate(ctx, next, segment, `burst suspected on ${msg.pipe}`, config);
      }
      case 'leak_cleared': {
        const next = {
          ...state,
          alerts: toggle(state.alerts, `leak:${msg.pipe}`, false),
          emergencies: toggle(state.emergencies, `burst:${msg.pipe}`, false),
        };
        return settle(ctx, state, next, `leak cleared on ${msg.pipe}`, config);
      }
      case 'moved':
        return onValveMoved(ctx, state, msg.valve, config);
      case 'move_failed':
        return isolationFailed(ctx, state, `valve ${msg.valve} stuck at ${msg.position} %`, config);
      case 'hydrant_opened':
        return settle(
          ctx,
          state,
          { ...state, emergencies: toggle(state.emergencies, `fire:${msg.hydrant}`, true) },
          `hydrant ${msg.hydrant} open at ${msg.flowLps} L/s`,
          config,
          standby,
        );
      case 'hydrant_closed':
        return settle(
          ctx,
          state,
          { ...state, emergencies: toggle(state.emergencies, `fire:${msg.hydrant}`, false) },
          `hydrant ${msg.hydrant} closed`,
          config,
          standby,
        );
      case 'tank_status': {
        const cause = `tank:${msg.tank}`;
        const severe = msg.status === 'Critical_Low' || msg.status === 'Overflowing';
        const notable = msg.status === 'Low' || msg.status === 'High';
        const next = {
          ...state,
          emergencies: toggle(state.emergencies, cause, severe),
          alerts: toggle(state.alerts, cause, notable),
        };
        return settle(ctx, state, next, `tank ${msg.tank} ${msg.status}`, config);
      }
      case 'pump_tripped':
        return settle(
          ctx,
          state,
          { ...state, alerts: toggle(state.alerts, `pump:${msg.pump}`, true) },
          `pump ${msg.pump} tripped`,
          config,
          standby,
        );
      case 'premise_leak':
        return stay({ ...state, premiseLeaks: toggle(state.premiseLeaks, msg.meter, true) });
      case 'reduce_pressure':
        if (state.throttled) return stay(state);
        return stay(
          { ...state, throttled: true },
          sendAll(config.prvs, { type: 'move', position: config.throttlePct, reason: msg.reason }),
        );
      case 'restore_pressure':
        if (!state.throttled) return stay(state);
        return stay(
          { ...state, throttled: false },
          sendAll(config.prvs, { type: 'move', position: 100, reason: msg.reason }),
        );
      default:
        break;
    }
    switch (timerKey(event)) {
      case 'report':
        return report(ctx, state, config);
      case 'isolation-timeout':
        return state.isolation?.phase === 'isolating'
          ? isolationFailed(
              ctx,
              state,
              `valves ${state.isolation.pending.join(', ')} not closed in time`,
              config,
            )
          : stay(state);
      default:
        return stay(state);
    }
  },

  status: (state) => state.status,
};

/** derive the mode from the causes; tell the control center when it changes */
function settle(
  ctx: Ctx,
  from: ZoneState,
  next: ZoneState,
  why: string,
  config: ZoneConfig,
  after?: (next: ZoneState, config: ZoneConfig) => Transition<ZoneState>,
  effects: Effect[] = [],
): Transition<ZoneState> {
  const adjusted = after === undefined ? { state: next, effects: [] } : after(next, config);
  const mode = modeOf(adjusted.state);
  const told =
    mode === from.status
      ? []
      : [send(config.controlCenter, { type: 'zone_mode', zone: config.id, mode, reason: why })];
  return transition(ctx, from, { ...adjusted.state, status: mode }, why, [
    ...effects,
    ...adjusted.effects,
    ...told,
  ]);
}

/** standby pumps run while there is fire flow or a tripped pump, and stop after */
function standby(state: ZoneState, config: ZoneConfig): Transition<ZoneState> {
  const needed =
    state.emergencies.some((c) => c.startsWith('fire:')) || state.alerts.some((c) => c.startsWith('pump:'));
  if (needed) {
    const toStart = config.standbyPumps.filter((p) => !state.standbyStarted.includes(p));
    return {
      state: { ...state, standbyStarted: [...state.standbyStarted, ...toStart] },
      effects: sendAll(toStart, { type: 'start', reason: `zone ${config.id} needs more supply` }),
    };
  }
  return {
    state: { ...state, standbyStarted: [] },
    effects: sendAll(state.standbyStarted, {
      type: 'stop',
      reason: `zone ${config.id} back to normal supply`,
    }),
  };
}

function isolate(
  ctx: Ctx,
  state: ZoneState,
  segment: ZoneConfig['segments'][number],
  why: string,
  config: ZoneConfig,
): Transition<ZoneState> {
  if (state.isolation !== undefined) return settle(ctx, state, state, why, config); // one isolation at a time
  const isolation: Isolation = {
    segment: segment.id,
    pipes: segment.pipes,
    valves: segment.valves,
    pending: segment.valves,
    phase: 'isolating',
  };
  return settle(ctx, state, { ...state, isolation }, `isolating ${segment.id}: ${why}`, config, undefined, [
    alert(ctx, 1, 'isolating', `isolating segment ${segment.id} (${segment.valves.join(', ')}): ${why}`),
    ...sendAll(segment.valves, { type: 'move', position: 0, reason: `isolate ${segment.id}` }),
    schedule('isolation-timeout', config.isolationTimeoutMs),
    {
      type: 'publish',
      topic: `zone/${config.id}/isolation`,
      payload: { segment: segment.id, phase: 'isolating', time: ctx.time },
    },
  ]);
}

function onValveMoved(ctx: Ctx, state: ZoneState, valve: string, config: ZoneConfig): Transition<ZoneState> {
  const iso = state.isolation;
  if (iso?.phase !== 'isolating' || !iso.pending.includes(valve)) return stay(state);
  const pending = iso.pending.filter((v) => v !== valve);
  if (pending.length > 0) return stay({ ...state, isolation: { ...iso, pending } });
  const done = { ...iso, pending, phase: 'isolated' as const };
  const order = {
    zone: config.id,
    segment: iso.segment,
    pipes: iso.pipes,
    valves: iso.valves,
    time: ctx.time,
    reason: 'leak isolated',
  };
  return settle(
    ctx,
    state,
    { ...state, isolation: done },
    `segment ${iso.segment} isolated`,
    config,
    undefined,
    [
      { type: 'cancel', key: 'isolation-timeout' },
      ...sendAll(iso.pipes, { type: 'isolated', segment: iso.segment }),
      {
        type: 'publish',
        topic: `zone/${config.id}/isolation`,
        payload: { segment: iso.segment, phase: 'isolated', time: ctx.time },
      },
      { type: 'publish', topic: `zone/${config.id}/work-order`, payload: order },
      alert(ctx, 2, 'isolated', `segment ${iso.segment} isolated; work order raised`),
    ],
  );
}

function isolationFailed(ctx: Ctx, state: ZoneState, why: string, config: ZoneConfig): Transition<ZoneState> {
  const iso = state.isolation;
  if (iso?.phase !== 'isolating') return stay(state);
  return settle(ctx, state, { ...state, isolation: { ...iso, phase: 'failed' } }, why, config, undefined, [
    { type: 'cancel', key: 'isolation-timeout' },
    alert(ctx, 1, 'isolation_failed', `segment ${iso.segment}: ${why}`),
    {
      type: 'publish',
      topic: `zone/${config.id}/isolation`,
      payload: { segment: iso.segment, phase: 'failed', time: ctx.time },
    },
  ]);
}

function restore(ctx: Ctx, state: ZoneState, config: ZoneConfig): Transition<ZoneState> {
  const iso = state.isolation;
  if (iso === undefined) return stay(state);
  let alerts = state.alerts;
  let emergencies = state.emergencies;
  for (const p of iso.pipes) {
    alerts = toggle(alerts, `leak:${p}`, false);
    emergencies = toggle(emergencies, `burst:${p}`, false);
  }
  return settle(
    ctx,
    state,
    { ...state, isolation: undefined, alerts, emergencies },
    `segment ${iso.segment} restored`,
    config,
    undefined,
    [
      { type: 'cancel', key: 'isolation-timeout' },
      ...sendAll(iso.valves, { type: 'move', position: 100, reason: `restore ${iso.segment}` }),
      ...sendAll(iso.pipes, { type: 'restored', segment: iso.segment }),
    ],
  );
}

function onFlow(
  ctx: Ctx,
  state: ZoneState,
  meter: string,
  value: number,
  config: ZoneConfig,
): Transition<ZoneState> {
  const boundary = config.inletMeters.includes(meter) || config.outletMeters.includes(meter);
  if (!boundary && !config.customerMeters.includes(meter)) return stay(state);
  const flows = integrate(state.flows, meter, value, ctx.time, 2 * config.reportIntervalMs);
  let next: ZoneState = { ...state, flows };
  if (!boundary) return stay(next);
  if (inNight(ctx.time, config.utcOffsetMinutes)) {
    const net = netInflow(flows, config.inletMeters, config.outletMeters);
    const day = dayNumber(ctx.time, config.utcOffsetMinutes);
    if (net !== undefined) {
      const night = next.night?.day === day ? next.night : { day, sum: 0, n: 0 };
      next = { ...next, night: { day, sum: night.sum + net, n: night.n + 1 } };
    }
    return stay(next);
  }
  return closeNight(ctx, state, next, config);
}

/** after 04:00, the night's average net inflow becomes its MNF and is judged against the baseline */
function closeNight(ctx: Ctx, from: ZoneState, next: ZoneState, config: ZoneConfig): Transition<ZoneState> {
  const night = next.night;
  if (night === undefined || night.n === 0 || inNight(ctx.time, config.utcOffsetMinutes)) return stay(next);
  const mnf = night.sum / night.n;
  const baseline = next.mnfBaselineLps;
  const closed = { ...next, night: undefined, mnfLps: mnf };
  const record: Effect = {
    type: 'publish',
    topic: `zone/${config.id}/mnf`,
    payload: { day: night.day, mnfLps: mnf, baselineLps: baseline ?? mnf, time: ctx.time },
  };
  if (baseline === undefined)
    return settle(ctx, from, { ...closed, mnfBaselineLps: mnf }, 'first night learned', config, undefined, [
      record,
    ]);
  const high = mnf > baseline * (1 + config.mnfRisePct / 100);
  // Only quiet nights teach the baseline, or a slowly growing leak would become normal.
  const learned =
    high || config.mnfBaselineLps !== undefined ? baseline : baseline + MNF_LEARNING * (mnf - baseline);
  const effects: Effect[] = [record];
  if (high && !from.alerts.includes('mnf')) {
    effects.push(
      alert(
        ctx,
        3,
        'mnf_high',
        `zone ${config.id} night flow ${mnf.toFixed(2)} L/s above baseline ${baseline.toFixed(2)} L/s`,
      ),
    );
  }
  return settle(
    ctx,
    from,
    { ...closed, mnfBaselineLps: learned, alerts: toggle(closed.alerts, 'mnf', high) },
    `minimum night flow ${mnf.toFixed(2)} L/s`,
    config,
    undefined,
    effects,
  );
}

function report(ctx: Ctx, state: ZoneState, config: ZoneConfig): Transition<ZoneState> {
  // A report timer after 04:00 also closes a night that no reading closed.
  const night = closeNight(ctx, state, state, config);
  const base = night.state;
  const balance = waterBalance(base.flows, config.inletMeters, config.outletMeters, config.customerMeters);
  const wasHigh = base.alerts.includes('nrw');
  const high =
    balance.nrwPct === null
      ? wasHigh
      : balance.nrwPct > config.nrwAlertPct ||
        (wasHigh && balance.nrwPct > config.nrwAlertPct - NRW_DEADBAND_PCT);
  const windowMs = ctx.time - base.windowStart;
  const next = {
    ...base,
    flows: restartWindow(base.flows),
    windowStart: ctx.time,
    alerts: toggle(base.alerts, 'nrw', high),
  };
  const extra: Effect[] = [];
  if (high && !wasHigh) {
    extra.push(
      alert(ctx, 3, 'nrw_high', `zone ${config.id} non-revenue water ${balance.nrwPct?.toFixed(0)} %`),
    );
  }
  const settled = settle(ctx, base, next, 'water balance', config, undefined, extra);
  return {
    state: settled.state,
    effects: [
      ...night.effects,
      ...settled.effects,
      {
        type: 'publish',
        topic: `zone/${config.id}/balance`,
        payload: { ...balance, windowMs, time: ctx.time, premiseLeaks: base.premiseLeaks.length },
      },
      send(config.controlCenter, {
        type: 'zone_report',
        zone: config.id,
        mode: settled.state.status,
        windowMs,
        ...balance,
      }),
      schedule('report', config.reportIntervalMs),
    ],
  };
}
