// One client of the core (an Electron window or a browser tab), whatever the transport.
// Replies go out as soon as they are ready; pushes are coalesced per name, latest wins,
// and flushed at most every `flushMs`, so a twin running flat out cannot flood a window
// that repaints 60 times a second. A slow client (large send backlog) is skipped until it
// drains rather than buffered without bound. Nothing is pushed to a client without an
// active session: what the network does is for logged-in eyes only, and a locked console
// shows nothing but its lock screen.
import type { PayloadOf, PushEnvelope, PushName } from '../../shared/contract';
import type { Caller, Dispatcher, SessionLookup } from './dispatcher';

/** what a connection needs of the core: its pushes, and who is logged in */
export interface PushSource {
  onPush(listener: <N extends PushName>(name: N, payload: PayloadOf<N>) => void): () => void;
  /** a session locked, unlocked or ended (by idle time, logout, expiry, an admin) */
  onSessionEvent(
    listener: (event: {
      kind: 'locked' | 'unlocked' | 'ended';
      session: { id: string };
      reason?: string;
    }) => void,
  ): () => void;
  /** the session behind a token, without counting as activity */
  peekSession: SessionLookup;
}

export interface Transport {
  send(message: string): void;
  /** bytes queued but not yet sent, when the transport knows */
  backlog?(): number;
}

export interface ConnectionOptions {
  flushMs?: number;
  maxBacklogBytes?: number;
  /** the wall-clock timer of the transport layer (not domain time) */
  timer?: { set(fn: () => void, ms: number): unknown; clear(handle: unknown): void };
}

const defaultTimer = {
  set: (fn: () => void, ms: number) => setTimeout(fn, ms),
  clear: (handle: unknown) => clearTimeout(handle as NodeJS.Timeout),
};

export class Connection {
  private readonly pending = new Map<PushName, unknown>();
  private flushHandle: unknown = null;
  private readonly unsubscribe: () => void;
  private readonly unsubscribeSessions: () => void;
  private closed = false;
  private readonly flushMs: number;
  private readonly maxBacklog: number;
  private readonly timer: NonNullable<ConnectionOptions['timer']>;

  constructor(
    private readonly dispatcher: Dispatcher,
    private readonly caller: Caller,
    private readonly core: PushSource,
    private readonly transport: Transport,
    options: ConnectionOptions = {},
  ) {
    this.flushMs = options.flushMs ?? 50;
    this.maxBacklog = options.maxBacklogBytes ?? 4 * 1024 * 1024;
    this.timer = options.timer ?? defaultTimer;
    this.unsubscribe = core.onPush((name, payload) => this.queue(name, payload));
    this.unsubscribeSessions = core.onSessionEvent((event) => {
      if (this.closed || event.session.id !== this.caller.sessionId) return;
      if (event.kind === 'ended') {
        this.caller.token = undefined;
        this.caller.sessionId = undefined;
      }
      this.pending.clear(); // nothing queued for the session before it locked or ended goes out after
      const payload: PayloadOf<'session.state'> = {
        state: event.kind === 'unlocked' ? 'active' : event.kind,
        ...(event.reason !== undefined && { reason: event.reason }),
      };
      this.transport.send(
        JSON.stringify({ kind: 'push', name: 'session.state', payload } satisfies PushEnvelope),
      );
    });
  }

  async receive(raw: string): Promise<void> {
    const reply = await this.dispatcher.handle(raw, this.caller);
    if (!this.closed) this.transport.send(JSON.stringify(reply));
  }

  close(): void {
    this.closed = true;
    this.unsubscribe();
    this.unsubscribeSessions();
    if (this.flushHandle !== null) this.timer.clear(this.flushHandle);
    this.pending.clear();
  }

  private mayReceivePushes(): boolean {
    return this.caller.token !== undefined && this.core.peekSession(this.caller.token).state === 'active';
  }

  private queue(name: PushName, payload: unknown): void {
    if (this.closed || !this.mayReceivePushes()) return;
    this.pending.set(name, payload);
    if (this.flushHandle === null) this.flushHandle = this.timer.set(() => this.flush(), this.flushMs);
  }

  private flush(): void {
    this.flushHandle = null;
    if (this.closed) return;
    if ((this.transport.backlog?.() ?? 0) > this.maxBacklog) {
      // keep only the latest values and try again later
      this.flushHandle = this.timer.set(() => this.flush(), this.flushMs);
      return;
    }
    if (!this.mayReceivePushes()) {
      this.pending.clear();
      return;
    }
    for (const [name, payload] of this.pending) {
      const envelope: PushEnvelope = { kind: 'push', name, payload };
      this.transport.send(JSON.stringify(envelope));
    }
    this.pending.clear();
  }
}
