/**
 * Sensor agent: validates one instrument's readings, watches its thresholds and its health.
 *
 * Subscribes: reading/<element>/<type> (the measurement), reading/<id>/battery (battery %).
 * Receives:   sampling_request (sample faster for a while); timers watchdog,
 *             fast-sampling-end, calibration-done; operator calibrate, calibration_done,
 *             repair, replace_battery.
 * Publishes:  agent/sensor/<id>/state, agent/sensor/<id>/alert (threshold, low battery,
 *             comms loss, fault, calibration due).
 * Sends:      sensor_alert / sensor_clear to the attached element.
 * Commands:   set_sampling_period on the instrument (value: ms).
 *
 * States: Active, Calibrating, Low_Battery, Error, Offline. A threshold excursion is not a
 * sensor state: the instrument is healthy, the thing it measures is not.
 */
import { z } from 'zod';
import type { Behaviour, Effect, Transition } from '../runtime/behaviour';
import { agentId, isoDate, nonNegative, percent, positive } from './common/config';
import { alert, command, type Ctx, schedule, send, stay, transition } from './common/effects';
import { CALM, classify, CRITICAL, type Excursion, levelName, NORMAL } from './common/hysteresis';
import { parseOperator, timerKey } from './common/operator';
import { parseMessage } from './common/messages';
import { parseReading, type Reading, readingTopic } from './common/reading';
import { DAY, MINUTE, isoToMs } from './common/time';

export const SENSOR_TYPES = [
  'pressure',
  'flow',
  'level',
  'chlorine',
  'ph',
  'turbidity',
  'temperature',
  'vibration',
] as const;
export type SensorType = (typeof SENSOR_TYPES)[number];

/** measuring range when the sidecar gives none, in the console's SI units */
const DEFAULT_RANGE: Record<SensorType, { min: number; max: number }> = {
  pressure: { min: 0, max: 100 }, // m of water
  flow: { min: -500, max: 500 }, // L/s, both directions
  level: { min: 0, max: 20 }, // m
  chlorine: { min: 0, max: 5 }, // mg/L
  ph: { min: 0, max: 14 },
  turbidity: { min: 0, max: 100 }, // NTU
  temperature: { min: -10, max: 60 }, // °C
  vibration: { min: 0, max: 50 }, // mm/s RMS
};

/** below this the battery is low; it counts as replaced only from RECOVER_BATTERY up (hysteresis) */
export const LOW_BATTERY = 20;
const RECOVER_BATTERY = 25;

export const SensorConfig = z
  .object({
    id: agentId,
    type: z.enum(SENSOR_TYPES),
    /** the element it is attached to; its agent has the same id */
    element: agentId,
    samplingPeriodMs: positive.default(MINUTE),
    /** period while something is critical or a peer asked for detail */
    fastSamplingPeriodMs: positive.default(10_000),
    /** how long fast sampling lasts after a critical excursion */
    fastSamplingMs: positive.default(30 * MINUTE),
    /** absolute accuracy, in the measured unit */
    accuracy: nonNegative.default(0.1),
    range: z
      .object({ min: z.number(), max: z.number() })
      .refine((r) => r.min < r.max, { message: 'range.min must be below range.max' })
      .optional(),
    thresholds: z
      .object({
        warningLow: z.number().optional(),
        warningHigh: z.number().optional(),
        criticalLow: z.number().optional(),
        criticalHigh: z.number().optional(),
      })
      .default({}),
    /** hysteresis on thresholds; default: twice the accuracy */
    deadband: nonNegative.optional(),
    batteryPct: percent.default(100),
    lastCalibration: isoDate.optional(),
    calibrationIntervalDays: positive.default(365),
    calibrationDurationMs: positive.default(15 * MINUTE),
    /** silent sampling periods before the sensor counts as Offline */
    missedPeriodsForOffline: z.number().int().positive().default(3),
    /** identical consecutive values that mean a stuck instrument; 0 disables */
    stuckReadings: z.number().int().nonnegative().default(30),
    /** consecutive bad-quality or out-of-range readings that mean a faulty instrument */
    badReadingsForError: z.number().int().positive().default(5),
    /** allowed shift of the daily mean from the mean of the first day after calibration; default 10 % of the range, 0 disables */
    driftLimit: nonNegative.optional(),
  })
  .transform((c) => {
    const range = c.range ?? DEFAULT_RANGE[c.type];
    return {
      ...c,
      range,
      deadband: c.deadband ?? 2 * c.accuracy,
      driftLimit: c.driftLimit ?? 0.1 * (range.max - range.min),
    };
  });
