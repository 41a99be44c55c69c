// The agent runtime's public surface: import from here rather than from the files behind it.
export type { AgentEvent, Alert, Behaviour, Effect, StateChange, Transition } from './behaviour';
export type { Bus, BusHandler, Unsubscribe } from './bus';
export { InProcessBus, type InProcessBusOptions } from './in-process-bus';
export { SimulatedClock, type Cancel, type Clock } from './clock';
export { AGENT_KINDS, type AgentKind } from './kinds';
export { AgentRegistry, type RegistryEntry } from './registry';
export {
  directMessageOf,
  replySubject,
  replyTo,
  RequestTimeoutError,
  type DirectMessage,
} from './request-reply';
export { AgentRuntime, type AgentDirectory } from './runtime';
export * from './runtime-types';
export {
  parseSnapshot,
  type AgentSnapshot,
  type RestoreReport,
  type RuntimeSnapshot,
  type TimerSnapshot,
} from './snapshot';
export {
  DEFAULT_SUPERVISION,
  RestartTracker,
  type SupervisionPolicy,
  type SupervisorDecision,
} from './supervisor';
export { assertValidTopic, directTopic, parsePattern, TopicError, topicMatches } from './topics';
