/**
 * Control center agent: the whole network seen from the zones' reports. Computes network
 * KPIs, takes the cross-zone decisions (reduced pressure in non-critical zones during fire
 * flow) and raises the operator-facing alerts.
 *
 * Receives:   zone_report, zone_mode (zone coordinators), hydrant_opened / hydrant_closed
 *             (hydrants); timer kpi; operator acknowledge (no effect beyond the audit trail).
 * Publishes:  agent/control-center/<id>/state, agent/control-center/<id>/alert (zone in
 *             emergency, zone silent, network NRW high), network/kpi (every interval).
 * Sends:      reduce_pressure / restore_pressure to non-critical zones.
 *
 * Modes: Emergency (a zone in Emergency or Isolating, or fire flow anywhere), Alert (a zone
 * in Alert or Isolated, a silent zone, network NRW high), Normal. Derived from the zones,
 * like the zone's own mode.
 */
import { z } from 'zod';
import type { Behaviour, Effect, Transition } from '../runtime/behaviour';
import { agentId, ids, percent, positive } from './common/config';
import { alert, type Ctx, schedule, sendAll, stay, transition } from './common/effects';
import { type MessageOf, parseMessage } from './common/messages';
import { timerKey } from './common/operator';
import { HOUR, MINUTE } from './common/time';

export const ControlCenterConfig = z.object({
  id: agentId.default('control-center'),
  zones: ids,
  /** zones whose pressure may be reduced to help another zone through a fire flow */
  nonCriticalZones: ids,
  kpiIntervalMs: positive.default(15 * MINUTE),
  /** a zone not heard from for this long is reported as silent */
  zoneSilentMs: positive.default(HOUR),
  nrwAlertPct: percent.default(25),
});
export type ControlCenterConfig = z.output<typeof ControlCenterConfig>;

export type NetworkMode = 'Normal' | 'Alert' | 'Emergency';

export interface ZoneView {
  mode: string;
  lastHeard: number;
  report: Omit<MessageOf<'zone_report'>, 'type'> | undefined;
}

export interface ControlCenterState {
  status: NetworkMode;
  zones: Record<string, ZoneView>;
  /** open hydrants → their zone, when known */
  hydrants: Record<string, string | undefined>;
  /** zones asked to reduce pressure */
  throttled: string[];
  silent: string[];
  nrwHigh: boolean;
}

const NRW_DEADBAND_PCT = 5;
const ctxOf = (c: ControlCenterConfig, time: number): Ctx => ({ kind: 'control-center', id: c.id, time });

function modeOf(s: ControlCenterState): NetworkMode {
  const modes = Object.values(s.zones).map((z) => z.mode);
  if (Object.keys(s.hydrants).length > 0 || modes.some((m) => m === 'Emergency' || m === 'Isolating'))
    return 'Emergency';
  if (s.silent.length > 0 || s.nrwHigh || modes.some((m) => m === 'Alert' || m === 'Isolated'))
    return 'Alert';
  return 'Normal';
}

export const controlCenter: Behaviour<ControlCenterState, ControlCenterConfig> = {
  kind: 'control-center',
  init(config, now) {
    const zones: Record<string, ZoneView> = {};
    for (const z of config.zones) zones[z] = { mode: 'Normal', lastHeard: now, report: undefined };
    return {
      state: { status: 'Normal', zones, hydrants: {}, throttled: [], silent: [], nrwHigh: false },
      effects: [schedule('kpi', config.kpiIntervalMs)],
    };
  },

  handle(state, event, config) {
    const ctx = ctxOf(config, event.time);
    const msg = parseMessage(event);
    const heard = (zoneId: string, patch: Partial<ZoneView>): ControlCenterState => {
      const prev = state.zones[zoneId] ?? { mode: 'Normal', lastHeard: event.time, report: undefined };
      return {
        ...state,
        zones: { ...state.zones, [zoneId]: { ...prev, ...patch, lastHeard: event.time } },
        silent: state.silent.filter((z) => z !== zoneId),
      };
    };
    switch (msg?.type) {
      case 'zone_report': {
        const { type: _type, ...report } = msg;
        return settle(
          ctx,
          state,
          heard(msg.zone, { report, mode: msg.mode }),
          `report from ${msg.zone}`,
          config,
        );
      }
      case 'zone_mode': {
        const effects =
          (msg.mode === 'Emergency' || msg.mode === 'Isolating') && state.zones[msg.zone]?.mode !== msg.mode
            ? [alert(ctx, 1, 'zone_emergency', `zone ${msg.zone} ${msg.mode}: ${msg.reason}`)]
            : [];
        return settle(
          ctx,
          state,
          heard(msg.zone, { mode: msg.mode }),
          `zone ${msg.zone} ${msg.mode}`,
          config,
          effects,
        );
      }
      case 'hydrant_opened':
        return settle(
          ctx,
          state,
          { ...state, hydrants: { ...state.hydrants, [msg.hydrant]: msg.zone } },
          `hydrant ${msg.hydrant} open`,
          config,
          [alert(ctx, 2, 'fire_flow', `hydrant ${msg.hydrant} open at ${msg.flowLps} L/s`)],
        );
      case 'hydrant_closed': {
        const { [msg.hydrant]: _closed, ...hydrants } = state.hydrants;
        return settle(ctx, state, { ...state, hydrants }, `hydrant ${msg.hydrant} closed`, config);
      }
      default:
        break;
    }
    if (timerKey(event) === 'kpi') return kpi(ctx, state, config);
    return stay(state);
  },

  status: (state) => state.status,
};

