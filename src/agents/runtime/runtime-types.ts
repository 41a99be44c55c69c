// The public shapes of the agent runtime: what you register, what you configure, what it reports.
import type { AgentEvent, Behaviour, Effect } from './behaviour';
import type { Bus } from './bus';
import type { Clock } from './clock';
import type { AgentKind } from './kinds';
import type { SupervisionPolicy } from './supervisor';

/**
 * Where an agent is in its life. 'restarting' is the supervisor's backoff: the agent is down,
 * its mailbox keeps (bounded) events, and its timers still fire into the mailbox.
 */
export type Lifecycle = 'init' | 'active' | 'restarting' | 'shutting_down' | 'offline';
export const LIFECYCLES: readonly Lifecycle[] = ['init', 'active', 'restarting', 'shutting_down', 'offline'];

/** The status the runtime reports for an agent it stopped or gave up on. */
export const OFFLINE_STATUS = 'Offline';

export interface AgentSpec<S, C> {
  id: string;
  kind: AgentKind;
  zone?: string;
  /** adjacent agents in the network (symmetric; see registry.ts) */
  neighbours?: readonly string[];
  behaviour: Behaviour<S, C>;
  config: C;
}

export type CommandEffect = Extract<Effect, { type: 'command' }>;

export interface AgentErrorContext {
  agentId: string;
  kind: AgentKind;
  /** 'handle': the behaviour threw (the supervisor acts); 'effect': an effect could not be applied */
  phase: 'handle' | 'effect';
  event?: AgentEvent;
  effect?: Effect;
  /** what the supervisor did about a 'handle' failure */
  action?: 'restart' | 'give_up';
  /** which restart in the current window (1 = first) */
  attempt?: number;
  delayMs?: number;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type RuntimeLog = (level: LogLevel, message: string, fields?: Record<string, unknown>) => void;

export interface RuntimeOptions {
  clock: Clock;
  bus: Bus;
  /** an agent asked for an actuation; route it to the command path (system identity) */
  onCommand?: (effect: CommandEffect, agentId: string) => void;
  onError?: (error: unknown, context: AgentErrorContext) => void;
  log?: RuntimeLog;
  supervision?: Partial<SupervisionPolicy>;
  /** events kept per agent while it cannot process them; the oldest is dropped beyond (default 1000) */
  mailboxCapacity?: number;
  /** state changes kept per agent for the UI (default 50) */
  historySize?: number;
}

export interface AgentHealth {
  id: string;
  kind: AgentKind;
  zone: string | undefined;
  lifecycle: Lifecycle;
  status: string;
  /** clock time of the last event the agent handled (its registration time before that) */
  lastActivity: number;
  eventsProcessed: number;
  errors: number;
  restarts: number;
  /** events dropped because the mailbox was full */
  dropped: number;
  mailboxDepth: number;
  timers: number;
  subscriptions: number;
}

export interface RuntimeHealth {
  time: number;
  agents: number;
  byLifecycle: Record<Lifecycle, number>;
  eventsProcessed: number;
  errors: number;
  restarts: number;
  dropped: number;
  mailboxDepth: { total: number; max: number; deepest: string | undefined };
  pendingRequests: number;
  /** agents not active, or that have failed or lost events */
  attention: AgentHealth[];
  /** active agents silent for longer than `staleAfterMs` (when asked) */
  stale: string[];
}
