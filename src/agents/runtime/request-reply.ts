// Direct messages between agents, and request/reply on top of them.
//
// A direct message travels on the bus topic `direct/<agentId>` (so it can cross to another
// gateway when the bus is Redis) and reaches the agent as an event of type 'message' whose
// payload is a DirectMessage.
//
// Request/reply, kept deliberately small:
//   1. runtime.request(from, to, subject, payload, timeoutMs) sends a DirectMessage carrying a
//      fresh correlationId and arms a timeout on the clock;
//   2. the target agent answers with an ordinary 'send' effect to `event.from` whose subject is
//      `reply:<correlationId>` (the `replyTo` helper below builds it);
//   3. the runtime recognises that subject, settles the pending promise with the reply's
//      payload and does not deliver the reply to any mailbox. A reply that comes after the
//      timeout (or never had a request) is dropped and logged.
// The timeout rejects with a RequestTimeoutError at exactly `timeoutMs` of clock time.
import type { AgentEvent, Effect } from './behaviour';
import type { Cancel, Clock } from './clock';

export interface DirectMessage {
  subject: string;
  payload: unknown;
  /** present when the sender waits for an answer: reply with subject `reply:<correlationId>` */
  correlationId?: string;
}

export const REPLY_PREFIX = 'reply:';

export function replySubject(correlationId: string): string {
  return REPLY_PREFIX + correlationId;
}

/** The DirectMessage an event carries, if it is a direct message. */
export function directMessageOf(event: AgentEvent): DirectMessage | undefined {
  if (event.type !== 'message' || !event.topic?.startsWith('direct/')) return undefined;
  const p = event.payload as Partial<DirectMessage> | null | undefined;
  return p && typeof p.subject === 'string' ? (p as DirectMessage) : undefined;
}

/** The effect that answers a request event; throws if the event is not a request. */
export function replyTo(event: AgentEvent, payload: unknown): Effect {
  const message = directMessageOf(event);
  if (!message?.correlationId || event.from === undefined) {
    throw new Error(`replyTo: event on '${event.topic ?? event.type}' is not a request (no correlationId)`);
  }
  return { type: 'send', to: event.from, subject: replySubject(message.correlationId), payload };
}

export class RequestTimeoutError extends Error {
  override name = 'RequestTimeoutError';

  constructor(
    readonly from: string,
    readonly to: string,
    readonly subject: string,
    readonly timeoutMs: number,
  ) {
    super(`request '${subject}' from '${from}' to '${to}' got no reply within ${timeoutMs} ms`);
  }
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: unknown): void;
  cancelTimeout: Cancel;
}

/** The requests waiting for a reply, each with its timeout on the clock. */
export class PendingRequests {
  private readonly pending = new Map<string, Pending>();
  private seq = 0;

  constructor(private readonly clock: Clock) {}

  get size(): number {
    return this.pending.size;
  }

  open(
    from: string,
    to: string,
    subject: string,
    timeoutMs: number,
  ): { correlationId: string; reply: Promise<unknown> } {
    if (!(timeoutMs > 0)) throw new RangeError(`request timeout must be positive, got ${timeoutMs}`);
    const correlationId = `${from}:${++this.seq}`;
    const reply = new Promise<unknown>((resolve, reject) => {
      const cancelTimeout = this.clock.at(this.clock.now() + timeoutMs, () => {
        if (this.pending.delete(correlationId)) reject(new RequestTimeoutError(from, to, subject, timeoutMs));
      });
      this.pending.set(correlationId, { resolve, reject, cancelTimeout });
    });
    return { correlationId, reply };
  }

  /** If `subject` answers a pending request, settle it and return true. */
  settle(subject: string, payload: unknown): boolean {
    if (!subject.startsWith(REPLY_PREFIX)) return false;
    const id = subject.slice(REPLY_PREFIX.length);
    const entry = this.pending.get(id);
    if (!entry) return false;
    this.pending.delete(id);
    entry.cancelTimeout();
    entry.resolve(payload);
    return true;
  }

  rejectAll(reason: string): void {
    for (const [id, entry] of this.pending) {
      this.pending.delete(id);
      entry.cancelTimeout();
      entry.reject(new Error(reason));
    }
  }
}
