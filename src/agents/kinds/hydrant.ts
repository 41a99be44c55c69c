/**
 * Hydrant agent: notices a hydrant opening from the jump in its flow, tells the network
 * that demand is rising, and keeps the inspection and maintenance record.
 *
 * Subscribes: reading/<id>/flow (L/s).
 * Receives:   timer inspection-check (daily); operator inspect { result }, report_defect,
 *             report_blocked, clear_blockage, maintenance_start, maintenance_end, repair.
 * Publishes:  agent/hydrant/<id>/state, agent/hydrant/<id>/alert (in use, inspection due,
 *             flow while out of service).
 * Sends:      demand_rising / demand_normal to its pipes and pumps, hydrant_opened /
 *             hydrant_closed to the control center and the zone coordinator.
 *
 * States: Available, In_Use, Inspection_Due, Maintenance_Required, Out_of_Service, Blocked.
 * In_Use remembers the state it came from and returns to it when the flow stops.
 */
import { z } from 'zod';
import type { Behaviour, Effect, Transition } from '../runtime/behaviour';
import { agentId, ids, isoDate, nonNegative, positive } from './common/config';
import { alert, type Ctx, schedule, sendAll, stay, transition } from './common/effects';
import { parseOperator, timerKey } from './common/operator';
import { parseReading, readingTopic, usable } from './common/reading';
import { DAY, isoToMs } from './common/time';

export const HydrantConfig = z.object({
  id: agentId,
  /** the junction it stands on */
  node: agentId.optional(),
  outlets: z.number().int().min(1).max(4).default(2),
  /** rated flow, L/s (1,500 L/min = 25 L/s) */
  flowCapacityLps: positive.default(25),
  lastInspection: isoDate.optional(),
  inspectionIntervalDays: positive.default(365),
  accessibility: z.enum(['accessible', 'obstructed']).default('accessible'),
  /** supply pipes and pumps told that demand is rising */
  pipes: ids,
  pumps: ids,
  controlCenter: agentId.default('control-center'),
  zone: agentId.optional(),
  /** a rise of the flow by this much is an opening */
  openJumpLps: positive.default(2),
  /** at or below this the hydrant counts as closed again */
  closeFlowLps: nonNegative.default(0.5),
});
export type HydrantConfig = z.output<typeof HydrantConfig>;

export type HydrantStatus =
  'Available' | 'In_Use' | 'Inspection_Due' | 'Maintenance_Required' | 'Out_of_Service' | 'Blocked';

export interface HydrantState {
  status: HydrantStatus;
  /** where to return when the flow stops */
  resume: HydrantStatus;
  flowLps: number;
  lastInspection: number | undefined;
}

const ctxOf = (c: HydrantConfig, time: number): Ctx => ({ kind: 'hydrant', id: c.id, time });
const overdue = (s: HydrantState, c: HydrantConfig, now: number) =>
  s.lastInspection === undefined || now - s.lastInspection > c.inspectionIntervalDays * DAY;