export type SensorConfig = z.output<typeof SensorConfig>;

export type SensorStatus = 'Active' | 'Calibrating' | 'Low_Battery' | 'Error' | 'Offline';

export interface SensorState {
  status: SensorStatus;
  batteryPct: number;
  /** current sampling period, ms */
  periodMs: number;
  /** fast sampling was asked for until this time */
  fastUntil: number;
  lastReadingAt: number;
  lastValue: number | undefined;
  sameCount: number;
  badCount: number;
  excursion: Excursion;
  /** daily means for drift detection; reference is the first full day after calibration */
  drift: { windowStart: number; sum: number; n: number; reference: number | undefined };
  fault: string | undefined;
}

const ctxOf = (c: SensorConfig, time: number): Ctx => ({ kind: 'sensor', id: c.id, time });
const silenceLimit = (s: SensorState, c: SensorConfig) => s.periodMs * c.missedPeriodsForOffline;
/** the healthy status the battery allows, with hysteresis so a battery at 20 % does not flap */
const healthy = (s: SensorState, battery = s.batteryPct): SensorStatus =>
  battery < LOW_BATTERY || (s.status === 'Low_Battery' && battery < RECOVER_BATTERY)
    ? 'Low_Battery'
    : 'Active';
const watching = (s: SensorState) => s.status === 'Active' || s.status === 'Low_Battery';

export const sensor: Behaviour<SensorState, SensorConfig> = {
  kind: 'sensor',
  init(config, now) {
    const state: SensorState = {
      status: config.batteryPct < LOW_BATTERY ? 'Low_Battery' : 'Active',
      batteryPct: config.batteryPct,
      periodMs: config.samplingPeriodMs,
      fastUntil: now,
      lastReadingAt: now,
      lastValue: undefined,
      sameCount: 0,
      badCount: 0,
      excursion: CALM,
      drift: { windowStart: now, sum: 0, n: 0, reference: undefined },
      fault: undefined,
    };
    const effects: Effect[] = [
      { type: 'subscribe', topic: readingTopic(config.element, config.type) },
      { type: 'subscribe', topic: readingTopic(config.id, 'battery') },
      schedule('watchdog', silenceLimit(state, config)),
    ];
    const calibrated = isoToMs(config.lastCalibration);
    if (calibrated !== undefined && now - calibrated > config.calibrationIntervalDays * DAY) {
      effects.push(
        alert(ctxOf(config, now), 4, 'calibration_due', `last calibrated ${config.lastCalibration}`),
      );
    }
    return { state, effects };
  },

  handle(state, event, config) {
    const ctx = ctxOf(config, event.time);
    const r = parseReading(event);
    if (r !== undefined) {
      if (r.element === config.id && r.quantity === 'battery') return onBattery(ctx, state, r.value);
      if (r.element === config.element && r.quantity === config.type)
        return onMeasurement(ctx, state, r, config);
      return stay(state);
    }
    const op = parseOperator(event);
    if (op !== undefined) {
      switch (op.action) {
        case 'calibrate':
          if (state.status === 'Calibrating') return stay(state);
          return transition(ctx, state, { ...state, status: 'Calibrating' }, 'calibration started', [
            schedule('calibration-done', config.calibrationDurationMs),
          ]);
        case 'calibration_done':
          return state.status === 'Calibrating' ? calibrated(ctx, state, config) : stay(state);
        case 'repair':
          if (state.status !== 'Error') return stay(state);
          return transition(ctx, state, fresh(state, event.time, healthy(state)), 'repaired', [
            schedule('watchdog', silenceLimit(state, config)),
          ]);
        case 'replace_battery':
          return onBattery(ctx, state, 100);
        default:
          return stay(state);
      }
    }
    const msg = parseMessage(event);
    if (msg?.type === 'sampling_request') {
      const fastUntil = Math.max(state.fastUntil, event.time + msg.durationMs);
      return sampleAt(
        ctx,
        { ...state, fastUntil },
        Math.min(state.periodMs, msg.periodMs),
        msg.reason,
        config,
        [schedule('fast-sampling-end', fastUntil - event.time)],
      );
    }
    switch (timerKey(event)) {
      case 'watchdog':
        return onWatchdog(ctx, state, config);
      case 'fast-sampling-end':
        return onFastSamplingEnd(ctx, state, config);
      case 'calibration-done':
        return state.status === 'Calibrating' ? calibrated(ctx, state, config) : stay(state);
      default:
        return stay(state);
    }
  },

  status: (state) => state.status,
};

