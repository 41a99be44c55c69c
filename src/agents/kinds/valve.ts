/**
 * Valve agent: carries out commanded moves and watches them finish, and (PRV or any
 * remotely actuated valve with a pressure limit) throttles when the downstream pressure
 * goes above its maximum.
 *
 * Subscribes: reading/<id>/position (% open), reading/<downstream>/pressure (m).
 * Receives:   move { position } (zone coordinator); condition_update; timer move-timeout;
 *             operator move { position }, open/close via move, maintenance_start,
 *             maintenance_end, repair.
 * Publishes:  agent/valve/<id>/state, agent/valve/<id>/alert (stuck, manual valve needs a crew).
 * Sends:      moved / move_failed to whoever asked for the move.
 * Commands:   set_position (value: % open).
 *
 * States: Open, Closed, Throttling (at rest, by position), Operating (moving to a commanded
 * position), Stuck (did not get there in time), Maintenance.
 */
import { z } from 'zod';
import type { Behaviour, Effect, Transition } from '../runtime/behaviour';
import { agentId, nonNegative, percent, positive } from './common/config';
import { alert, command, type Ctx, schedule, send, stay, transition } from './common/effects';
import { parseMessage } from './common/messages';
import { parseOperator, timerKey } from './common/operator';
import { parseReading, readingTopic, usable } from './common/reading';
import { MINUTE } from './common/time';

export const ValveConfig = z
  .object({
    id: agentId,
    valveType: z.enum(['gate', 'butterfly', 'check', 'PRV']).default('gate'),
    actuator: z.enum(['manual', 'motorized', 'automated']).default('motorized'),
    upstream: agentId,
    downstream: agentId,
    /** position when the agent starts, % open */
    positionPct: percent.default(100),
    /** downstream pressure limit; above it the valve throttles */
    maxDownstreamPressureM: positive.optional(),
    /** where throttling aims; default 90 % of the maximum */
    targetDownstreamPressureM: positive.optional(),
    pressureDeadbandM: nonNegative.default(1),
    throttleStepPct: positive.default(10),
    /** never throttle shut: a pressure limit is not an isolation */
    minThrottlePct: percent.default(5),
    positionTolerancePct: nonNegative.default(2),
    /** isolation valves close in about 30 s; twice that means the valve is stuck */
    moveTimeoutMs: positive.default(MINUTE),
    conditionScore: percent.default(100),
  })
  .transform((c) => ({
    ...c,
    targetDownstreamPressureM:
      c.targetDownstreamPressureM ??
      (c.maxDownstreamPressureM === undefined ? undefined : 0.9 * c.maxDownstreamPressureM),
  }));
export type ValveConfig = z.output<typeof ValveConfig>;

export type ValveStatus = 'Open' | 'Closed' | 'Throttling' | 'Operating' | 'Stuck' | 'Maintenance';

export interface ValveState {
  status: ValveStatus;
  positionPct: number;
  /** where the last commanded move goes */
  targetPct: number;
  /** who asked for the move and wants an answer; undefined for the valve's own moves */
  requester: string | undefined;
  /** position before pressure throttling began, restored when the pressure allows */
  restPct: number;
  /** above the maximum once: keep throttling until the target is reached */
  regulating: boolean;
  operations: number;
  condition: number;
}

const ctxOf = (c: ValveConfig, time: number): Ctx => ({ kind: 'valve', id: c.id, time });

export function restingStatus(position: number, tolerance: number): ValveStatus {
  if (position >= 100 - tolerance) return 'Open';
  if (position <= tolerance) return 'Closed';
  return 'Throttling';
}
const atRest = (s: ValveState) => s.status === 'Open' || s.status === 'Closed' || s.status === 'Throttling';

export const valve: Behaviour<ValveState, ValveConfig> = {
  kind: 'valve',
  init(config) {
    return {
      state: {
        status: restingStatus(config.positionPct, config.positionTolerancePct),
        positionPct: config.positionPct,
        targetPct: config.positionPct,
        requester: undefined,
        restPct: config.positionPct,
        regulating: false,
        operations: 0,
        condition: config.conditionScore,
      },
      effects: [
        { type: 'subscribe', topic: readingTopic(config.id, 'position') },
        { type: 'subscribe', topic: readingTopic(config.downstream, 'pressure') },
      ],
    };
  },

  handle(state, event, config) {
    const ctx = ctxOf(config, event.time);
    const r = parseReading(event);
    if (r !== undefined) {
      if (!usable(r)) return stay(state);
      if (r.element === config.id && r.quantity === 'position')
        return onPosition(ctx, state, r.value, config);
      if (r.element === config.downstream && r.quantity === 'pressure')
        return regulate(ctx, state, r.value, config);
      return stay(state);
    }
    const op = parseOperator(event);
    if (op !== undefined) {
      switch (op.action) {
        case 'move':
          return op.position === undefined
            ? stay(state)
            : move(ctx, state, op.position, { reason: 'operator' }, config);
        case 'maintenance_start':
          return transition(
            ctx,
            state,
            { ...state, status: 'Maintenance', requester: undefined },
            'maintenance started',
            [{ type: 'cancel', key: 'move-timeout' }],
          );
        case 'maintenance_end':
        case 'repair':
          if (state.status !== 'Maintenance' && state.status !== 'Stuck') return stay(state);
          return transition(
            ctx,
            state,
            {
              ...state,
              status: restingStatus(state.positionPct, config.positionTolerancePct),
              condition: op.action === 'repair' ? 100 : state.condition,
            },
            op.action === 'repair' ? 'repaired' : 'maintenance ended',
          );
        default:
          return stay(state);
      }
    }
    const msg = parseMessage(event);
    if (msg?.type === 'move')
      return move(ctx, state, msg.position, { requester: event.from, reason: msg.reason }, config);
    if (msg?.type === 'condition_update') return stay({ ...state, condition: msg.score });
    if (timerKey(event) === 'move-timeout' && state.status === 'Operating') {
      const why = `did not reach ${state.targetPct} % within ${config.moveTimeoutMs / 1000} s (at ${state.positionPct} %)`;
      return transition(ctx, state, { ...state, status: 'Stuck' }, why, [
        alert(ctx, 2, 'valve_stuck', `${config.id} ${why}`),
        ...reply(state, {
          type: 'move_failed',
          valve: config.id,
          position: state.positionPct,
          target: state.targetPct,
        }),
      ]);
    }
    return stay(state);
  },

  status: (state) => state.status,
};