/**
 * Re-derive the mode and the cross-zone decision: while any hydrant flows, the
 * non-critical zones other than the hydrants' own run at reduced pressure.
 */
function settle(
  ctx: Ctx,
  from: ControlCenterState,
  next: ControlCenterState,
  why: string,
  config: ControlCenterConfig,
  effects: Effect[] = [],
): Transition<ControlCenterState> {
  const fireZones = new Set(Object.values(next.hydrants));
  const wanted =
    Object.keys(next.hydrants).length === 0 ? [] : config.nonCriticalZones.filter((z) => !fireZones.has(z));
  const reduce = wanted.filter((z) => !next.throttled.includes(z));
  const restore = next.throttled.filter((z) => !wanted.includes(z));
  const decided: Effect[] = [
    ...sendAll(reduce, { type: 'reduce_pressure', reason: 'fire flow elsewhere in the network' }),
    ...sendAll(restore, { type: 'restore_pressure', reason: 'fire flow over' }),
  ];
  const state = { ...next, throttled: wanted };
  return transition(ctx, from, { ...state, status: modeOf(state) }, why, [...effects, ...decided]);
}

function kpi(
  ctx: Ctx,
  state: ControlCenterState,
  config: ControlCenterConfig,
): Transition<ControlCenterState> {
  // only zones that can tell consumption from losses (they have customer meters) count
  const reports = Object.values(state.zones).flatMap((z) =>
    z.report === undefined || z.report.nrwPct === null ? [] : [z.report],
  );
  const inflowL = reports.reduce((a, r) => a + r.inflowL, 0);
  const consumptionL = reports.reduce((a, r) => a + r.consumptionL, 0);
  const lossesL = inflowL - consumptionL;
  const nrwPct = inflowL > 0 ? (100 * lossesL) / inflowL : null;
  const nrwHigh =
    nrwPct === null
      ? state.nrwHigh
      : nrwPct > config.nrwAlertPct || (state.nrwHigh && nrwPct > config.nrwAlertPct - NRW_DEADBAND_PCT);
  const silent = Object.entries(state.zones)
    .filter(([, z]) => ctx.time - z.lastHeard >= config.zoneSilentMs)
    .map(([id]) => id);
  const byMode: Record<string, number> = {};
  for (const z of Object.values(state.zones)) byMode[z.mode] = (byMode[z.mode] ?? 0) + 1;
  const effects: Effect[] = [
    ...silent
      .filter((z) => !state.silent.includes(z))
      .map((z) =>
        alert(
          ctx,
          2,
          'zone_silent',
          `no report from zone ${z} for ${Math.round(config.zoneSilentMs / MINUTE)} min`,
        ),
      ),
    ...(nrwHigh && !state.nrwHigh
      ? [alert(ctx, 3, 'network_nrw_high', `network NRW ${nrwPct?.toFixed(0)} %`)]
      : []),
    {
      type: 'publish',
      topic: 'network/kpi',
      payload: {
        time: ctx.time,
        zones: Object.keys(state.zones).length,
        reporting: reports.length,
        byMode,
        silent,
        inflowL,
        consumptionL,
        lossesL,
        nrwPct,
        openHydrants: Object.keys(state.hydrants),
        throttledZones: state.throttled,
      },
    },
    schedule('kpi', config.kpiIntervalMs),
  ];
  const next = { ...state, silent, nrwHigh };
  return transition(ctx, state, { ...next, status: modeOf(next) }, 'network KPIs', effects);
}
