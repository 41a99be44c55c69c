// The one contract between the renderer and the core.
//
// Every renderer→core request (name → args → result, with the permission it needs) and
// every core→renderer push (name → payload) is declared here, once. The core validates
// every incoming envelope and argument against these schemas before anything runs; the
// IPC and WebSocket transports only move the JSON strings these envelopes serialise to.
import { z } from 'zod';
import { Permission, Role } from './access';
import { NetworkModel } from './network';
import {
  AlarmActionResult,
  AlarmJournalEntryView,
  AlarmKpisView,
  AlarmSummary,
  AuditRecordView,
  AuthStatus,
  CommandOutcome,
  CommandTargetView,
  CommandValue,
  CommandView,
  ConnectionSettings,
  ConnectionView,
  InjectedEvent,
  LeakIncidentView,
  LoginReply,
  NetworkKpis,
  Password,
  SessionInfo,
  TagMapFile,
  TagSampleView,
  TrainingStatus,
  TrendSeries,
  UserId,
  UserView,
} from './operations';

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

/**
 * `public` requests are answered before login (the login itself, the first-run setup); every
 * other request needs an active (not locked) session whose role has the permission.
 * `selfAudited` requests are audited by the service they reach, with more detail than the
 * dispatcher has (every login attempt, every step of a command); the dispatcher still audits
 * their refusals.
 */
type Access = Permission | 'public';

const request = <A extends z.ZodType, R extends z.ZodType>(
  permission: Access,
  args: A,
  result: R,
  options: { selfAudited?: boolean } = {},
) => ({ permission, args, result, selfAudited: options.selfAudited ?? false });

const none = z.object({}).strict();
const ok = z.object({ ok: z.literal(true) });
const comment = z.string().max(500).optional();
const alarmId = z.string().min(1).max(200);
const commandId = z.object({ id: z.string().min(1).max(64) }).strict();