const reply = (state: ValveState, message: Parameters<typeof send>[1]): Effect[] =>
  state.requester === undefined ? [] : [send(state.requester, message)];

interface MoveOrder {
  /** who wants an answer (moved / move_failed) */
  requester?: string | undefined;
  reason: string;
  /** the valve's own pressure throttling, which must not change where it rests */
  regulation?: boolean;
}

function move(
  ctx: Ctx,
  state: ValveState,
  target: number,
  order: MoveOrder,
  config: ValveConfig,
): Transition<ValveState> {
  const { requester, reason, regulation = false } = order;
  const refuse = (why: string) =>
    stay(state, [
      alert(ctx, 3, 'move_refused', `${config.id}: ${why}`),
      ...(requester === undefined
        ? []
        : [send(requester, { type: 'move_failed', valve: config.id, position: state.positionPct, target })]),
    ]);
  if (state.status === 'Maintenance') return refuse('in maintenance');
  if (config.valveType === 'check') return refuse('a check valve moves with the flow only');
  if (config.actuator === 'manual') {
    // A manual valve moves when a crew turns it; the operator's move records that they did.
    if (requester !== undefined) return refuse('manual valve: a crew has to operate it');
    const next = {
      ...state,
      positionPct: target,
      targetPct: target,
      restPct: target,
      operations: state.operations + 1,
    };
    return transition(
      ctx,
      state,
      { ...next, status: restingStatus(target, config.positionTolerancePct) },
      'moved by crew',
    );
  }
  if (Math.abs(state.positionPct - target) <= config.positionTolerancePct && state.status !== 'Stuck') {
    return stay({ ...state, restPct: regulation ? state.restPct : target }, [
      ...(requester === undefined
        ? []
        : [send(requester, { type: 'moved', valve: config.id, position: state.positionPct })]),
    ]);
  }
  const next: ValveState = {
    ...state,
    status: 'Operating',
    targetPct: target,
    requester,
    // a move someone asked for sets where the valve rests; the valve's own throttling does not
    restPct: regulation ? state.restPct : target,
    regulating: regulation ? state.regulating : false,
  };
  return transition(ctx, state, next, `moving to ${target} %: ${reason}`, [
    command(config.id, 'set_position', reason, target),
    schedule('move-timeout', config.moveTimeoutMs),
  ]);
}

function onPosition(
  ctx: Ctx,
  state: ValveState,
  position: number,
  config: ValveConfig,
): Transition<ValveState> {
  const next = { ...state, positionPct: position };
  const arrived = Math.abs(position - state.targetPct) <= config.positionTolerancePct;
  if ((state.status === 'Operating' || state.status === 'Stuck') && arrived) {
    const done = {
      ...next,
      status: restingStatus(position, config.positionTolerancePct),
      operations: state.operations + 1,
      requester: undefined,
    };
    return transition(ctx, state, done, `reached ${position} %`, [
      { type: 'cancel', key: 'move-timeout' },
      ...reply(state, { type: 'moved', valve: config.id, position }),
    ]);
  }
  // At rest the position can still change (a crew, a failing actuator): the named state follows it.
  if (atRest(state))
    return transition(
      ctx,
      state,
      { ...next, status: restingStatus(position, config.positionTolerancePct) },
      `position ${position} %`,
    );
  return stay(next);
}

function regulate(
  ctx: Ctx,
  state: ValveState,
  pressure: number,
  config: ValveConfig,
): Transition<ValveState> {
  const max = config.maxDownstreamPressureM;
  const target = config.targetDownstreamPressureM;
  if (
    max === undefined ||
    target === undefined ||
    config.actuator === 'manual' ||
    config.valveType === 'check'
  )
    return stay(state);
  if (state.status !== 'Open' && state.status !== 'Throttling') return stay(state); // closed, moving, stuck or in maintenance
  const band = config.pressureDeadbandM;
  // Start at the maximum, then keep closing until the target, so the valve does not sit
  // at the limit stepping in and out.
  const regulating = pressure > max || (state.regulating && pressure > target + band);
  if (regulating) {
    const position = Math.max(config.minThrottlePct, state.positionPct - config.throttleStepPct);
    if (position >= state.positionPct) return stay({ ...state, regulating });
    return move(
      ctx,
      { ...state, regulating },
      position,
      { reason: `pressure ${pressure} m above ${pressure <= max ? 'target' : 'max'}`, regulation: true },
      config,
    );
  }
  if (pressure < target - band && state.positionPct < state.restPct - config.positionTolerancePct) {
    const position = Math.min(state.restPct, state.positionPct + config.throttleStepPct);
    return move(
      ctx,
      { ...state, regulating: false },
      position,
      { reason: `pressure ${pressure} m below target, opening`, regulation: true },
      config,
    );
  }
  return stay({ ...state, regulating });
}
