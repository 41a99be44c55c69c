// What the console shows an operator of the core services: logins, alarms (ISA-18.2), commands
// (select-before-operate) and the audit trail. Payload schemas only; the requests that carry
// them are declared in contract.ts.
import { z } from 'zod';
import { Permission, Role } from './access';

// ---------------------------------------------------------------- sessions and users

export const SessionInfo = z.object({
  user: z.string(),
  displayName: z.string(),
  role: Role,
  permissions: z.array(Permission),
  /** a locked session needs its own user's password again before anything else */
  locked: z.boolean(),
  /** ms since the epoch (wall time): the session ends then, locked or not */
  expiresAt: z.number(),
});
export type SessionInfo = z.infer<typeof SessionInfo>;

export const LoginReply = z.object({
  /** presented again with auth.resume after a reconnect or a reload; never logged */
  token: z.string(),
  session: SessionInfo,
});
export type LoginReply = z.infer<typeof LoginReply>;

export const AuthStatus = z.object({
  /** no user exists yet: the console shows the first-administrator form */
  setupRequired: z.boolean(),
  /** the form must carry the one-time setup code the console printed where it was started */
  setupCodeRequired: z.boolean(),
  /** the session on this connection, if any */
  session: SessionInfo.nullable(),
});
export type AuthStatus = z.infer<typeof AuthStatus>;

export const UserId = z.string().min(1).max(64);
export const Password = z.string().min(1).max(1024);

export const UserView = z.object({
  id: z.string(),
  displayName: z.string(),
  role: Role,
  disabled: z.boolean(),
  createdAt: z.number(),
  lastLoginAt: z.number().nullable(),
  failedLogins: z.number(),
});
export type UserView = z.infer<typeof UserView>;

// ---------------------------------------------------------------- alarms

export const AlarmStateName = z.enum([
  'normal',
  'unacknowledged',
  'acknowledged',
  'rtn_unacknowledged',
  'shelved',
  'suppressed',
  'out_of_service',
]);
export type AlarmStateName = z.infer<typeof AlarmStateName>;

const OperatorNote = z.object({ user: z.string(), time: z.number(), comment: z.string().optional() });
const TagValue = z.union([z.number(), z.string(), z.boolean()]);

export const AlarmView = z.object({
  id: z.string(),
  tag: z.string(),
  type: z.string(),
  priority: z.number().int().min(1).max(4),
  /** the network element the alarm belongs to, for zoom-to and the faceplate */
  element: z.string().optional(),
  zone: z.string().optional(),
  state: AlarmStateName,
  active: z.boolean(),
  acked: z.boolean(),
  message: z.string(),
  value: TagValue.optional(),
  quality: z.enum(['good', 'uncertain', 'bad']).optional(),
  activeSince: z.number().optional(),
  /** when it entered the alarm list */
  since: z.number().optional(),
  lastAck: OperatorNote.optional(),
  shelf: OperatorNote.extend({ until: z.number() }).optional(),
  suppressedBy: z.array(z.string()),
  shelvable: z.boolean(),
});
export type AlarmView = z.infer<typeof AlarmView>;

export const AlarmCountsView = z.object({
  annunciated: z.number(),
  unacknowledged: z.number(),
  byPriority: z.record(z.string(), z.number()),
  shelved: z.number(),
  suppressed: z.number(),
  outOfService: z.number(),
});
export type AlarmCountsView = z.infer<typeof AlarmCountsView>;

export const AlarmSummary = z.object({
  /** the alarm summary: annunciated alarms, priority 1 first, newest first within a priority */
  alarms: z.array(AlarmView),
  /** shelved, suppressed and out-of-service alarms: hidden from the summary, kept in view here */
  hidden: z.array(AlarmView),
  counts: AlarmCountsView,
  /** the latest of the highest-priority unacknowledged alarms */
  banner: AlarmView.nullable(),
});
export type AlarmSummary = z.infer<typeof AlarmSummary>;

export const AlarmJournalEntryView = z.object({
  seq: z.number(),
  time: z.number(),
  alarmId: z.string(),
  event: z.string(),
  user: z.string().optional(),
  comment: z.string().optional(),
  priority: z.number(),
  value: TagValue.optional(),
  message: z.string(),
});
export type AlarmJournalEntryView = z.infer<typeof AlarmJournalEntryView>;

