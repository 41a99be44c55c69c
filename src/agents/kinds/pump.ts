/**
 * Pump agent: starts and stops the pump, holds the outlet pressure at its target by speed
 * steps, and protects the machine from vibration and overheating.
 *
 * Subscribes: reading/<id>/speed (% of rated), reading/<id>/vibration (mm/s RMS),
 *             reading/<id>/temperature (°C), reading/<id>/fault (the drive's trip signal,
 *             1 = tripped), reading/<outlet>/pressure (m).
 *
 * Most stations run their pumps on local automation (the PLC starts and stops them on tank
 * level). The agent follows what the drive reports: a pump seen turning while Idle is
 * Running, a running pump seen standing without a trip is Idle again. A trip signal from
 * the drive is an Emergency_Stop.
 * Receives:   start, stop, refill_request / refill_done (tanks), demand_rising (hydrants);
 *             timer ramp; operator start, stop, reset, maintenance_start, maintenance_end, repair.
 * Publishes:  agent/pump/<id>/state, agent/pump/<id>/alert,
 *             agent/pump/<id>/maintenance (maintenance request after a protection trip).
 * Sends:      pump_tripped to the zone coordinator.
 * Commands:   start (value: speed %), set_speed (value: %), stop, emergency_stop.
 *
 * States: Idle, Ramping_Up, Running, Ramping_Down, Warning (running with vibration or
 * temperature past warning, or slow to reach speed), Emergency_Stop (protection trip,
 * needs an operator reset), Maintenance.
 */
import { z } from 'zod';
import type { Behaviour, Effect, Transition } from '../runtime/behaviour';
import { agentId, nonNegative, percent, positive } from './common/config';
import { alert, command, type Ctx, schedule, send, stay, transition } from './common/effects';
import { CALM, classify, CRITICAL, type Excursion, NORMAL } from './common/hysteresis';
import { parseMessage } from './common/messages';
import { parseOperator, timerKey } from './common/operator';
import { parseReading, readingTopic, usable } from './common/reading';
import { MINUTE } from './common/time';

const alarmLimits = (warning: number, critical: number, deadband: number) =>
  z
    .object({ warning: positive, critical: positive, deadband: nonNegative })
    .default({ warning, critical, deadband });

export const PumpConfig = z.object({
  id: agentId,
  pumpType: z.enum(['centrifugal', 'submersible', 'booster', 'borehole', 'other']).default('centrifugal'),
  capacityLps: positive.default(50),
  powerKw: positive.default(30),
  ratedSpeedRpm: positive.default(1450),
  efficiencyPct: percent.default(80),
  inlet: agentId,
  outlet: agentId,
  /** outlet pressure the pump holds by speed steps; no pressure control when absent */
  targetOutletPressureM: positive.optional(),
  pressureDeadbandM: nonNegative.default(1),
  minSpeedPct: percent.default(40),
  startSpeedPct: percent.default(80),
  speedStepPct: positive.default(5),
  /** least time between automatic speed steps, so the network answers one step before the next */
  controlIntervalMs: positive.default(MINUTE),
  /** expected time to reach speed or to stop */
  rampTimeMs: positive.default(30_000),
  speedTolerancePct: nonNegative.default(3),
  /** ISO 10816-3 zone boundaries for a medium machine on a rigid foundation, mm/s RMS */
  vibration: alarmLimits(4.5, 7.1, 0.3),
  /** bearing/winding temperature, °C */
  temperature: alarmLimits(80, 95, 2),
  standby: z.boolean().default(false),
  /** the pump is turning when the agent starts */
  running: z.boolean().default(false),
  zone: agentId.optional(),
});
export type PumpConfig = z.output<typeof PumpConfig>;

export type PumpStatus =
  'Idle' | 'Ramping_Up' | 'Running' | 'Ramping_Down' | 'Warning' | 'Emergency_Stop' | 'Maintenance';

export interface PumpState {
  status: PumpStatus;
  /** commanded speed, % of rated */
  speedPct: number;
  /** last measured speed; undefined while none came */
  measuredSpeedPct: number | undefined;
  vibration: Excursion;
  temperature: Excursion;
  /** did not reach its commanded speed within the ramp time */
  slow: boolean;
  lastControlAt: number;
  /** tanks that asked for a refill and have not said done */
  refillFor: string[];
  /** started only because a tank asked: stops when the last tank is full */
  startedForRefill: boolean;
  /** the drive's trip signal as last read */
  tripSignal: boolean;
}

