// What the runtime saves so a restarted console resumes where it was, and the check applied
// when it is read back (a snapshot comes from disk, so it is validated like any input).
//
// Timers are saved with their absolute due time and the snapshot's time; restore re-arms each
// at `now + (due - snapshot.time)`, so on a clock set to the snapshot's time they fire at the
// very same instants, in the same order. In-flight request() promises are not saved: they
// belong to the process that made them.
import { z } from 'zod';
import type { AgentEvent } from './behaviour';
import { AGENT_KINDS, type AgentKind } from './kinds';
import { LIFECYCLES, type Lifecycle } from './runtime-types';

export interface AgentSnapshot {
  kind: AgentKind;
  /** the behaviour's state: plain data (behaviours keep JSON-serialisable state) */
  state: unknown;
  status: string;
  lifecycle: Lifecycle;
  /** topic patterns the agent subscribed to through effects */
  subscriptions: string[];
  /** events waiting in its mailbox (non-empty only for an agent that was down) */
  mailbox: AgentEvent[];
}

export interface TimerSnapshot {
  agent: string;
  key: string;
  due: number;
  event: Omit<AgentEvent, 'time'>;
}

export interface RuntimeSnapshot {
  version: 1;
  time: number;
  agents: Record<string, AgentSnapshot>;
  /** in the order they will fire (due time, then the order they were set) */
  pendingTimers: TimerSnapshot[];
}

export interface RestoreReport {
  restored: string[];
  /** in the snapshot but not registered here (or registered with another kind): skipped */
  skipped: string[];
  /** registered here but not in the snapshot: left as registered */
  notInSnapshot: string[];
  timers: number;
}

const eventFields = {
  type: z.string(),
  topic: z.string().optional(),
  from: z.string().optional(),
  payload: z.unknown().optional(),
};

const snapshotSchema = z.object({
  version: z.literal(1),
  time: z.number().finite(),
  agents: z.record(
    z.string(),
    z.object({
      kind: z.enum(AGENT_KINDS),
      state: z.unknown(),
      status: z.string(),
      lifecycle: z.enum(LIFECYCLES as [Lifecycle, ...Lifecycle[]]),
      subscriptions: z.array(z.string()),
      mailbox: z.array(z.object({ ...eventFields, time: z.number().finite() })),
    }),
  ),
  pendingTimers: z.array(
    z.object({ agent: z.string(), key: z.string(), due: z.number().finite(), event: z.object(eventFields) }),
  ),
});

/** Validate an untrusted snapshot; throws an Error naming every problem. */
export function parseSnapshot(input: unknown): RuntimeSnapshot {
  const result = snapshotSchema.safeParse(input);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(`invalid runtime snapshot: ${problems.join('; ')}`);
  }
  return result.data as RuntimeSnapshot;
}
