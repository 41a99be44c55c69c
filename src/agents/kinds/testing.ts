// Test helper: drive a behaviour through a list of events the way the runtime would,
// including the timers it schedules, and collect everything it did.
//
// Scheduling model assumed here (behaviour.ts does not say): a 'schedule' with a key that is
// already pending replaces it; 'cancel' drops it; due timers are delivered before any
// input event at or after their due time, earliest first.
import { expect } from 'vitest';
import type { AgentEvent, Alert, Behaviour, Effect, StateChange } from '../runtime/behaviour';
import type { Message } from './common/messages';
import type { OperatorAction } from './common/operator';

/** a pseudo-event that only moves time forward, so due timers fire */
export const advance = (time: number): AgentEvent => ({ type: 'advance', time });

export const reading = (
  element: string,
  quantity: string,
  value: number,
  time: number,
  quality: 'good' | 'uncertain' | 'bad' = 'good',
): AgentEvent => ({
  type: 'reading',
  time,
  topic: `reading/${element}/${quantity}`,
  payload: { value, quality, time },
});

export const message = (payload: Message, time: number, from = 'peer'): AgentEvent => ({
  type: 'message',
  time,
  topic: payload.type,
  from,
  payload,
});

export const operator = (
  action: OperatorAction['action'],
  time: number,
  extra: Omit<OperatorAction, 'action'> = {},
): AgentEvent => ({ type: 'operator', time, payload: { action, ...extra } });

export const timer = (key: string, time: number): AgentEvent => ({ type: 'timer', time, payload: { key } });

export interface Run<S> {
  state: S;
  status: string;
  /** every effect, init's included, in order */
  effects: Effect[];
  /** effects of the last delivered event only */
  last: Effect[];
  /** the named state after init and after each delivered event */
  statuses: string[];
  /** timers still pending: key → due time */
  pending: Map<string, number>;
}

export function run<S, C>(
  behaviour: Behaviour<S, C>,
  config: C,
  events: AgentEvent[],
  start = events[0]?.time ?? 0,
): Run<S> {
  const pending = new Map<string, { due: number; event: Omit<AgentEvent, 'time'> }>();
  const init = behaviour.init(config, start);
  let state = init.state;
  const effects: Effect[] = [];
  let last: Effect[] = init.effects;
  const statuses = [behaviour.status(state)];
  const apply = (produced: Effect[], now: number) => {
    effects.push(...produced);
    last = produced;
    for (const e of produced) {
      if (e.type === 'schedule') pending.set(e.key, { due: now + e.afterMs, event: e.event });
      if (e.type === 'cancel') pending.delete(e.key);
    }
  };
  const deliver = (event: AgentEvent) => {
    const t = behaviour.handle(state, event, config);
    state = t.state;
    statuses.push(behaviour.status(state));
    apply(t.effects, event.time);
  };
  const fireDue = (until: number) => {
    for (;;) {
      const next = [...pending.entries()].sort((a, b) => a[1].due - b[1].due)[0];
      if (next === undefined || next[1].due > until) return;
      pending.delete(next[0]);
      deliver({ ...next[1].event, time: next[1].due });
    }
  };
  apply(init.effects, start);
  for (const event of events) {
    fireDue(event.time);
    if (event.type !== 'advance') deliver(event);
  }
  return {
    state,
    status: behaviour.status(state),
    effects,
    last,
    statuses,
    pending: new Map([...pending].map(([k, v]) => [k, v.due])),
  };
}

// Effect filters, so assertions read as the domain does.
export const published = (effects: Effect[], suffix: string) =>
  effects.filter(
    (e): e is Extract<Effect, { type: 'publish' }> => e.type === 'publish' && e.topic.endsWith(suffix),
  );
export const alerts = (effects: Effect[]) => published(effects, '/alert').map((e) => e.payload as Alert);
export const changes = (effects: Effect[]) =>
  published(effects, '/state').map((e) => e.payload as StateChange);
export const sends = (effects: Effect[], type?: Message['type']) =>
  effects
    .filter((e): e is Extract<Effect, { type: 'send' }> => e.type === 'send')
    .filter((e) => type === undefined || e.subject === type);
export const commands = (effects: Effect[], action?: string) =>
  effects
    .filter((e): e is Extract<Effect, { type: 'command' }> => e.type === 'command')
    .filter((e) => action === undefined || e.action === action);

// Matchers for effects, for table rows that say "and it did this".
export const anAlert = (type: string, priority?: number) =>
  expect.objectContaining({
    type: 'publish',
    topic: expect.stringMatching(/\/alert$/),
    payload: expect.objectContaining(priority === undefined ? { type } : { type, priority }),
  });
export const aSend = (to: string, type: Message['type'], fields: Record<string, unknown> = {}) =>
  expect.objectContaining({
    type: 'send',
    to,
    subject: type,
    payload: expect.objectContaining({ type, ...fields }),
  });
export const aCommand = (target: string, action: string, value?: number) =>
  expect.objectContaining(
    value === undefined ? { type: 'command', target, action } : { type: 'command', target, action, value },
  );
export const aSchedule = (key: string, afterMs?: number) =>
  expect.objectContaining(
    afterMs === undefined ? { type: 'schedule', key } : { type: 'schedule', key, afterMs },
  );
export const aPublish = (topic: string, payload?: Record<string, unknown>) =>
  expect.objectContaining(
    payload === undefined
      ? { type: 'publish', topic }
      : { type: 'publish', topic, payload: expect.objectContaining(payload) },
  );

/** one row of a transition table: reach `from` with `given`, deliver `event`, land in `to` */
export interface Row {
  from: string;
  on: string;
  to: string;
  given: AgentEvent[];
  event: AgentEvent;
  /** effects the event must produce (others may come too) */
  effects?: unknown[];
  /** effects it must not produce, by matcher */
  without?: unknown[];
}

/**
 * Check a row: the precondition (really in `from`), the landing state, the published state
 * change (exactly one, from → to, or none when the state stays), and the listed effects.
 */
export function checkRow<S, C>(behaviour: Behaviour<S, C>, config: C, row: Row, start?: number): Run<S> {
  const before = run(behaviour, config, row.given, start ?? row.given[0]?.time ?? row.event.time);
  expect(before.status, 'precondition').toBe(row.from);
  const after = run(
    behaviour,
    config,
    [...row.given, row.event],
    start ?? row.given[0]?.time ?? row.event.time,
  );
  expect(after.status).toBe(row.to);
  const published = changes(after.last);
  if (row.from === row.to) expect(published).toEqual([]);
  else expect(published).toEqual([expect.objectContaining({ from: row.from, to: row.to })]);
  if (row.effects !== undefined) expect(after.last).toEqual(expect.arrayContaining(row.effects));
  for (const unwanted of row.without ?? []) expect(after.last).not.toContainEqual(unwanted);
  return after;
}
