// The renderer's only door to the core, and the only module that knows the transport.
//
// Two hosts, one protocol: inside Electron the preload script exposes `window.aqueduct`
// (an IPC bridge that moves JSON strings); in the headless web mode the same strings go
// over a WebSocket to /api on the serving host. Everything above this module sees typed
// requests, typed pushes and a connection status, whatever the host.
import {
  PushEnvelope,
  ReplyEnvelope,
  requests,
  pushes,
  type AqueductBridge,
  type ArgsOf,
  type ErrorCode,
  type PayloadOf,
  type PushName,
  type RequestName,
  type ResultOf,
} from '../../shared/contract';

declare global {
  interface Window {
    aqueduct?: AqueductBridge;
  }
}

export type ConnectionStatus = 'connecting' | 'open' | 'closed';

/** Codes the core sends, plus the two failures only the client can see. */
export type RequestErrorCode = ErrorCode | 'disconnected' | 'bad_reply';

export class RequestError extends Error {
  override readonly name = 'RequestError';
  constructor(
    readonly code: RequestErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** One open channel to the core, as the client sees it. */
export interface Channel {
  send(text: string): void;
}

export interface ChannelEvents {
  onOpen(): void;
  onMessage(text: string): void;
  /** The channel is gone; the client will ask for a new one if `reconnects` is true. */
  onClose(): void;
}

/**
 * Opens a channel; the client calls it again after onClose to reconnect. Events must
 * arrive asynchronously (never from inside `open`), as they do from a WebSocket.
 */
export interface Connector {
  open(events: ChannelEvents): Channel;
  /** A WebSocket can drop and come back; the Electron IPC bridge lives as long as the window. */
  reconnects: boolean;
}

export interface ClientOptions {
  /** injectable for tests */
  setTimer?: (cb: () => void, ms: number) => unknown;
  /**
   * The session to re-attach on every (re)opened channel. The core forgets a connection's
   * session when the connection closes, so before anything queued goes out the client sends
   * `auth.resume` with this token; requests made meanwhile wait in the outbox.
   */
  resume?: SessionResume;
}

export interface SessionResume {
  /** the token of the session to resume, or null when there is none (not logged in) */
  token(): string | null;
  /** the core took the token back */
  resumed(session: ResultOf<'auth.resume'>): void;
  /** the core refused it (session ended, expired): the token is no good any more */
  refused(error: RequestError): void;
}

export interface AqueductClient {
  request<N extends RequestName>(name: N, args: ArgsOf<N>): Promise<ResultOf<N>>;
  onPush<N extends PushName>(name: N, cb: (payload: PayloadOf<N>) => void): () => void;
  readonly status: ConnectionStatus;
  /** called with every status change; returns an unsubscribe function */
  onStatus(cb: (status: ConnectionStatus) => void): () => void;
}

const FIRST_RETRY_MS = 500;
const LONGEST_RETRY_MS = 5_000;

/** Reconnect delay after `failures` consecutive failed attempts: 0.5 s, 1 s, 2 s, 4 s, 5 s, 5 s… */
export function reconnectDelay(failures: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, failures), LONGEST_RETRY_MS);
}

interface PendingRequest {
  name: RequestName;
  resolve(result: unknown): void;
  reject(error: RequestError): void;
  /** false while the request waits in the outbox for the channel to open */
  sent: boolean;
}

type PushListener = (payload: unknown) => void;

