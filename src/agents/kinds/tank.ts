/**
 * Tank (reservoir) agent: classifies the level into bands and the trend, asks the inlet
 * pumps to refill when the level nears its minimum, reduces outflow when it is critical,
 * and stops the filling when it is high.
 *
 * Subscribes: reading/<id>/level (m).
 * Publishes:  agent/tank/<id>/state, agent/tank/<id>/alert (low, critical low, high, overflow).
 * Sends:      refill_request / refill_done / stop to inlet pumps, tank_status to the zone.
 * Commands:   set_position on outlet valves (reduce outflow, then restore).
 *
 * States: Critical_Low, Low, High, Overflowing (level bands, with deadband), and within the
 * normal band Draining, Refilling or Normal (by the smoothed rate of change). Classic
 * level control: pumps are asked to start at Low and told done at High.
 */
import { z } from 'zod';
import type { Behaviour, Effect } from '../runtime/behaviour';
import { agentId, ids, nonNegative, percent, positive } from './common/config';
import { alert, command, type Ctx, send, sendAll, stay, transition } from './common/effects';
import { CALM, classify, CRITICAL, type Excursion, NORMAL } from './common/hysteresis';
import { parseReading, readingTopic, usable } from './common/reading';
import { HOUR } from './common/time';

export const TankConfig = z
  .object({
    id: agentId,
    capacityM3: positive.default(1000),
    minLevelM: nonNegative.default(0),
    maxLevelM: positive.default(10),
    /** band limits; defaults are fractions of the min–max span */
    criticalLowLevelM: nonNegative.optional(),
    lowLevelM: nonNegative.optional(),
    highLevelM: nonNegative.optional(),
    /** at or above this the tank overflows; default the maximum level */
    overflowLevelM: nonNegative.optional(),
    deadbandM: nonNegative.optional(),
    /** a level rising or falling faster than this (m/h) is Refilling / Draining */
    trendRateMPerH: positive.default(0.2),
    /** weight of one reading in the smoothed rate */
    trendAlpha: z.number().gt(0).max(1).default(0.3),
    inletPumps: ids,
    outletValves: ids,
    /** outlet valve position while outflow is reduced */
    reducedOutflowPct: percent.default(50),
    zone: agentId.optional(),
  })
  .refine((c) => c.minLevelM < c.maxLevelM, { message: 'minLevelM must be below maxLevelM' })
  .transform((c) => {
    const span = c.maxLevelM - c.minLevelM;
    return {
      ...c,
      criticalLowLevelM: c.criticalLowLevelM ?? c.minLevelM + 0.1 * span,
      lowLevelM: c.lowLevelM ?? c.minLevelM + 0.25 * span,
      highLevelM: c.highLevelM ?? c.maxLevelM - 0.1 * span,
      overflowLevelM: c.overflowLevelM ?? c.maxLevelM,
      deadbandM: c.deadbandM ?? 0.02 * span,
    };
  });
export type TankConfig = z.output<typeof TankConfig>;

export type TankStatus =
  'Normal' | 'Low' | 'Critical_Low' | 'High' | 'Overflowing' | 'Draining' | 'Refilling';

export interface TankState {
  status: TankStatus;
  levelM: number | undefined;
  lastReadingAt: number | undefined;
  /** smoothed rate of change, m/h */
  rateMPerH: number;
  band: Excursion;
  trend: Excursion;
  refillRequested: boolean;
  outflowReduced: boolean;
}

const ctxOf = (c: TankConfig, time: number): Ctx => ({ kind: 'tank', id: c.id, time });

function statusOf(band: Excursion, trend: Excursion): TankStatus {
  if (band.side === 'low') return band.level === CRITICAL ? 'Critical_Low' : 'Low';
  if (band.side === 'high') return band.level === CRITICAL ? 'Overflowing' : 'High';
  if (trend.side === 'low') return 'Draining';
  if (trend.side === 'high') return 'Refilling';
  return 'Normal';
}

