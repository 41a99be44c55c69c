/**
 * Customer meter agent: reads a smart meter's flow, cumulative volume and tamper flag and
 * recognises a premise leak (flow that never stops for 24 h), unusual use and tampering.
 *
 * Subscribes: reading/<id>/flow (L/s), reading/<id>/volume (cumulative m³), reading/<id>/tamper (0/1).
 * Receives:   timer watchdog; operator maintenance_start, maintenance_end, repair.
 * Publishes:  agent/meter/<id>/state, agent/meter/<id>/alert (premise leak, high flow,
 *             tamper, comms loss).
 * Sends:      premise_leak to the zone coordinator.
 *
 * States: Active, No_Flow (nothing for days), High_Flow, Possible_Leak (continuous flow >
 * 24 h), Tampered (latched until a crew repairs it), Offline (silent for 3 reading periods),
 * Maintenance. Precedence when several apply: Tampered, Offline, High_Flow, Possible_Leak, No_Flow.
 */
import { z } from 'zod';
import type { Behaviour, Effect, Transition } from '../runtime/behaviour';
import { agentId, positive } from './common/config';
import { alert, type Ctx, schedule, send, stay, transition } from './common/effects';
import { parseOperator, timerKey } from './common/operator';
import { parseReading, readingTopic, usable } from './common/reading';
import { HOUR, MINUTE } from './common/time';

/** peak flow that is still ordinary use, by customer type, L/s */
const HIGH_FLOW: Record<'residential' | 'commercial' | 'industrial', number> = {
  residential: 0.5,
  commercial: 3,
  industrial: 15,
};

export const MeterConfig = z
  .object({
    id: agentId,
    customer: z.string().default(''),
    meterType: z.enum(['residential', 'commercial', 'industrial']).default('residential'),
    supplyPipe: agentId.optional(),
    zone: agentId.optional(),
    /** flow at or above this counts as "water is running" (≈ 7 L/h, a dripping tap) */
    leakThresholdLps: positive.default(0.002),
    continuousFlowHours: positive.default(24),
    highFlowLps: positive.optional(),
    noFlowHours: positive.default(72),
    readingPeriodMs: positive.default(15 * MINUTE),
    missedPeriodsForOffline: z.number().int().positive().default(3),
  })
  .transform((c) => ({ ...c, highFlowLps: c.highFlowLps ?? HIGH_FLOW[c.meterType] }));
export type MeterConfig = z.output<typeof MeterConfig>;

export type MeterStatus =
  'Active' | 'No_Flow' | 'High_Flow' | 'Possible_Leak' | 'Tampered' | 'Offline' | 'Maintenance';

export interface MeterState {
  status: MeterStatus;
  flowLps: number | undefined;
  /** start of the current run of uninterrupted flow */
  flowingSince: number | undefined;
  /** start of the current run of zero flow */
  idleSince: number | undefined;
  high: boolean;
  tampered: boolean;
  offline: boolean;
  inMaintenance: boolean;
  lastVolumeM3: number | undefined;
  lastReadingAt: number;
}

const ctxOf = (c: MeterConfig, time: number): Ctx => ({ kind: 'meter', id: c.id, time });
const silenceLimit = (c: MeterConfig) => c.readingPeriodMs * c.missedPeriodsForOffline;
/** a backwards step of the register larger than this is not rounding */
const REVERSE_M3 = 0.001;

function derive(s: MeterState, c: MeterConfig, now: number): MeterStatus {
  if (s.inMaintenance) return 'Maintenance';
  if (s.tampered) return 'Tampered';
  if (s.offline) return 'Offline';
  if (s.high) return 'High_Flow';
  if (s.flowingSince !== undefined && now - s.flowingSince >= c.continuousFlowHours * HOUR)
    return 'Possible_Leak';
  if (s.idleSince !== undefined && now - s.idleSince >= c.noFlowHours * HOUR) return 'No_Flow';
  return 'Active';
}