export const requests = {
  // ---- sessions (IEC 62443-3-3 SR 1.1, 1.5, 2.5)
  /** Is there a session on this connection, and does the console still need its first administrator? */
  'auth.status': request('public', none, AuthStatus),
  /** Create the first administrator (only while there is no user at all) and log in as it. */
  'auth.setup': request(
    'public',
    z
      .object({
        user: UserId,
        password: Password,
        displayName: z.string().max(100).optional(),
        /** printed by the console where it was started; required on the web transport */
        setupCode: z.string().max(64).optional(),
      })
      .strict(),
    LoginReply,
    { selfAudited: true },
  ),
  'auth.login': request(
    'public',
    z.object({ user: z.string().max(200), password: z.string().max(4096) }).strict(),
    LoginReply,
    { selfAudited: true },
  ),
  /** Attach a session this client logged in earlier (after a reconnect or a page reload). */
  'auth.resume': request('public', z.object({ token: z.string().min(1).max(128) }).strict(), SessionInfo, {
    selfAudited: true,
  }),
  /** A locked session's own user gives the password again. */
  'auth.unlock': request('public', z.object({ password: z.string().max(4096) }).strict(), SessionInfo, {
    selfAudited: true,
  }),
  'auth.logout': request('public', none, ok, { selfAudited: true }),
  /** Who am I, and what may I do. */
  'session.info': request('view', none, SessionInfo),

  // ---- users (admin only; the last active admin cannot be removed)
  'users.list': request('administer', none, z.object({ users: z.array(UserView) }), { selfAudited: true }),
  'users.create': request(
    'administer',
    z
      .object({ id: UserId, displayName: z.string().max(100).optional(), role: Role, password: Password })
      .strict(),
    UserView,
    { selfAudited: true },
  ),
  'users.setRole': request('administer', z.object({ id: UserId, role: Role }).strict(), UserView, {
    selfAudited: true,
  }),
  'users.setEnabled': request(
    'administer',
    z.object({ id: UserId, enabled: z.boolean() }).strict(),
    UserView,
    {
      selfAudited: true,
    },
  ),
  'users.resetPassword': request(
    'administer',
    z.object({ id: UserId, password: Password }).strict(),
    UserView,
    { selfAudited: true },
  ),

  // ---- the network and the simulated plant
  /** The network the twin is running, in SI units. */
  'network.get': request('view', none, NetworkModel),
  /** Replace the running network by an .inp the user picked (text, not a path: works on both transports). */
  'network.open': request(
    'configure',
    z.object({ fileName: z.string().min(1).max(255), inp: z.string().min(1).max(MAX_INP_CHARS) }).strict(),
    NetworkSummary,
  ),
  /** The latest solved hydraulic state, so a new window paints at once. */
  'twin.frame': request('view', none, TwinFrame),
  /** Change the state of a pump, valve or pipe in the simulated plant (training only). */
  'twin.actuate': request('simulate', Actuation, ok),
  'clock.get': request('view', none, ClockState),
  /** Speed up, slow down, pause or resume the simulated clock. */
  'clock.set': request(
    'simulate',
    z.object({ speed: Speed.optional(), running: z.boolean().optional() }).strict(),
    ClockState,
  ),

  // ---- agents
  /** Every agent with its state. */
  'agents.list': request('view', none, z.object({ agents: z.array(AgentSummary) })),
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
  'alerts.recent': request('view', none, z.object({ alerts: z.array(AgentAlert) })),

  // ---- alarms (ISA-18.2)
  'alarms.summary': request('view', none, AlarmSummary),
  /** Acknowledge one or more alarms; each answers for itself (an alarm already acked is not an error). */
  'alarms.ack': request(
    'operate',
    z.object({ ids: z.array(alarmId).min(1).max(1000), comment }).strict(),
    AlarmActionResult,
  ),
  /** Take an alarm off the summary for a while (ISA-18.2: shelving is always time-limited). */
  'alarms.shelve': request(
    'operate',
    z
      .object({ id: alarmId, minutes: z.number().int().min(1).max(720), comment: z.string().min(1).max(500) })
      .strict(),
    AlarmActionResult,
  ),
  'alarms.unshelve': request('operate', z.object({ id: alarmId, comment }).strict(), AlarmActionResult),
  /** Out of service (maintenance of the instrument) and back: an engineer's decision. */
  'alarms.setInService': request(
    'configure',
    z.object({ id: alarmId, inService: z.boolean(), comment: z.string().min(1).max(500) }).strict(),
    AlarmActionResult,
  ),
  /** Alarm journal entries, newest first. */
  'alarms.journal': request(
    'view',
    z
      .object({
        from: z.number().optional(),
        to: z.number().optional(),
        alarmId: alarmId.optional(),
        limit: z.number().int().min(1).max(5000).default(500),
      })
      .strict(),
    z.object({ entries: z.array(AlarmJournalEntryView) }),
  ),
  /** Alarm-system KPIs over a time range (default: the last 24 h of simulated time). */
  'alarms.kpis': request(
    'view',
    z.object({ from: z.number().optional(), to: z.number().optional() }).strict(),
    AlarmKpisView,
  ),

  // ---- commands: select → operate (→ approve) → interlocks → write → readback
  /** What may be commanded, and how; one target or all. */
  'commands.targets': request(
    'view',
    z.object({ target: z.string().min(1).max(64).optional() }).strict(),
    z.object({ targets: z.array(CommandTargetView) }),
  ),
  'commands.select': request(
    'operate',
    z
      .object({
        target: z.string().min(1).max(64),
        action: z.string().min(1).max(64),
        value: CommandValue.optional(),
      })
      .strict(),
    CommandOutcome,
    { selfAudited: true },
  ),
  'commands.operate': request(
    'operate',
    z.object({ id: z.string().min(1).max(64), override: z.boolean().optional() }).strict(),
    CommandOutcome,
    { selfAudited: true },
  ),
  /** A second operator approves a critical command. */
  'commands.approve': request('operate', commandId, CommandOutcome, { selfAudited: true }),
  'commands.cancel': request('operate', commandId, CommandOutcome, { selfAudited: true }),
  'commands.get': request('view', commandId, z.object({ command: CommandView.nullable() })),
  /** Commands in progress and the latest finished ones, newest first. */
  'commands.recent': request('view', none, z.object({ commands: z.array(CommandView) })),

  // ---- trends, KPIs and diagnostics
  /** Every tag the historian holds (`<element>.<quantity>`), with its unit. */
  'history.tags': request(
    'view',
    none,
    z.object({ tags: z.array(z.object({ tag: z.string(), unit: z.string().nullable() })) }),
  ),
  /** Trend data for up to 8 tags; the historian picks raw samples or rollups by the range. */
  'history.query': request(
    'view',
    z
      .object({
        tags: z.array(z.string().min(1).max(200)).min(1).max(8),
        from: z.number(),
        to: z.number(),
        maxPoints: z.number().int().min(10).max(10_000).default(1500),
      })
      .strict(),
    z.object({ series: z.array(TrendSeries) }),
  ),
  /** Raw samples as CSV (time, tag, value, unit, quality), at most 200,000 rows. */
  'history.csv': request(
    'view',
    z
      .object({ tags: z.array(z.string().min(1).max(200)).min(1).max(8), from: z.number(), to: z.number() })
      .strict(),
    z.object({ csv: z.string(), rows: z.number() }),
  ),
  /** The network overview: water balance per DMA, pressure compliance, energy, pumps, agent health. */
  'kpis.network': request('view', none, NetworkKpis),
  /** L4 diagnostics: agent runtime health, the busiest mailboxes, storage and client counts. */
  'diagnostics.get': request(
    'view',
    none,
    z.object({
      time: z.number(),
      agents: z.object({
        total: z.number(),
        byLifecycle: z.record(z.string(), z.number()),
        eventsProcessed: z.number(),
        /** events the agents handled per simulated second since the last look */
        eventsPerSecond: z.number().nullable(),
        errors: z.number(),
        restarts: z.number(),
        dropped: z.number(),
        mailboxDepth: z.object({ total: z.number(), max: z.number(), deepest: z.string().nullable() }),
        attention: z.array(
          z.object({
            id: z.string(),
            lifecycle: z.string(),
            errors: z.number(),
            restarts: z.number(),
            dropped: z.number(),
          }),
        ),
      }),
      historian: z.object({ tags: z.number() }),
      clients: z.number(),
    }),
  ),

  // ---- leak incidents (detection → localization → isolation → work order)
  /** Current and past incidents, newest first. */
  'leaks.incidents': request('view', none, z.object({ incidents: z.array(LeakIncidentView) })),
  /** An operator accepts the isolation the agents proposed (advise mode): the valves close through the command path. */
  'leaks.approve': request('operate', z.object({ id: z.string().min(1).max(64) }).strict(), LeakIncidentView),
  /** The leak is repaired (or was none): the incident closes and detection re-arms; valves stay as they are. */
  'leaks.resolve': request('operate', z.object({ id: z.string().min(1).max(64) }).strict(), LeakIncidentView),

  // ---- field connections (Modbus, MQTT / Sparkplug B, OPC UA)
  'connections.list': request('view', none, z.object({ connections: z.array(ConnectionView) })),
  /** Connect once with these settings and report, without keeping the connection. */
  'connections.test': request(
    'configure',
    z.object({ settings: ConnectionSettings, tagMap: TagMapFile.optional() }).strict(),
    z.object({ ok: z.boolean(), detail: z.string(), ms: z.number() }),
  ),
  /** Add a connection and keep it running (and across restarts). */
  'connections.add': request(
    'configure',
    z.object({ settings: ConnectionSettings, tagMap: TagMapFile }).strict(),
    ConnectionView,
  ),
  'connections.remove': request('configure', z.object({ id: z.string().min(1).max(64) }).strict(), ok),
  /** The tag monitor: each point's latest value, quality with its reason, and timestamps. */
  'connections.monitor': request(
    'view',
    z
      .object({ id: z.string().min(1).max(64), points: z.array(z.string().max(200)).max(10_000).optional() })
      .strict(),
    z.object({ samples: z.array(TagSampleView) }),
  ),
  /** An OPC UA connection's address space, one level under `nodeId` (the tag picker). */
  'connections.browse': request(
    'configure',
    z.object({ id: z.string().min(1).max(64), nodeId: z.string().max(4096).optional() }).strict(),
    z.object({
      entries: z.array(
        z.object({
          nodeId: z.string(),
          browseName: z.string(),
          displayName: z.string(),
          nodeClass: z.string(),
          isVariable: z.boolean(),
        }),
      ),
    }),
  ),
  /** An OPC UA server's endpoints and the security they offer. */
  'connections.discover': request(
    'configure',
    z.object({ endpointUrl: z.string().min(1).max(1024) }).strict(),
    z.object({
      endpoints: z.array(
        z.object({
          endpointUrl: z.string(),
          securityMode: z.string(),
          securityPolicy: z.string(),
          userTokens: z.array(z.string()),
          serverCertificateThumbprint: z.string().optional(),
        }),
      ),
    }),
  ),
  /** OPC UA server certificates this console has trusted or rejected. */
  'connections.certificates': request(
    'configure',
    none,
    z.object({
      certificates: z.array(z.object({ file: z.string(), status: z.enum(['trusted', 'rejected']) })),
    }),
  ),
  'connections.trust': request(
    'configure',
    z.object({ file: z.string().min(1).max(512), trusted: z.boolean() }).strict(),
    ok,
  ),
  /** Serial ports for a Modbus RTU connection. */
  'connections.serialPorts': request(
    'configure',
    none,
    z.object({ ports: z.array(z.object({ path: z.string(), manufacturer: z.string().optional() })) }),
  ),

  // ---- training (a trainer runs an emergency on the simulated plant)
  'training.status': request('view', none, TrainingStatus),
  /** Start a scenario file on the running network (or the demo town): its events run from now. */
  'training.start': request(
    'simulate',
    z.object({ fileName: z.string().min(1).max(255), text: z.string().min(1).max(2_000_000) }).strict(),
    TrainingStatus,
  ),
  /** Make something happen in the plant now: a leak at a pipe, a pump trip, a sensor fault… */
  'training.inject': request('simulate', InjectedEvent, TrainingStatus),
  /** End the session: the final score. */
  'training.stop': request('simulate', none, TrainingStatus),

  // ---- audit trail (admin)
  /** Audit records, newest first, optionally before a sequence number (paging back). */
  'audit.query': request(
    'administer',
    z
      .object({
        beforeSeq: z.number().int().positive().optional(),
        limit: z.number().int().min(1).max(1000).default(200),
        user: z.string().max(64).optional(),
        action: z.string().max(64).optional(),
      })
      .strict(),
    z.object({ records: z.array(AuditRecordView), head: z.object({ seq: z.number(), hash: z.string() }) }),
  ),
  /** Walk the whole hash chain. */
  'audit.verify': request(
    'administer',
    none,
    z.object({ ok: z.boolean(), records: z.number(), problem: z.string().optional() }),
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
  /** the alarm summary, counters and banner (a full snapshot, latest wins) */
  'alarms.summary': AlarmSummary,
  /** leak incidents, newest first, after any of them changed (a full snapshot, latest wins) */
  'leaks.incidents': z.object({ incidents: z.array(LeakIncidentView) }),
  /** field connections' status (a full snapshot, latest wins) */
  'connections.status': z.object({ connections: z.array(ConnectionView) }),
  /** the network overview, about once a simulated minute */
  'kpis.network': NetworkKpis,
  /** the training session changed: an event ran, the score moved */
  'training.status': TrainingStatus,
  /** commands in progress and the latest finished ones (a full snapshot, latest wins) */
  'commands.recent': z.object({ commands: z.array(CommandView) }),
  /** this connection's session locked (idle), was unlocked, or ended; sent to that connection only */
  'session.state': z.object({
    state: z.enum(['active', 'locked', 'ended']),
    reason: z.string().optional(),
  }),
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
  /** no session on this connection: log in first */
  'unauthenticated',
  /** the session is locked: unlock it with the password first */
  'locked',
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