export const AlarmKpisView = z.object({
  from: z.number(),
  to: z.number(),
  annunciations: z.number(),
  per10MinPerOperator: z.object({ average: z.number(), peak: z.number() }),
  perDayPerOperator: z.number(),
  operators: z.number(),
  floods: z.object({
    count: z.number(),
    timeInFloodMs: z.number(),
    percentTimeInFlood: z.number(),
    episodes: z.array(z.object({ start: z.number(), end: z.number(), annunciations: z.number() })),
  }),
  chattering: z.array(z.object({ alarmId: z.string(), activations: z.number(), maxInOneMinute: z.number() })),
  stale: z.array(z.object({ alarmId: z.string(), activeSince: z.number(), activeForMs: z.number() })),
  topFrequent: z.array(z.object({ alarmId: z.string(), count: z.number(), percent: z.number() })),
  priorityDistribution: z.object({
    counts: z.record(z.string(), z.number()),
    percent: z.object({ high: z.number(), medium: z.number(), low: z.number() }),
    guidelinePercent: z.object({ high: z.number(), medium: z.number(), low: z.number() }),
  }),
});
export type AlarmKpisView = z.infer<typeof AlarmKpisView>;

/** one alarm's answer to an operator action; a refusal says why (e.g. not shelvable) */
export const AlarmActionResult = z.object({
  results: z.array(z.object({ id: z.string(), ok: z.boolean(), reason: z.string().optional() })),
});

// ---------------------------------------------------------------- commands

export const CommandValue = z.union([z.number(), z.string()]);

export const CommandActionView = z.object({
  name: z.string(),
  critical: z.boolean(),
  value: z
    .discriminatedUnion('type', [
      z.object({ type: z.literal('number'), min: z.number(), max: z.number(), unit: z.string().optional() }),
      z.object({ type: z.literal('enum'), options: z.array(z.string()) }),
    ])
    .optional(),
});

export const CommandTargetView = z.object({
  id: z.string(),
  kind: z.string(),
  description: z.string().optional(),
  actions: z.array(CommandActionView),
});
export type CommandTargetView = z.infer<typeof CommandTargetView>;

const ViolationView = z.object({
  id: z.string(),
  message: z.string(),
  overridable: z.boolean(),
  tag: z.string(),
  actual: TagValue.nullable(),
});

export const CommandView = z.object({
  id: z.string(),
  target: z.string(),
  action: z.string(),
  value: CommandValue.optional(),
  user: z.string(),
  source: z.string(),
  critical: z.boolean(),
  state: z.enum([
    'selected',
    'awaiting-approval',
    'writing',
    'verifying',
    'succeeded',
    'failed',
    'refused',
    'cancelled',
    'expired',
  ]),
  selectedAt: z.number(),
  expiresAt: z.number().optional(),
  override: z.boolean(),
  approvedBy: z.string().optional(),
  failure: z.object({ reason: z.string(), message: z.string() }).optional(),
  violations: z.array(ViolationView).optional(),
  readback: z
    .object({ state: z.string().optional(), value: z.number().optional(), quality: z.string() })
    .optional(),
});
export type CommandView = z.infer<typeof CommandView>;

/** What a step of select-before-operate came to: refusals are answers, not errors. */
export const CommandOutcome = z.union([
  z.object({ ok: z.literal(true), command: CommandView }),
  z.object({
    ok: z.literal(false),
    reason: z.string(),
    message: z.string(),
    command: CommandView.optional(),
  }),
]);
export type CommandOutcome = z.infer<typeof CommandOutcome>;

// ---------------------------------------------------------------- audit trail

export const AuditRecordView = z.object({
  seq: z.number(),
  time: z.number(),
  user: z.string(),
  source: z.string(),
  action: z.string(),
  target: z.string(),
  result: z.string(),
  details: z.record(z.string(), z.unknown()),
  hash: z.string(),
});
export type AuditRecordView = z.infer<typeof AuditRecordView>;

// ---------------------------------------------------------------- trends (historian)

export const TrendPoint = z.union([
  /** a raw sample; quality 0 good, 1 uncertain, 2 bad */
  z.object({ t: z.number(), value: z.number(), quality: z.number() }),
  /** a rollup bucket starting at t */
  z.object({
    t: z.number(),
    min: z.number(),
    max: z.number(),
    avg: z.number(),
    last: z.number(),
    count: z.number(),
  }),
]);

