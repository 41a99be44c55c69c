// The message bus agents talk over.
//
// Topic scheme (MQTT-style levels; `+` matches one level, `#` this level and the rest):
//   reading/<elementId>/<quantity>      a sensor reading as the console sees it, e.g. reading/J12/pressure
//   agent/<kind>/<agentId>/state        a state transition of an agent (payload: StateChange)
//   agent/<kind>/<agentId>/alert        something an operator should know (payload: Alert)
//   zone/<zoneId>/<subject>             zone-coordinator traffic, e.g. zone/DMA-N/balance
//   network/<subject>                   control-center traffic, e.g. network/kpi
//   command/<targetId>                  an actuation request to go through the command path
//   direct/<agentId>                    a direct message to one agent (payload: DirectMessage, see
//                                       request-reply.ts); the runtime subscribes every agent it hosts
// Topic levels are never empty and never contain '+' or '#' (topics.ts validates both).
//
// The interface is shaped so a Redis (or MQTT) implementation can stand in for the in-process one
// in the field-gateway deployment: publish returns nothing (delivery may happen later, on another
// process), handlers return nothing, and subscribe hands back a plain function to undo it.
// What every implementation promises:
//   - every subscription whose pattern matches receives the message exactly once (two
//     subscriptions of one handler whose patterns both match get it once each);
//   - messages from one publisher reach a given subscriber in the order they were published;
//   - after unsubscribe() returns, the handler is not called again.
export type { InProcessBusOptions } from './in-process-bus';
export { InProcessBus } from './in-process-bus';

/** Receives one message. `from` is the publishing agent's id (or a system name like 'driver'). */
export type BusHandler = (topic: string, payload: unknown, from: string) => void;

export type Unsubscribe = () => void;

export interface Bus {
  /** Publish `payload` on a concrete topic (no wildcards). Never waits for delivery. */
  publish(topic: string, payload: unknown, from: string): void;
  /** Receive messages whose topic matches `pattern` until the returned function is called. */
  subscribe(pattern: string, handler: BusHandler): Unsubscribe;
}
