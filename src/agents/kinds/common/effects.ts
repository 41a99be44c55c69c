// Effect builders shared by every kind: state changes and alerts are published on the topic
// scheme of behaviour.ts, direct messages carry their type as the subject.
import type { AgentKind, Alert, Effect, StateChange, Transition } from '../../runtime/behaviour';
import type { Message } from './messages';

/** who is acting and when: enough to stamp every published fact */
export interface Ctx {
  kind: AgentKind;
  id: string;
  time: number;
}

export function alert(ctx: Ctx, priority: Alert['priority'], type: string, message: string): Effect {
  const payload: Alert = { agent: ctx.id, kind: ctx.kind, time: ctx.time, priority, type, message };
  return { type: 'publish', topic: `agent/${ctx.kind}/${ctx.id}/alert`, payload };
}

export function send(to: string, message: Message): Effect {
  return { type: 'send', to, subject: message.type, payload: message };
}

export const sendAll = (to: readonly string[], message: Message): Effect[] => to.map((t) => send(t, message));

export function schedule(key: string, afterMs: number): Effect {
  return { type: 'schedule', key, afterMs, event: { type: 'timer', payload: { key } } };
}

export function command(target: string, action: string, reason: string, value?: number): Effect {
  return value === undefined
    ? { type: 'command', target, action, reason }
    : { type: 'command', target, action, value, reason };
}

/**
 * The one way a kind changes its named state: when the status differs, the change is
 * published on `agent/<kind>/<id>/state` before the effects that go with it, so a listener
 * always sees the state first and the consequences after.
 */
export function transition<S extends { status: string }>(
  ctx: Ctx,
  from: S,
  next: S,
  reason: string,
  effects: Effect[] = [],
): Transition<S> {
  if (from.status === next.status) return { state: next, effects };
  const change: StateChange = {
    agent: ctx.id,
    kind: ctx.kind,
    from: from.status,
    to: next.status,
    time: ctx.time,
    reason,
  };
  return {
    state: next,
    effects: [{ type: 'publish', topic: `agent/${ctx.kind}/${ctx.id}/state`, payload: change }, ...effects],
  };
}

export const stay = <S>(state: S, effects: Effect[] = []): Transition<S> => ({ state, effects });