/** state after a repair or calibration: fault counters and the drift reference start over */
function fresh(state: SensorState, time: number, status: SensorStatus): SensorState {
  return {
    ...state,
    status,
    // a grace window from now: a repaired or calibrated instrument gets a full watchdog period
    lastReadingAt: time,
    sameCount: 0,
    badCount: 0,
    fault: undefined,
    drift: { windowStart: time, sum: 0, n: 0, reference: undefined },
  };
}

function calibrated(ctx: Ctx, state: SensorState, config: SensorConfig): Transition<SensorState> {
  return transition(ctx, state, fresh(state, ctx.time, healthy(state)), 'calibration done', [
    { type: 'cancel', key: 'calibration-done' },
    schedule('watchdog', silenceLimit(state, config)),
  ]);
}

function onBattery(ctx: Ctx, state: SensorState, battery: number): Transition<SensorState> {
  const next = { ...state, batteryPct: battery };
  if (!watching(state)) return stay(next);
  const status = healthy(state, battery);
  const effects =
    status === 'Low_Battery' && state.status !== 'Low_Battery'
      ? [alert(ctx, 4, 'low_battery', `battery at ${battery} %`)]
      : [];
  return transition(ctx, state, { ...next, status }, `battery ${battery} %`, effects);
}

function onWatchdog(ctx: Ctx, state: SensorState, config: SensorConfig): Transition<SensorState> {
  // One pending watchdog at a time: when it fires early (a reading came meanwhile) it is
  // set again for the rest of the window instead of being re-armed on every reading.
  const silent = ctx.time - state.lastReadingAt;
  const limit = silenceLimit(state, config);
  if (state.status === 'Offline') return stay(state);
  if (silent < limit || !watching(state)) {
    return stay(state, [schedule('watchdog', silent < limit ? limit - silent : limit)]);
  }
  return transition(ctx, state, { ...state, status: 'Offline' }, `no reading for ${silent} ms`, [
    alert(ctx, 3, 'comms_loss', `no reading from ${config.id} for ${Math.round(silent / 1000)} s`),
  ]);
}

function onFastSamplingEnd(ctx: Ctx, state: SensorState, config: SensorConfig): Transition<SensorState> {
  if (ctx.time < state.fastUntil)
    return stay(state, [schedule('fast-sampling-end', state.fastUntil - ctx.time)]);
  if (state.excursion.level === CRITICAL) {
    return stay({ ...state, fastUntil: ctx.time + config.fastSamplingMs }, [
      schedule('fast-sampling-end', config.fastSamplingMs),
    ]);
  }
  return sampleAt(ctx, state, config.samplingPeriodMs, 'back to normal sampling', config);
}

function sampleAt(
  ctx: Ctx,
  state: SensorState,
  periodMs: number,
  reason: string,
  config: SensorConfig,
  effects: Effect[] = [],
): Transition<SensorState> {
  if (periodMs === state.periodMs) return stay(state, effects);
  const next = { ...state, periodMs };
  // The watchdog window follows the period, so a fast-sampling sensor is missed sooner.
  return stay(next, [
    command(config.id, 'set_sampling_period', reason, periodMs),
    ...effects,
    schedule('watchdog', silenceLimit(next, config)),
  ]);
}