const ctxOf = (c: PumpConfig, time: number): Ctx => ({ kind: 'pump', id: c.id, time });
const turning = (s: PumpState) =>
  s.status === 'Ramping_Up' ||
  s.status === 'Running' ||
  s.status === 'Warning' ||
  s.status === 'Ramping_Down';
/** Running or Warning, whichever the alarms and the ramp call for */
const onDuty = (s: PumpState): PumpStatus =>
  s.vibration.level > NORMAL || s.temperature.level > NORMAL || s.slow ? 'Warning' : 'Running';

export const pump: Behaviour<PumpState, PumpConfig> = {
  kind: 'pump',
  init(config, now) {
    return {
      state: {
        status: config.running ? 'Running' : 'Idle',
        speedPct: config.running ? config.startSpeedPct : 0,
        measuredSpeedPct: undefined,
        vibration: CALM,
        temperature: CALM,
        slow: false,
        lastControlAt: now,
        refillFor: [],
        startedForRefill: false,
        tripSignal: false,
      },
      effects: [
        ...['speed', 'vibration', 'temperature', 'fault'].map((q): Effect => ({
          type: 'subscribe',
          topic: readingTopic(config.id, q),
        })),
        { type: 'subscribe', topic: readingTopic(config.outlet, 'pressure') },
      ],
    };
  },

  handle(state, event, config) {
    const ctx = ctxOf(config, event.time);
    const r = parseReading(event);
    if (r !== undefined) {
      if (!usable(r)) return stay(state);
      if (r.element === config.outlet && r.quantity === 'pressure')
        return holdPressure(ctx, state, r.value, config);
      if (r.element !== config.id) return stay(state);
      if (r.quantity === 'speed') return onSpeed(ctx, state, r.value, config);
      if (r.quantity === 'fault') return onFault(ctx, state, r.value, config);
      if (r.quantity === 'vibration' || r.quantity === 'temperature')
        return protect(ctx, state, r.quantity, r.value, config);
      return stay(state);
    }
    const op = parseOperator(event);
    if (op !== undefined) {
      switch (op.action) {
        case 'start':
          return start(ctx, state, 'operator start', false, config);
        case 'stop':
          return stop(ctx, state, 'operator stop', config);
        case 'reset':
          if (state.status !== 'Emergency_Stop') return stay(state);
          return transition(
            ctx,
            state,
            { ...state, status: 'Idle', vibration: CALM, temperature: CALM, slow: false },
            'trip reset by operator',
          );
        case 'maintenance_start': {
          const effects = turning(state) ? [command(config.id, 'stop', 'maintenance')] : [];
          return transition(
            ctx,
            state,
            { ...state, status: 'Maintenance', speedPct: 0, refillFor: [] },
            'maintenance started',
            effects,
          );
        }
        case 'maintenance_end':
        case 'repair':
          if (state.status !== 'Maintenance') return stay(state);
          return transition(
            ctx,
            state,
            { ...state, status: 'Idle', vibration: CALM, temperature: CALM, slow: false },
            'back from maintenance',
          );
        default:
          return stay(state);
      }
    }
    const msg = parseMessage(event);
    switch (msg?.type) {
      case 'start':
        return start(ctx, state, msg.reason, false, config);
      case 'stop':
        return stop(ctx, state, msg.reason, config);
      case 'refill_request': {
        const refillFor = state.refillFor.includes(msg.tank)
          ? state.refillFor
          : [...state.refillFor, msg.tank];
        return start(
          ctx,
          { ...state, refillFor },
          `tank ${msg.tank} at ${msg.levelM} m asks for refill`,
          true,
          config,
        );
      }
      case 'refill_done': {
        const refillFor = state.refillFor.filter((t) => t !== msg.tank);
        const next = { ...state, refillFor };
        return refillFor.length === 0 && state.startedForRefill && turning(state)
          ? stop(ctx, next, `tank ${msg.tank} refilled`, config)
          : stay(next);
      }
      case 'demand_rising':
        if (state.status === 'Idle')
          return start(ctx, state, `demand rising at ${msg.source}`, false, config);
        // A hydrant opening is a known step in demand: answer it now, not at the next control interval.
        if (state.status === 'Running')
          return setSpeed(
            ctx,
            state,
            state.speedPct + config.speedStepPct,
            `demand rising at ${msg.source}`,
            config,
          );
        return stay(state);
      default:
        break;
    }
    if (timerKey(event) === 'ramp') return onRampTimeout(ctx, state, config);
    return stay(state);
  },

  status: (state) => state.status,
};

