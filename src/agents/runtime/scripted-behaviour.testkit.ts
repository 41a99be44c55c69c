// A tiny behaviour for the runtime tests, scripted by the events it receives: an event whose
// payload (or direct message payload) is a Script tells the agent which effects to return,
// which status to take, or to throw. Everything it handled is recorded in its state, so a
// test can see what happened, when, and in which order — through the runtime's public API.
import type { AgentEvent, Behaviour, Effect } from './behaviour';
import type { AgentKind } from './kinds';
import { directMessageOf, replyTo } from './request-reply';

export interface Script {
  effects?: Effect[];
  status?: string;
  fail?: string;
}

export interface ScriptedState {
  status: string;
  /** `<type>@<time>[ <topic>][ <from>][ = <label>]` per handled event */
  seen: string[];
}

export interface ScriptedConfig {
  initEffects?: Effect[];
  /** answer every request by echoing its payload (the subject is prefixed with 'echo:') */
  echoRequests?: boolean;
  /** answer after this much clock time instead of at once (through a timer of its own) */
  replyDelayMs?: number;
}

export function scripted(kind: AgentKind = 'sensor'): Behaviour<ScriptedState, ScriptedConfig> {
  return {
    kind,
    init: (config) => ({ state: { status: 'Active', seen: [] }, effects: config.initEffects ?? [] }),
    handle: (state, event, config) => {
      const direct = directMessageOf(event);
      const script = asScript(direct ? direct.payload : event.payload);
      if (script?.fail) throw new Error(script.fail);
      const effects = [...(script?.effects ?? [])];
      if (config.echoRequests && direct?.correlationId && event.from) {
        const answer = replyTo(event, { echo: direct.payload, subject: direct.subject });
        if (config.replyDelayMs) {
          const key = `reply-${direct.correlationId}`;
          effects.push({
            type: 'schedule',
            key,
            afterMs: config.replyDelayMs,
            event: { type: 'reply-due', payload: answer },
          });
        } else {
          effects.push(answer);
        }
      }
      if (event.type === 'reply-due') effects.push(event.payload as Effect);
      return {
        state: { status: script?.status ?? state.status, seen: [...state.seen, label(event)] },
        effects,
      };
    },
    status: (state) => state.status,
  };
}

function asScript(payload: unknown): Script | undefined {
  if (typeof payload !== 'object' || payload === null) return undefined;
  const p = payload as Script;
  return p.effects || p.status || p.fail ? p : undefined;
}

function label(event: AgentEvent): string {
  let text = `${event.type}@${event.time}`;
  if (event.topic) text += ` ${event.topic}`;
  if (event.from) text += ` ${event.from}`;
  const payload = event.payload as { label?: unknown; payload?: { label?: unknown } } | undefined;
  const named = payload?.label ?? payload?.payload?.label;
  if (named !== undefined) text += ` = ${String(named)}`;
  return text;
}
