// The runtime's record of one agent it hosts: the behaviour and its current state, plus
// everything the runtime keeps on the agent's behalf (mailbox, timers, subscriptions, counters).
// Internal to the runtime; the outside sees AgentHealth, StateChange history and snapshots.
import type { AgentEvent, Behaviour, StateChange } from './behaviour';
import type { Unsubscribe } from './bus';
import type { Cancel } from './clock';
import type { AgentKind } from './kinds';
import { Fifo } from './mailbox';
import type { RegistryEntry } from './registry';
import type { AgentHealth, Lifecycle } from './runtime-types';
import type { RestartTracker } from './supervisor';

export interface ArmedTimer {
  due: number;
  /** order armed, so ties at one instant fire (and are saved) in that order */
  seq: number;
  event: Omit<AgentEvent, 'time'>;
  cancel: Cancel;
}

export interface HostedAgent extends RegistryEntry {
  readonly kind: AgentKind;
  readonly behaviour: Behaviour<unknown, unknown>;
  readonly config: unknown;
  state: unknown;
  status: string;
  lifecycle: Lifecycle;
  readonly mailbox: Fifo<AgentEvent>;
  /** already waiting in the runtime's ready queue */
  queued: boolean;
  readonly timers: Map<string, ArmedTimer>;
  /** topic subscriptions made through effects, by pattern */
  readonly subscriptions: Map<string, Unsubscribe>;
  /** the `direct/<id>` subscription the runtime holds for it */
  direct: Unsubscribe | undefined;
  readonly tracker: RestartTracker;
  restartCancel: Cancel | undefined;
  readonly history: Fifo<StateChange>;
  readonly transitions: Map<string, number>;
  lastActivity: number;
  eventsProcessed: number;
  errors: number;
  restarts: number;
  dropped: number;
}

export function healthOf(agent: HostedAgent): AgentHealth {
  return {
    id: agent.id,
    kind: agent.kind,
    zone: agent.zone,
    lifecycle: agent.lifecycle,
    status: agent.status,
    lastActivity: agent.lastActivity,
    eventsProcessed: agent.eventsProcessed,
    errors: agent.errors,
    restarts: agent.restarts,
    dropped: agent.dropped,
    mailboxDepth: agent.mailbox.size,
    timers: agent.timers.size,
    subscriptions: agent.subscriptions.size,
  };
}

/** A short human description of an event, used as the reason of the state change it caused. */
export function describeEvent(event: AgentEvent): string {
  let text = event.type;
  if (event.topic !== undefined) text += ` on ${event.topic}`;
  if (event.from !== undefined) text += ` from ${event.from}`;
  return text;
}