function start(
  ctx: Ctx,
  state: PumpState,
  reason: string,
  forRefill: boolean,
  config: PumpConfig,
): Transition<PumpState> {
  if (state.status !== 'Idle') return stay(state);
  const next: PumpState = {
    ...state,
    status: 'Ramping_Up',
    speedPct: config.startSpeedPct,
    slow: false,
    lastControlAt: ctx.time,
    startedForRefill: forRefill,
  };
  return transition(ctx, state, next, reason, [
    command(config.id, 'start', reason, config.startSpeedPct),
    schedule('ramp', config.rampTimeMs),
  ]);
}

function stop(ctx: Ctx, state: PumpState, reason: string, config: PumpConfig): Transition<PumpState> {
  if (state.status !== 'Ramping_Up' && state.status !== 'Running' && state.status !== 'Warning')
    return stay(state);
  const next: PumpState = {
    ...state,
    status: 'Ramping_Down',
    speedPct: 0,
    slow: false,
    refillFor: [],
    startedForRefill: false,
  };
  return transition(ctx, state, next, reason, [
    command(config.id, 'stop', reason),
    schedule('ramp', config.rampTimeMs),
  ]);
}

function onSpeed(ctx: Ctx, state: PumpState, speed: number, config: PumpConfig): Transition<PumpState> {
  const next = { ...state, measuredSpeedPct: speed };
  const standing = speed <= config.speedTolerancePct;
  if (state.status === 'Idle' && !standing) {
    return transition(
      ctx,
      state,
      { ...next, status: 'Running', speedPct: speed },
      `started by local control at ${speed} %`,
    );
  }
  if ((state.status === 'Running' || (state.status === 'Warning' && !state.slow)) && standing) {
    return transition(ctx, state, { ...next, status: 'Idle', speedPct: 0 }, 'stopped by local control');
  }
  const reached = speed >= state.speedPct - config.speedTolerancePct;
  if (state.status === 'Ramping_Up' && reached) {
    return transition(ctx, state, { ...next, status: onDuty(next) }, `at speed ${speed} %`, [
      { type: 'cancel', key: 'ramp' },
    ]);
  }
  if (state.status === 'Warning' && state.slow && reached) {
    const cleared = { ...next, slow: false };
    return transition(ctx, state, { ...cleared, status: onDuty(cleared) }, `reached speed ${speed} %`);
  }
  if (state.status === 'Ramping_Down' && speed <= config.speedTolerancePct) {
    return transition(ctx, state, { ...next, status: 'Idle' }, 'stopped', [{ type: 'cancel', key: 'ramp' }]);
  }
  return stay(next);
}

/** The drive's trip signal: the pump has stopped on its own protection (motor, overload, comms). */
function onFault(ctx: Ctx, state: PumpState, value: number, config: PumpConfig): Transition<PumpState> {
  const next = { ...state, tripSignal: value >= 0.5 };
  if (
    !next.tripSignal ||
    state.tripSignal ||
    state.status === 'Emergency_Stop' ||
    state.status === 'Maintenance'
  ) {
    return stay(next);
  }
  return trip(ctx, state, next, 'the drive reports a trip', config, {}, false);
}

/**
 * Stop and lock out: Emergency_Stop until an operator resets it, a maintenance request, the
 * zone told (it may start a standby pump), and the highest-priority alert.
 */