function onMeasurement(
  ctx: Ctx,
  state: SensorState,
  r: Reading,
  config: SensorConfig,
): Transition<SensorState> {
  const alive: SensorState = { ...state, lastReadingAt: ctx.time };
  if (state.status === 'Offline') {
    // Back from silence: the watchdog stopped when it declared Offline, so arm it again, and
    // judge the value (thresholds only: fault detection needs a run of readings).
    const back: SensorState = {
      ...alive,
      status: healthy(state),
      badCount: 0,
      sameCount: 1,
      lastValue: r.value,
    };
    const judged = r.quality !== 'bad' ? checkThresholds(ctx, back, r.value, config) : stay(back);
    return transition(ctx, state, judged.state, 'readings resumed', [
      schedule('watchdog', silenceLimit(state, config)),
      ...judged.effects,
    ]);
  }
  if (!watching(state)) return stay(alive); // calibrating or in error: values are not trusted

  const inRange =
    r.value >= config.range.min - config.accuracy && r.value <= config.range.max + config.accuracy;
  if (r.quality === 'bad' || !inRange) {
    const badCount = state.badCount + 1;
    if (badCount < config.badReadingsForError) return stay({ ...alive, badCount });
    return fault(ctx, state, alive, r.quality === 'bad' ? 'bad quality' : `out of range (${r.value})`);
  }

  const sameCount = state.lastValue === r.value ? state.sameCount + 1 : 1;
  if (config.stuckReadings > 0 && sameCount >= config.stuckReadings) {
    return fault(ctx, state, alive, `stuck at ${r.value} for ${sameCount} readings`);
  }
  const drift = trackDrift(state.drift, r, config);
  if (drift.drifted !== undefined) return fault(ctx, state, alive, drift.drifted);

  const counted: SensorState = { ...alive, badCount: 0, sameCount, lastValue: r.value, drift: drift.window };
  return checkThresholds(ctx, counted, r.value, config);
}

function fault(ctx: Ctx, from: SensorState, next: SensorState, why: string): Transition<SensorState> {
  return transition(ctx, from, { ...next, status: 'Error', fault: why }, why, [
    alert(ctx, 3, 'sensor_fault', `${ctx.id}: ${why}`),
  ]);
}

function trackDrift(
  drift: SensorState['drift'],
  r: Reading,
  config: SensorConfig,
): { window: SensorState['drift']; drifted?: string } {
  if (config.driftLimit === 0) return { window: drift };
  if (r.time - drift.windowStart < DAY)
    return { window: { ...drift, sum: drift.sum + r.value, n: drift.n + 1 } };
  // A whole day closed. Daily means cancel the diurnal demand pattern that would fool a
  // shorter average; the first day after calibration is the reference.
  const mean = drift.n > 0 ? drift.sum / drift.n : undefined;
  const window = { windowStart: r.time, sum: r.value, n: 1, reference: drift.reference ?? mean };
  if (
    mean !== undefined &&
    drift.reference !== undefined &&
    Math.abs(mean - drift.reference) > config.driftLimit
  ) {
    return { window, drifted: `drift: daily mean ${mean.toFixed(2)} vs ${drift.reference.toFixed(2)}` };
  }
  return { window };
}

function checkThresholds(
  ctx: Ctx,
  state: SensorState,
  value: number,
  config: SensorConfig,
): Transition<SensorState> {
  const excursion = classify(value, config.thresholds, config.deadband, state.excursion);
  const next = { ...state, excursion };
  const before = state.excursion;
  if (excursion.level === before.level && excursion.side === before.side) return stay(next);
  if (excursion.level === NORMAL) {
    return stay(next, [
      send(config.element, {
        type: 'sensor_clear',
        sensor: config.id,
        element: config.element,
        quantity: config.type,
      }),
    ]);
  }
  const level = levelName(excursion.level) as 'warning' | 'critical';
  const side = excursion.side!;
  const effects: Effect[] = [
    send(config.element, {
      type: 'sensor_alert',
      sensor: config.id,
      element: config.element,
      quantity: config.type,
      level,
      side,
      value,
    }),
  ];
  // Only escalation is annunciated; a critical excursion settling to warning is not news.
  if (excursion.level > before.level) {
    effects.push(
      alert(
        ctx,
        excursion.level === CRITICAL ? 2 : 3,
        `${config.type}_${side}`,
        `${config.type} ${value} is ${level} ${side}`,
      ),
    );
  }
  if (excursion.level === CRITICAL && before.level !== CRITICAL) {
    const fastUntil = Math.max(state.fastUntil, ctx.time + config.fastSamplingMs);
    return sampleAt(ctx, { ...next, fastUntil }, config.fastSamplingPeriodMs, 'critical reading', config, [
      ...effects,
      schedule('fast-sampling-end', fastUntil - ctx.time),
    ]);
  }
  return stay(next, effects);
}