export const tank: Behaviour<TankState, TankConfig> = {
  kind: 'tank',
  init(config) {
    return {
      state: {
        status: 'Normal',
        levelM: undefined,
        lastReadingAt: undefined,
        rateMPerH: 0,
        band: CALM,
        trend: CALM,
        refillRequested: false,
        outflowReduced: false,
      },
      effects: [{ type: 'subscribe', topic: readingTopic(config.id, 'level') }],
    };
  },

  handle(state, event, config) {
    const r = parseReading(event);
    if (r === undefined || r.element !== config.id || r.quantity !== 'level' || !usable(r))
      return stay(state);
    const ctx = ctxOf(config, event.time);
    const level = r.value;

    let rate = state.rateMPerH;
    if (state.levelM !== undefined && state.lastReadingAt !== undefined && event.time > state.lastReadingAt) {
      const instant = ((level - state.levelM) / (event.time - state.lastReadingAt)) * HOUR;
      rate = rate + config.trendAlpha * (instant - rate);
    }
    const band = classify(
      level,
      {
        criticalLow: config.criticalLowLevelM,
        warningLow: config.lowLevelM,
        warningHigh: config.highLevelM,
        criticalHigh: config.overflowLevelM,
      },
      config.deadbandM,
      state.band,
    );
    const trendRate = config.trendRateMPerH;
    const trend = classify(
      rate,
      { warningLow: -trendRate, warningHigh: trendRate },
      trendRate / 2,
      state.trend,
    );
    let next: TankState = {
      ...state,
      levelM: level,
      lastReadingAt: event.time,
      rateMPerH: rate,
      band,
      trend,
    };
    next.status = statusOf(band, trend);

    const effects: Effect[] = [];
    const pumps = config.inletPumps;
    const entered = (side: 'low' | 'high', lvl: number) =>
      band.side === side && band.level >= lvl && !(state.band.side === side && state.band.level >= lvl);
    // Straight into a deeper band (a fast drop between readings) raises that band's effects only.
    if (entered('low', 1) && band.level < CRITICAL) {
      effects.push(alert(ctx, 3, 'tank_low', `${config.id} level ${level} m near its minimum`));
      effects.push(
        ...sendAll(pumps, { type: 'refill_request', tank: config.id, levelM: level, urgency: 'normal' }),
      );
      next = { ...next, refillRequested: true };
    }
    if (entered('low', CRITICAL)) {
      effects.push(alert(ctx, 1, 'tank_critical_low', `${config.id} level ${level} m critically low`));
      effects.push(
        ...sendAll(pumps, { type: 'refill_request', tank: config.id, levelM: level, urgency: 'high' }),
      );
      effects.push(
        ...config.outletValves.map((v) =>
          command(v, 'set_position', `reduce outflow of ${config.id}`, config.reducedOutflowPct),
        ),
      );
      next = { ...next, refillRequested: true, outflowReduced: true };
    }
    // Outflow goes back to normal once the level is out of the low bands (past the deadband).
    if (band.side !== 'low' && state.outflowReduced) {
      effects.push(
        ...config.outletValves.map((v) => command(v, 'set_position', `${config.id} level restored`, 100)),
      );
      next = { ...next, outflowReduced: false };
    }
    if (entered('high', 1) && band.level < CRITICAL) {
      effects.push(alert(ctx, 4, 'tank_high', `${config.id} level ${level} m high`));
      if (state.refillRequested) effects.push(...sendAll(pumps, { type: 'refill_done', tank: config.id }));
      next = { ...next, refillRequested: false };
    }
    if (entered('high', CRITICAL)) {
      if (state.refillRequested) effects.push(...sendAll(pumps, { type: 'refill_done', tank: config.id }));
      next = { ...next, refillRequested: false };
      effects.push(alert(ctx, 1, 'tank_overflow', `${config.id} level ${level} m overflowing`));
      effects.push(...sendAll(pumps, { type: 'stop', reason: `${config.id} overflowing` }));
    }
    if (next.status !== state.status && config.zone !== undefined) {
      effects.push(
        send(config.zone, { type: 'tank_status', tank: config.id, status: next.status, levelM: level }),
      );
    }
    const why =
      band.level !== NORMAL || state.band.level !== NORMAL
        ? `level ${level} m`
        : `level ${rate.toFixed(2)} m/h`;
    return transition(ctx, state, next, why, effects);
  },

  status: (state) => state.status,
};