export function createClient(connector: Connector, options: ClientOptions = {}): AqueductClient {
  const setTimer = options.setTimer ?? ((cb, ms) => setTimeout(cb, ms));
  const pending = new Map<number, PendingRequest>();
  const pushListeners = new Map<string, Set<PushListener>>();
  const statusListeners = new Set<(status: ConnectionStatus) => void>();
  /** requests made before the channel opened, sent in order once it does */
  const outbox: { id: number; text: string }[] = [];
  let nextId = 1;
  let status: ConnectionStatus = 'connecting';
  let failures = 0;
  let channel: Channel;

  function setStatus(next: ConnectionStatus): void {
    if (next === status) return;
    status = next;
    for (const cb of [...statusListeners]) cb(next);
  }

  function connect(): void {
    setStatus('connecting');
    let opened = false;
    let closed = false;
    channel = connector.open({
      onOpen() {
        opened = true;
        failures = 0;
        const token = options.resume?.token() ?? null;
        if (token === null) return ready();
        // The resume goes before the outbox, and the outbox waits for its reply: a request
        // sent before the session is attached would be refused as unauthenticated.
        void resumeSession(token).then(() => {
          if (!closed) ready();
        });
      },
      onMessage: receive,
      onClose() {
        closed = true;
        // Replies to requests already on the wire will never come: the core forgets a
        // connection's requests when it drops. Requests still in the outbox survive.
        for (const [id, entry] of pending) {
          if (!entry.sent) continue;
          pending.delete(id);
          entry.reject(
            new RequestError('disconnected', `Lost the connection to the core during ${entry.name}`),
          );
        }
        setStatus('closed');
        if (!connector.reconnects) return;
        if (!opened) failures += 1;
        setTimer(connect, reconnectDelay(opened ? 0 : failures - 1));
      },
    });
  }

  /** the channel is usable: send what waited, tell the listeners */
  function ready(): void {
    for (const { id, text } of outbox.splice(0)) {
      const entry = pending.get(id);
      if (!entry) continue;
      entry.sent = true;
      channel.send(text);
    }
    setStatus('open');
  }

  async function resumeSession(token: string): Promise<void> {
    const resume = options.resume!;
    try {
      resume.resumed(await send('auth.resume', { token }));
    } catch (error) {
      const refusal = error instanceof RequestError ? error : new RequestError('failed', String(error));
      // a dropped channel says nothing about the token: the next channel tries it again
      if (refusal.code !== 'disconnected') resume.refused(refusal);
    }
  }

  /** put a request on the wire now, whatever the status (the resume, before the outbox) */
  function send<N extends RequestName>(name: N, args: ArgsOf<N>): Promise<ResultOf<N>> {
    const id = nextId++;
    return new Promise<ResultOf<N>>((resolve, reject) => {
      pending.set(id, { name, resolve: resolve as (r: unknown) => void, reject, sent: true });
      channel.send(JSON.stringify({ kind: 'request', id, name, args }));
    });
  }

  function receive(text: string): void {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      console.warn('[aqueduct] ignored a message that is not JSON');
      return;
    }
    const kind = (message as { kind?: unknown } | null)?.kind;
    if (kind === 'reply') settle(message);
    else if (kind === 'push') dispatchPush(message);
    else console.warn('[aqueduct] ignored a message of unknown kind', kind);
  }

  function settle(message: unknown): void {
    const reply = ReplyEnvelope.safeParse(message);
    if (!reply.success) {
      console.warn('[aqueduct] ignored a malformed reply', reply.error.message);
      return;
    }
    const { data } = reply;
    const entry = data.id === null ? undefined : pending.get(data.id);
    if (!entry || data.id === null) {
      // id null: the core could not read our envelope at all, so it cannot say which one.
      if (!data.ok) console.warn(`[aqueduct] core error without a request: ${data.error.message}`);
      return;
    }
    pending.delete(data.id);
    if (!data.ok) {
      entry.reject(new RequestError(data.error.code, data.error.message));
      return;
    }
    // Results are checked against the contract so a core/renderer version drift shows up
    // as one clear error here, not as undefined values deep in a component.
    const result = requests[entry.name].result.safeParse(data.result);
    if (result.success) entry.resolve(result.data);
    else
      entry.reject(new RequestError('bad_reply', `Unexpected ${entry.name} result: ${result.error.message}`));
  }

  function dispatchPush(message: unknown): void {
    const push = PushEnvelope.safeParse(message);
    if (!push.success) return;
    const { name, payload } = push.data;
    const listeners = pushListeners.get(name);
    if (!listeners?.size || !Object.hasOwn(pushes, name)) return;
    if (!isValidPush(name as PushName, payload)) {
      console.warn(`[aqueduct] ignored a malformed ${name} push`);
      return;
    }
    for (const cb of [...listeners]) cb(payload);
  }

  connect();

  return {
    request<N extends RequestName>(name: N, args: ArgsOf<N>): Promise<ResultOf<N>> {
      const id = nextId++;
      const text = JSON.stringify({ kind: 'request', id, name, args });
      return new Promise<ResultOf<N>>((resolve, reject) => {
        const entry: PendingRequest = { name, resolve: resolve as (r: unknown) => void, reject, sent: false };
        pending.set(id, entry);
        if (status === 'open') {
          entry.sent = true;
          channel.send(text);
        } else {
          outbox.push({ id, text });
        }
      });
    },
    onPush<N extends PushName>(name: N, cb: (payload: PayloadOf<N>) => void): () => void {
      let listeners = pushListeners.get(name);
      if (!listeners) pushListeners.set(name, (listeners = new Set()));
      const listener = cb as PushListener;
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    get status() {
      return status;
    },
    onStatus(cb) {
      statusListeners.add(cb);
      return () => statusListeners.delete(cb);
    },
  };
}