export const meter: Behaviour<MeterState, MeterConfig> = {
  kind: 'meter',
  init(config, now) {
    return {
      state: {
        status: 'Active',
        flowLps: undefined,
        flowingSince: undefined,
        idleSince: undefined,
        high: false,
        tampered: false,
        offline: false,
        inMaintenance: false,
        lastVolumeM3: undefined,
        lastReadingAt: now,
      },
      effects: [
        ...['flow', 'volume', 'tamper'].map((q): Effect => ({
          type: 'subscribe',
          topic: readingTopic(config.id, q),
        })),
        schedule('watchdog', silenceLimit(config)),
      ],
    };
  },

  handle(state, event, config) {
    const ctx = ctxOf(config, event.time);
    const r = parseReading(event);
    if (r !== undefined) {
      if (r.element !== config.id) return stay(state);
      const wasOffline = state.offline;
      const alive = { ...state, lastReadingAt: event.time, offline: false };
      const rearm = wasOffline ? [schedule('watchdog', silenceLimit(config))] : [];
      if (!usable(r)) return settle(ctx, state, alive, 'reading resumed', config, rearm);
      switch (r.quantity) {
        case 'flow':
          return settle(
            ctx,
            state,
            onFlow(alive, r.value, event.time, config),
            `flow ${r.value} L/s`,
            config,
            rearm,
          );
        case 'volume': {
          const reversed = state.lastVolumeM3 !== undefined && r.value < state.lastVolumeM3 - REVERSE_M3;
          const next = { ...alive, lastVolumeM3: r.value, tampered: state.tampered || reversed };
          return settle(
            ctx,
            state,
            next,
            reversed ? `register ran backwards to ${r.value} m³` : 'volume',
            config,
            rearm,
          );
        }
        case 'tamper':
          return settle(
            ctx,
            state,
            { ...alive, tampered: state.tampered || r.value >= 1 },
            'tamper flag',
            config,
            rearm,
          );
        default:
          return stay(state);
      }
    }
    const op = parseOperator(event);
    if (op !== undefined) {
      switch (op.action) {
        case 'maintenance_start':
          return settle(ctx, state, { ...state, inMaintenance: true }, 'maintenance started', config);
        case 'maintenance_end':
          return settle(ctx, state, { ...state, inMaintenance: false }, 'maintenance ended', config);
        case 'repair':
          // A crew has seen the meter: tamper latch released, leak timers start over.
          return settle(
            ctx,
            state,
            {
              ...state,
              inMaintenance: false,
              tampered: false,
              flowingSince: undefined,
              idleSince: undefined,
              high: false,
            },
            'repaired',
            config,
          );
        default:
          return stay(state);
      }
    }
    if (timerKey(event) === 'watchdog') {
      const silent = event.time - state.lastReadingAt;
      if (state.offline) return stay(state);
      if (silent < silenceLimit(config))
        return stay(state, [schedule('watchdog', silenceLimit(config) - silent)]);
      return settle(ctx, state, { ...state, offline: true }, `no reading for ${silent} ms`, config);
    }
    return stay(state);
  },

  status: (state) => state.status,
};

function onFlow(state: MeterState, flow: number, now: number, config: MeterConfig): MeterState {
  // Leaving a state needs a clear margin: half the leak threshold to stop a leak run,
  // 80 % of the high-flow limit to end high flow.
  const leakConfirmed =
    state.flowingSince !== undefined && now - state.flowingSince >= config.continuousFlowHours * HOUR;
  const stopBelow = leakConfirmed ? config.leakThresholdLps / 2 : config.leakThresholdLps;
  const running = flow >= config.leakThresholdLps || (state.flowingSince !== undefined && flow >= stopBelow);
  return {
    ...state,
    flowLps: flow,
    flowingSince: running ? (state.flowingSince ?? now) : undefined,
    idleSince: flow <= 0 ? (state.idleSince ?? now) : undefined,
    high: flow >= config.highFlowLps || (state.high && flow >= 0.8 * config.highFlowLps),
  };
}

function settle(
  ctx: Ctx,
  from: MeterState,
  next: MeterState,
  why: string,
  config: MeterConfig,
  extra: Effect[] = [],
): Transition<MeterState> {
  const status = derive(next, config, ctx.time);
  const effects = [...extra];
  if (status !== from.status) {
    switch (status) {
      case 'Possible_Leak': {
        const hours = ((ctx.time - next.flowingSince!) / HOUR).toFixed(0);
        effects.push(
          alert(ctx, 3, 'premise_leak', `${config.id} (${config.customer}): water running for ${hours} h`),
        );
        if (config.zone !== undefined) {
          effects.push(
            send(config.zone, {
              type: 'premise_leak',
              meter: config.id,
              customer: config.customer,
              flowLps: next.flowLps ?? 0,
              sinceMs: next.flowingSince!,
            }),
          );
        }
        break;
      }
      case 'High_Flow':
        effects.push(alert(ctx, 3, 'high_flow', `${config.id}: ${next.flowLps} L/s`));
        break;
      case 'Tampered':
        effects.push(alert(ctx, 2, 'tamper', `${config.id}: ${why}`));
        break;
      case 'Offline':
        effects.push(alert(ctx, 4, 'comms_loss', `${config.id}: ${why}`));
        break;
      default:
        break;
    }
  }
  return transition(ctx, from, { ...next, status }, why, effects);
}