function trip(
  ctx: Ctx,
  state: PumpState,
  next: PumpState,
  reason: string,
  config: PumpConfig,
  measured: { vibration?: number; temperature?: number },
  commandStop: boolean,
): Transition<PumpState> {
  const request = { pump: config.id, time: ctx.time, reason, ...measured };
  const effects: Effect[] = [
    ...(commandStop ? [command(config.id, 'emergency_stop', reason)] : []),
    { type: 'publish', topic: `agent/pump/${config.id}/maintenance`, payload: request },
    alert(ctx, 1, 'pump_trip', `${config.id}: ${reason}`),
  ];
  if (config.zone !== undefined)
    effects.push(send(config.zone, { type: 'pump_tripped', pump: config.id, reason }));
  return transition(
    ctx,
    state,
    { ...next, status: 'Emergency_Stop', speedPct: 0, refillFor: [] },
    reason,
    effects,
  );
}

function onRampTimeout(ctx: Ctx, state: PumpState, config: PumpConfig): Transition<PumpState> {
  if (state.status === 'Ramping_Down')
    return transition(ctx, state, { ...state, status: 'Idle' }, 'ramp-down time elapsed');
  if (state.status !== 'Ramping_Up') return stay(state);
  // Without a speed instrument the ramp time is all we have; with one, a pump still short of
  // its speed is running but not healthy.
  const slow =
    state.measuredSpeedPct !== undefined &&
    state.measuredSpeedPct < state.speedPct - config.speedTolerancePct;
  const next = { ...state, slow };
  const effects = slow
    ? [
        alert(
          ctx,
          3,
          'slow_ramp',
          `${config.id} at ${state.measuredSpeedPct} % of ${state.speedPct} % after ramp time`,
        ),
      ]
    : [];
  return transition(
    ctx,
    state,
    { ...next, status: onDuty(next) },
    slow ? 'did not reach speed' : 'ramp time elapsed',
    effects,
  );
}

function protect(
  ctx: Ctx,
  state: PumpState,
  quantity: 'vibration' | 'temperature',
  value: number,
  config: PumpConfig,
): Transition<PumpState> {
  const limits = config[quantity];
  const excursion = classify(
    value,
    { warningHigh: limits.warning, criticalHigh: limits.critical },
    limits.deadband,
    state[quantity],
  );
  const next = { ...state, [quantity]: excursion };
  if (!turning(state)) return stay(next); // a standing pump's vibration is noise, its temperature is cooling
  if (excursion.level === CRITICAL) {
    const reason = `${quantity} ${value} past critical ${limits.critical}`;
    return trip(ctx, state, next, reason, config, { [quantity]: value }, true);
  }
  if (state.status === 'Ramping_Down' || state.status === 'Ramping_Up') return stay(next);
  const status = onDuty(next);
  const effects =
    excursion.level > state[quantity].level
      ? [
          alert(
            ctx,
            3,
            `${quantity}_high`,
            `${config.id}: ${quantity} ${value} past warning ${limits.warning}`,
          ),
        ]
      : [];
  return transition(ctx, state, { ...next, status }, `${quantity} ${value}`, effects);
}

function holdPressure(
  ctx: Ctx,
  state: PumpState,
  pressure: number,
  config: PumpConfig,
): Transition<PumpState> {
  const target = config.targetOutletPressureM;
  // Only a healthy running pump is pushed; a pump in Warning holds its speed.
  if (target === undefined || state.status !== 'Running') return stay(state);
  if (ctx.time - state.lastControlAt < config.controlIntervalMs) return stay(state);
  if (pressure < target - config.pressureDeadbandM) {
    return setSpeed(
      ctx,
      state,
      state.speedPct + config.speedStepPct,
      `outlet ${pressure} m below target ${target} m`,
      config,
    );
  }
  if (pressure > target + config.pressureDeadbandM) {
    return setSpeed(
      ctx,
      state,
      state.speedPct - config.speedStepPct,
      `outlet ${pressure} m above target ${target} m`,
      config,
    );
  }
  return stay(state);
}

function setSpeed(
  ctx: Ctx,
  state: PumpState,
  wanted: number,
  reason: string,
  config: PumpConfig,
): Transition<PumpState> {
  const speedPct = Math.min(100, Math.max(config.minSpeedPct, wanted));
  if (speedPct === state.speedPct) return stay(state);
  return stay({ ...state, speedPct, lastControlAt: ctx.time }, [
    command(config.id, 'set_speed', reason, speedPct),
  ]);
}
