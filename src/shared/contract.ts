// The one contract between the renderer and the core.
//
// Every renderer→core request (name → args → result, with the permission it needs) and
// every core→renderer push (name → payload) is declared here, once. The core validates
// every incoming envelope and argument against these schemas before anything runs; the
// IPC and WebSocket transports only move the JSON strings these envelopes serialise to.
import { z } from 'zod';
import { Permission, Role } from './access';
import { NetworkModel } from './network';

// ---------------------------------------------------------------- limits

/** Largest message either transport accepts; a bigger one gets a `too_large` reply. */
export const MAX_MESSAGE_BYTES = 32 * 1024 * 1024;
/** Largest .inp the console opens (NJ1, 15,000 nodes, is 3.6 MB). */
export const MAX_INP_CHARS = 30 * 1024 * 1024;

// ---------------------------------------------------------------- shared payloads

export const Speed = z.union([z.number().positive().max(100_000), z.literal('max')]);
export type Speed = z.infer<typeof Speed>;

export const ClockState = z.object({
  /** simulated time, ms since the Unix epoch */
  now: z.number(),
  /** simulated seconds per wall second, or as fast as the machine goes */
  speed: Speed,
  running: z.boolean(),
});
export type ClockState = z.infer<typeof ClockState>;

/** Live hydraulic values, index-aligned with NetworkModel.nodes / .links. SI units. */
export const TwinFrame = z.object({
  /** the NetworkModel.loadId this frame belongs to: a frame of a replaced network is dropped */
  loadId: z.string(),
  /** simulated time of the solution, ms since the Unix epoch */
  t: z.number(),
  nodes: z.object({
    /** m of water column (tank: water level) */
    pressure: z.array(z.number()),
    /** m above datum */
    head: z.array(z.number()),
    /** L/s actually delivered (negative = inflow, e.g. a reservoir supplying) */
    demand: z.array(z.number()),
  }),
  links: z.object({
    /** L/s, positive from `from` to `to` */
    flow: z.array(z.number()),
    /** m/s */
    velocity: z.array(z.number()),
    /** 1 open, 0 closed */
    status: z.array(z.number()),
    /** pump relative speed, valve setting (PRV: m), otherwise 0 */
    setting: z.array(z.number()),
  }),
});
export type TwinFrame = z.infer<typeof TwinFrame>;

export const NetworkSummary = z.object({
  name: z.string(),
  nodes: z.number(),
  links: z.number(),
});
export type NetworkSummary = z.infer<typeof NetworkSummary>;

export const Actuation = z.discriminatedUnion('action', [
  z.object({ link: z.string().min(1).max(64), action: z.enum(['open', 'close']) }),
  z.object({ link: z.string().min(1).max(64), action: z.literal('speed'), value: z.number().min(0).max(2) }),
  z.object({
    link: z.string().min(1).max(64),
    action: z.literal('setting'),
    value: z.number().min(0).max(1e6),
  }),
]);
export type Actuation = z.infer<typeof Actuation>;

/** An agent as the console lists it: every pipe, pump, valve, tank, hydrant, instrument, zone. */
export const AgentSummary = z.object({
  id: z.string(),
  kind: z.string(),
  zone: z.string().nullable(),
  /** the state of its state machine, e.g. Running, Low_Battery, Possible_Leak */
  status: z.string(),
  /** init, active, restarting, shutting_down, offline */
  lifecycle: z.string(),
  /** the network element it stands for (an instrument: the element it measures) */
  element: z.string().nullable(),
});
export type AgentSummary = z.infer<typeof AgentSummary>;

export const AgentAlert = z.object({
  time: z.number(),
  agent: z.string(),
  kind: z.string(),
  priority: z.number().int().min(1).max(4),
  type: z.string(),
  message: z.string(),
});
export type AgentAlert = z.infer<typeof AgentAlert>;

export const StateChange = z.object({
  agent: z.string(),
  kind: z.string(),
  from: z.string(),
  to: z.string(),
  time: z.number(),
  reason: z.string(),
});

// ---------------------------------------------------------------- requests

const request = <A extends z.ZodType, R extends z.ZodType>(permission: Permission, args: A, result: R) => ({
  permission,
  args,
  result,
});