export const TrendSeries = z.object({
  tag: z.string(),
  unit: z.string().nullable(),
  /** which table answered: raw samples, 1-minute or 1-hour rollups (chosen by the range) */
  tier: z.enum(['raw', '1m', '1h']),
  bucketMs: z.number().optional(),
  points: z.array(TrendPoint),
});
export type TrendSeries = z.infer<typeof TrendSeries>;

// ---------------------------------------------------------------- KPIs (L1 overview)

export const NetworkKpis = z.object({
  /** simulated time of the figures */
  time: z.number(),
  zones: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      state: z.string(),
      /** net inflow over the last report window, L/s */
      inflowLps: z.number().nullable(),
      lossesLps: z.number().nullable(),
      nrwPct: z.number().nullable(),
      /** last night's minimum night flow and the zone's baseline, L/s */
      mnfLps: z.number().nullable(),
      mnfBaselineLps: z.number().nullable(),
    }),
  ),
  pressure: z.object({
    instruments: z.number(),
    /** share of pressure instruments whose latest reading is within their warning limits */
    compliantPct: z.number().nullable(),
    low: z.number(),
    high: z.number(),
    /** the lowest pressure measured, and where */
    lowest: z.object({ element: z.string(), valueM: z.number() }).nullable(),
  }),
  energy: z.object({
    powerKw: z.number(),
    /** since local midnight */
    todayKwh: z.number(),
    todayCost: z.number(),
    /** the tariff now, per kWh */
    pricePerKwh: z.number(),
  }),
  pumps: z.array(
    z.object({
      id: z.string(),
      running: z.boolean(),
      flowLps: z.number(),
      powerKw: z.number(),
      /** hydraulic efficiency from the pump's curve, % (null while stopped) */
      efficiencyPct: z.number().nullable(),
      mode: z.enum(['auto', 'remote']),
    }),
  ),
  agents: z.object({
    total: z.number(),
    abnormal: z.number(),
    restarting: z.number(),
    offline: z.number(),
    errors: z.number(),
    restarts: z.number(),
  }),
});
export type NetworkKpis = z.infer<typeof NetworkKpis>;

// ---------------------------------------------------------------- training

/** what a trainer can do to the simulated plant while the trainee watches */
export const InjectedEvent = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('leak'),
      pipe: z.string().min(1).max(64),
      flowLps: z.number().positive().max(5000),
      /** grow to full size over this long; 0 = a burst */
      rampMinutes: z
        .number()
        .min(0)
        .max(7 * 24 * 60)
        .default(0),
    })
    .strict(),
  z.object({ type: z.literal('pump_trip'), pump: z.string().min(1).max(64) }).strict(),
  z
    .object({
      type: z.literal('sensor_fault'),
      sensor: z.string().min(1).max(128),
      mode: z.enum(['offline', 'stuck', 'drift']),
      driftPerHour: z.number().min(-100).max(100).default(1),
    })
    .strict(),
  z
    .object({
      type: z.literal('hydrant_open'),
      node: z.string().min(1).max(64),
      flowLps: z.number().positive().max(500).default(25),
      minutes: z
        .number()
        .positive()
        .max(24 * 60)
        .optional(),
    })
    .strict(),
  z.object({ type: z.literal('valve_stuck'), valve: z.string().min(1).max(64) }).strict(),
]);
export type InjectedEvent = z.infer<typeof InjectedEvent>;

/** How a trainee handled what the plant did: from the first event to now (or the end). */
export const TraineeScore = z.object({
  events: z.number(),
  /** event → first alarm it raised, mean seconds (simulated); null without alarms */
  secondsToAlarm: z.number().nullable(),
  /** that alarm annunciated → acknowledged, mean seconds; null if none acknowledged */
  secondsToAcknowledge: z.number().nullable(),
  unacknowledged: z.number(),
  /** leak start → its outflow stopped (isolated), mean seconds; null if none isolated */
  secondsToIsolate: z.number().nullable(),
  leaksNotIsolated: z.number(),
  /** water the injected leaks and bursts lost, m³ */
  waterLostM3: z.number(),
  /** the trainee's commands the core refused or the field did not carry out */
  wrongCommands: z.number(),
  commands: z.number(),
  /** 0–100: a simple weighted grade for the debrief */
  grade: z.number(),
});
export type TraineeScore = z.infer<typeof TraineeScore>;