/**
 * Frames are the hot path (several a second, 7 arrays of up to ~16,000 numbers each for a
 * large city), so they get a structural check only; the rarer pushes get the full schema.
 */
function isValidPush(name: PushName, payload: unknown): boolean {
  if (name !== 'twin.frame') return pushes[name].safeParse(payload).success;
  const frame = payload as {
    loadId?: unknown;
    t?: unknown;
    nodes?: Record<string, unknown>;
    links?: Record<string, unknown>;
  } | null;
  return (
    typeof frame?.loadId === 'string' &&
    typeof frame.t === 'number' &&
    ['pressure', 'head', 'demand'].every((key) => Array.isArray(frame.nodes?.[key])) &&
    ['flow', 'velocity', 'status', 'setting'].every((key) => Array.isArray(frame.links?.[key]))
  );
}

// ---------------------------------------------------------------- the two transports

export function bridgeConnector(bridge: AqueductBridge): Connector {
  return {
    reconnects: false,
    open(events) {
      bridge.onMessage(events.onMessage);
      // Open on the next tick so the client has finished wiring itself up.
      queueMicrotask(events.onOpen);
      return { send: (text) => bridge.send(text) };
    },
  };
}

export function webSocketConnector(url: string): Connector {
  return {
    reconnects: true,
    open(events) {
      const socket = new WebSocket(url);
      socket.addEventListener('open', () => events.onOpen());
      socket.addEventListener('message', (event) => {
        if (typeof event.data === 'string') events.onMessage(event.data);
      });
      // 'error' is always followed by 'close', so close is the one place that reconnects.
      socket.addEventListener('close', () => events.onClose());
      return { send: (text) => socket.send(text) };
    },
  };
}

/** Electron's preload bridge when present, otherwise a WebSocket to the host that served the page. */
export function detectConnector(): Connector {
  if (window.aqueduct) return bridgeConnector(window.aqueduct);
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return webSocketConnector(`${scheme}://${location.host}/api`);
}

// ---------------------------------------------------------------- the app's client

let appClient: AqueductClient | undefined;

/**
 * The app-wide client, connected on first use (importing this module has no side effects).
 * `resume` is taken from the first call only: the app's session store passes it at start.
 */
export function getClient(resume?: SessionResume): AqueductClient {
  appClient ??= createClient(detectConnector(), resume ? { resume } : {});
  return appClient;
}

export function request<N extends RequestName>(name: N, args: ArgsOf<N>): Promise<ResultOf<N>> {
  return getClient().request(name, args);
}

export function onPush<N extends PushName>(name: N, cb: (payload: PayloadOf<N>) => void): () => void {
  return getClient().onPush(name, cb);
}