export const hydrant: Behaviour<HydrantState, HydrantConfig> = {
  kind: 'hydrant',
  init(config, now) {
    const lastInspection = isoToMs(config.lastInspection);
    const base: HydrantState = { status: 'Available', resume: 'Available', flowLps: 0, lastInspection };
    let status: HydrantStatus = config.accessibility === 'obstructed' ? 'Blocked' : 'Available';
    const effects: Effect[] = [
      { type: 'subscribe', topic: readingTopic(config.id, 'flow') },
      schedule('inspection-check', DAY),
    ];
    if (status === 'Available' && overdue(base, config, now)) {
      status = 'Inspection_Due';
      effects.push(alert(ctxOf(config, now), 4, 'inspection_due', `${config.id}: inspection overdue`));
    }
    return { state: { ...base, status, resume: status }, effects };
  },

  handle(state, event, config) {
    const ctx = ctxOf(config, event.time);
    const r = parseReading(event);
    if (r !== undefined) {
      return r.element === config.id && r.quantity === 'flow' && usable(r)
        ? onFlow(ctx, state, r.value, config)
        : stay(state);
    }
    const op = parseOperator(event);
    if (op !== undefined) {
      if (state.status === 'In_Use') return stay(state); // the record changes once the water stops
      const to = (status: HydrantStatus, why: string, patch: Partial<HydrantState> = {}) =>
        transition(ctx, state, { ...state, ...patch, status, resume: status }, why);
      switch (op.action) {
        case 'inspect':
          if (state.status !== 'Available' && state.status !== 'Inspection_Due') return stay(state);
          return op.result === 'fail'
            ? to('Maintenance_Required', 'failed inspection', { lastInspection: event.time })
            : to('Available', 'passed inspection', { lastInspection: event.time });
        case 'report_defect':
          if (state.status !== 'Available' && state.status !== 'Inspection_Due') return stay(state);
          return to('Maintenance_Required', 'defect reported');
        case 'maintenance_start':
          return state.status === 'Out_of_Service'
            ? stay(state)
            : to('Out_of_Service', 'taken out of service');
        case 'maintenance_end':
        case 'repair':
          if (state.status !== 'Out_of_Service' && state.status !== 'Maintenance_Required')
            return stay(state);
          // a repaired hydrant has just been looked at by the crew: that counts as its inspection
          return to('Available', 'repaired', { lastInspection: event.time });
        case 'report_blocked':
          if (state.status === 'Out_of_Service' || state.status === 'Blocked') return stay(state);
          return transition(
            ctx,
            state,
            { ...state, status: 'Blocked', resume: state.status },
            'access blocked',
          );
        case 'clear_blockage': {
          if (state.status !== 'Blocked') return stay(state);
          const back = state.resume === 'Blocked' ? 'Available' : state.resume;
          return to(
            back === 'Available' && overdue(state, config, event.time) ? 'Inspection_Due' : back,
            'access cleared',
          );
        }
        default:
          return stay(state);
      }
    }
    if (timerKey(event) === 'inspection-check') {
      const again = [schedule('inspection-check', DAY)];
      if (state.status !== 'Available' || !overdue(state, config, event.time)) return stay(state, again);
      return transition(
        ctx,
        state,
        { ...state, status: 'Inspection_Due', resume: 'Inspection_Due' },
        'inspection overdue',
        [...again, alert(ctx, 4, 'inspection_due', `${config.id}: inspection overdue`)],
      );
    }
    return stay(state);
  },

  status: (state) => state.status,
};

function onFlow(
  ctx: Ctx,
  state: HydrantState,
  flow: number,
  config: HydrantConfig,
): Transition<HydrantState> {
  const next = { ...state, flowLps: flow };
  const told = [...config.pipes, ...config.pumps];
  const center = [config.controlCenter, ...(config.zone === undefined ? [] : [config.zone])];
  if (state.status === 'In_Use') {
    if (flow > config.closeFlowLps) return stay(next);
    return transition(ctx, state, { ...next, status: state.resume }, 'flow stopped', [
      ...sendAll(told, { type: 'demand_normal', source: config.id }),
      ...sendAll(center, { type: 'hydrant_closed', hydrant: config.id }),
    ]);
  }
  if (flow - state.flowLps < config.openJumpLps) return stay(next);
  if (state.status === 'Out_of_Service') {
    // An isolated hydrant should not flow: a leak on it or unauthorised use, for a crew to check.
    return stay(next, [alert(ctx, 2, 'unexpected_flow', `${config.id}: ${flow} L/s while out of service`)]);
  }
  const why = `flow jumped to ${flow} L/s`;
  return transition(ctx, state, { ...next, status: 'In_Use', resume: state.status }, why, [
    alert(ctx, 3, 'hydrant_in_use', `${config.id}: ${why}`),
    ...sendAll(told, { type: 'demand_rising', source: config.id, flowLps: flow }),
    ...sendAll(center, {
      type: 'hydrant_opened',
      hydrant: config.id,
      flowLps: flow,
      ...(config.zone === undefined ? {} : { zone: config.zone }),
    }),
  ]);
}