export const TrainingStatus = z.object({
  active: z.boolean(),
  scenario: z.string().nullable(),
  startedAt: z.number().nullable(),
  /** what the plant was made to do so far, with simulated times */
  plantEvents: z.array(z.object({ time: z.number(), type: z.string(), detail: z.string() })),
  score: TraineeScore.nullable(),
});
export type TrainingStatus = z.infer<typeof TrainingStatus>;

// ---------------------------------------------------------------- field connections

export const ConnectionView = z.object({
  id: z.string(),
  protocol: z.string(),
  endpoint: z.string(),
  state: z.enum(['stopped', 'connecting', 'connected', 'backoff']),
  since: z.number(),
  lastError: z.object({ message: z.string(), time: z.number() }).optional(),
  retryInMs: z.number().optional(),
  counters: z.object({
    samples: z.number(),
    reads: z.number(),
    writes: z.number(),
    errors: z.number(),
    reconnects: z.number(),
  }),
  tags: z.number(),
  notGood: z.number(),
});
export type ConnectionView = z.infer<typeof ConnectionView>;

/** one point of the tag monitor */
export const TagSampleView = z.object({
  point: z.string(),
  value: z.union([z.number(), z.string(), z.boolean()]).nullable(),
  quality: z.enum(['good', 'uncertain', 'bad']),
  reason: z.string().optional(),
  sourceTime: z.number(),
  receivedTime: z.number(),
});
export type TagSampleView = z.infer<typeof TagSampleView>;

/** a connection's settings as the Connections view edits them (validated by the core) */
export const ConnectionSettings = z.record(z.string(), z.unknown());
/** the tag map file that binds the connection's addresses to agent points (YAML, JSON or CSV) */
export const TagMapFile = z
  .object({ fileName: z.string().min(1).max(255), text: z.string().max(20_000_000) })
  .strict();

// ---------------------------------------------------------------- leak incidents

export const LeakIncidentView = z.object({
  id: z.string(),
  zone: z.string(),
  state: z.enum([
    'Suspected',
    'Confirmed',
    'Proposed',
    'Isolating',
    'Isolated',
    'Unisolable',
    'Faded',
    'Resolved',
  ]),
  /** auto: the agents isolate; advise: they propose and an operator approves; off: detection only */
  mode: z.enum(['auto', 'advise', 'off']),
  detectedAt: z.number(),
  confirmedAt: z.number().nullable(),
  /** best first: the pipes where the leak most likely is */
  candidates: z.array(z.object({ pipe: z.string(), score: z.number() })),
  estimatedFlowLps: z.number(),
  /** the pipes of the segment holding the best candidate: where a crew should look */
  suspectedArea: z.array(z.string()),
  /**
   * where the work order sends the crew: the pipe whose survey reach holds most of the leak's
   * likelihood; by isolation when a standing hold's segment holds it, by the signature otherwise
   */
  location: z
    .object({ pipe: z.string(), by: z.enum(['signature', 'isolation']) })
    .nullable()
    .optional(),
  isolation: z
    .object({
      valves: z.array(z.string()),
      segmentPipes: z.array(z.string()),
      nodesWithoutSupply: z.number(),
      closedAt: z.number().nullable(),
    })
    .nullable(),
  /** valves asked to close and not yet confirmed, and those that would not move */
  pending: z.array(z.string()),
  stuck: z.array(z.string()),
  /** pipes of segments whose isolation did not change the loss: the leak is not there */
  ruledOut: z.array(z.string()),
  /** what each isolation's check found: stopped (it holds), missed (not in the segment), partial */
  checks: z.array(
    z.object({
      time: z.number(),
      pipe: z.string(),
      closedAt: z.number(),
      lossLps: z.number(),
      outcome: z.enum(['stopped', 'missed', 'partial', 'gone']),
      /** the isolation shut part of a held area, narrowing a hold of several segments down */
      narrowing: z.boolean().optional(),
    }),
  ),
  /** while a hold of several segments is narrowed down: the pipes it showed the leak among */
  heldArea: z.array(z.string()).optional(),
  /** every step of the agents' collaboration, oldest first */
  timeline: z.array(
    z.object({ time: z.number(), from: z.string(), to: z.string(), kind: z.string(), message: z.string() }),
  ),
});
export type LeakIncidentView = z.infer<typeof LeakIncidentView>;
