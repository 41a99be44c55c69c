// The seam between agent behaviour and the runtime that hosts it.
//
// A kind of agent (pump, pipe, sensor, ...) is written as a pure function
// (state, event) → (state, effects). It never touches the bus, the clock or a timer: it
// returns effects as data, and the runtime carries them out. That keeps every transition
// testable as a plain function call, and lets the same behaviour run in a console, a field
// gateway or a scenario run as fast as the machine goes.
//
// Topic scheme (MQTT-style levels; `+` matches one level, `#` the rest):
//   reading/<elementId>/<quantity>      a sensor reading as the console sees it, e.g. reading/J12/pressure
//   agent/<kind>/<agentId>/state        a state transition of an agent (payload: StateChange)
//   agent/<kind>/<agentId>/alert        something an operator should know (payload: Alert)
//   zone/<zoneId>/<subject>             zone-coordinator traffic, e.g. zone/DMA-N/balance
//   network/<subject>                   control-center traffic, e.g. network/kpi
//   command/<targetId>                  an actuation request to go through the command path
//   direct/<agentId>                    direct messages to one agent ('send' effects)
//
// Events: a subscription on `reading/...` arrives as type 'reading' (payload
// { value, quality, time }); other subscriptions and direct messages as type 'message'
// (a direct message's payload is { subject, payload, correlationId? }); timers as 'timer'.
import type { AgentKind } from './kinds';

export type { AgentKind };

/** Something that happened to an agent: a message, a reading, a timer it asked for. */
export interface AgentEvent {
  /** e.g. 'reading', 'message', 'timer', 'tick' */
  type: string;
  /** simulated time, ms since the Unix epoch */
  time: number;
  /** the topic it arrived on, for bus messages */
  topic?: string;
  /** sending agent id, for messages */
  from?: string;
  payload?: unknown;
}

export type Effect =
  /** publish on the bus */
  | { type: 'publish'; topic: string; payload: unknown }
  /** a direct message to one agent (delivered as an event of type 'message') */
  | { type: 'send'; to: string; subject: string; payload: unknown }
  /** deliver `event` back to this agent after `afterMs` of simulated time (one scheduler, no timer per agent) */
  | { type: 'schedule'; key: string; afterMs: number; event: Omit<AgentEvent, 'time'> }
  /** cancel a pending 'schedule' of the same key */
  | { type: 'cancel'; key: string }
  | { type: 'subscribe'; topic: string }
  | { type: 'unsubscribe'; topic: string }
  /** ask for an actuation; the runtime routes it to the command path under the system identity */
  | { type: 'command'; target: string; action: string; value?: number; reason: string };

export interface Transition<S> {
  state: S;
  effects: Effect[];
}

export interface StateChange {
  agent: string;
  kind: AgentKind;
  from: string;
  to: string;
  time: number;
  reason: string;
}

export interface Alert {
  agent: string;
  kind: AgentKind;
  time: number;
  /** 1 = highest (urgent) … 4 = lowest */
  priority: 1 | 2 | 3 | 4;
  type: string;
  message: string;
}

/** One kind of agent: pure functions over its own state and config. */
export interface Behaviour<S, C> {
  kind: AgentKind;
  /** the initial state and the effects that set the agent up (subscriptions, first timers) */
  init(config: C, now: number): Transition<S>;
  /** react to one event */
  handle(state: S, event: AgentEvent, config: C): Transition<S>;
  /** the named state of the agent's state machine, e.g. 'Running', 'Low_Battery' */
  status(state: S): string;
}