export const requests = {
  /** Who am I, and what may I do. */
  'session.info': request(
    'view',
    z.object({}).strict(),
    z.object({ user: z.string(), role: Role, permissions: z.array(Permission) }),
  ),
  /** The network the twin is running, in SI units. */
  'network.get': request('view', z.object({}).strict(), NetworkModel),
  /** Replace the running network by an .inp the user picked (text, not a path: works on both transports). */
  'network.open': request(
    'configure',
    z.object({ fileName: z.string().min(1).max(255), inp: z.string().min(1).max(MAX_INP_CHARS) }).strict(),
    NetworkSummary,
  ),
  /** The latest solved hydraulic state, so a new window paints at once. */
  'twin.frame': request('view', z.object({}).strict(), TwinFrame),
  /** Change the state of a pump, valve or pipe in the simulated plant (training only). */
  'twin.actuate': request('simulate', Actuation, z.object({ ok: z.literal(true) })),
  'clock.get': request('view', z.object({}).strict(), ClockState),
  /** Every agent with its state. */
  'agents.list': request('view', z.object({}).strict(), z.object({ agents: z.array(AgentSummary) })),
  /** One agent in detail: its recent transitions and health. */
  'agents.get': request(
    'view',
    z.object({ id: z.string().min(1).max(128) }).strict(),
    z.object({
      agent: AgentSummary,
      /** its attributes (material, install date, thresholds…), flattened to `a.b` keys */
      attributes: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
      history: z.array(StateChange),
      health: z.object({
        eventsProcessed: z.number(),
        errors: z.number(),
        restarts: z.number(),
        lastActivity: z.number(),
      }),
    }),
  ),
  /** The latest alerts the agents raised for an operator, newest first: the last 50 of each priority. */
  'alerts.recent': request('view', z.object({}).strict(), z.object({ alerts: z.array(AgentAlert) })),
  /** Speed up, slow down, pause or resume the simulated clock. */
  'clock.set': request(
    'simulate',
    z.object({ speed: Speed.optional(), running: z.boolean().optional() }).strict(),
    ClockState,
  ),
} as const;

export type Requests = typeof requests;
export type RequestName = keyof Requests;
export type ArgsOf<N extends RequestName> = z.input<Requests[N]['args']>;
export type ResultOf<N extends RequestName> = z.output<Requests[N]['result']>;

// ---------------------------------------------------------------- pushes

// Pushes are coalesced per name by the core, latest wins, and flushed every ~50 ms; while
// the clock runs, clock.state is pushed at every flush.
export const pushes = {
  /** a new hydraulic solution (coalesced: at most one per transport flush) */
  'twin.frame': TwinFrame,
  'clock.state': ClockState,
  /** a different network is now running: fetch it with network.get */
  'network.loaded': NetworkSummary,
  /** agent id → state, for every agent whose state is not its kind's normal one (a full snapshot, latest wins) */
  'agents.abnormal': z.object({ loadId: z.string(), statuses: z.record(z.string(), z.string()) }),
  /** the latest agent alerts, newest first: the last 50 of each priority (a full snapshot, latest wins) */
  'alerts.recent': z.object({ alerts: z.array(AgentAlert) }),
} as const;

export type Pushes = typeof pushes;
export type PushName = keyof Pushes;
export type PayloadOf<N extends PushName> = z.output<Pushes[N]>;

// ---------------------------------------------------------------- envelopes

export const ErrorCode = z.enum([
  'malformed',
  'too_large',
  'unknown_request',
  'bad_args',
  /** a file the user gave (an .inp, a scenario) is not valid; the message says where */
  'invalid_file',
  'forbidden',
  'failed',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const RequestEnvelope = z
  .object({
    kind: z.literal('request'),
    id: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
    name: z.string().max(64),
    args: z.unknown(),
  })
  .strict();
export type RequestEnvelope = z.infer<typeof RequestEnvelope>;

export const ReplyEnvelope = z.union([
  z.object({ kind: z.literal('reply'), id: z.number().nullable(), ok: z.literal(true), result: z.unknown() }),
  z.object({
    kind: z.literal('reply'),
    id: z.number().nullable(),
    ok: z.literal(false),
    error: z.object({ code: ErrorCode, message: z.string() }),
  }),
]);
export type ReplyEnvelope = z.infer<typeof ReplyEnvelope>;

export const PushEnvelope = z.object({ kind: z.literal('push'), name: z.string(), payload: z.unknown() });
export type PushEnvelope = z.infer<typeof PushEnvelope>;

// ---------------------------------------------------------------- desktop bridge

/**
 * What the Electron preload exposes to the renderer as `window.aqueduct`: it moves the
 * envelope strings above, nothing else.
 */
export interface AqueductBridge {
  send(message: string): void;
  /** returns a function that stops listening */
  onMessage(callback: (message: string) => void): () => void;
}

export function isRequestName(name: string): name is RequestName {
  return Object.hasOwn(requests, name);
}
