// The one implementation of the contract. Both transports hand it raw strings with the
// caller they came from; it checks size, envelope, request name, the caller's session
// (logged in, not locked), the session's permission (RBAC lives here, not in the UI) and
// the arguments, runs the handler, and always answers with a reply envelope. Nothing a
// client sends can throw out of here.
import { z } from 'zod';
import { can, type Session } from '../../shared/access';
import {
  type ErrorCode,
  isRequestName,
  MAX_MESSAGE_BYTES,
  type ReplyEnvelope,
  RequestEnvelope,
  type RequestName,
  requests,
  type ResultOf,
} from '../../shared/contract';

/** The other end of one connection (a desktop window, a browser tab), as the core sees it. */
export interface Caller {
  /** where it comes from, for the audit trail: 'ipc', 'ws:127.0.0.1' */
  readonly source: string;
  /** the token of the session it logged in to; set and cleared by the auth requests */
  token?: string;
  /** that session's public id (logs, audit, session events); the token never leaves the login reply */
  sessionId?: string;
  /** the transport itself vouches for the person at the keyboard (the desktop window) */
  readonly trusted?: boolean;
}

/** What the dispatcher needs of the session store: the session behind a token, as of now. */
export type SessionLookup = (
  token: string,
) => { state: 'active' | 'locked'; session: Session } | { state: 'unknown' };

type IsPublic<N extends RequestName> = (typeof requests)[N]['permission'] extends 'public' ? true : false;

/** A public request may come before login; every other one has an active session. */
export type CallOf<N extends RequestName> =
  IsPublic<N> extends true
    ? { session: Session | undefined; caller: Caller }
    : { session: Session; caller: Caller };

export type Handlers = {
  [N in RequestName]: (
    args: z.output<(typeof requests)[N]['args']>,
    call: CallOf<N>,
  ) => ResultOf<N> | Promise<ResultOf<N>>;
};

/**
 * Handlers for `names` that call whatever `current()` holds at the time of the call: the
 * services of the running network, which a newly opened network replaces.
 */
export function delegateTo<K extends RequestName>(
  names: readonly K[],
  current: () => Pick<Handlers, K>,
): Pick<Handlers, K> {
  type AnyHandler = (args: unknown, call: unknown) => unknown;
  return Object.fromEntries(
    names.map((name) => [
      name,
      (args: unknown, call: unknown) => (current()[name] as AnyHandler)(args, call),
    ]),
  ) as Pick<Handlers, K>;
}

/** A failure the caller caused or may show to the user as is (bad input file, unknown link). */
export class RequestError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** What the audit trail records of a request: every change, every refusal. */
export interface AuditedRequest {
  session: Session;
  request: string;
  args: unknown;
  /** 'success', or the error code */
  result: string;
}

export class Dispatcher {
  constructor(
    private readonly handlers: Handlers,
    private readonly sessions: SessionLookup,
    private readonly log: (line: string) => void = () => {},
    /** called for every request that changes something or is refused; looking is not audited */
    private readonly audit: (entry: AuditedRequest) => void = () => {},
  ) {}

  async handle(raw: string, caller: Caller): Promise<ReplyEnvelope> {
    // UTF-16 length is a lower bound of the UTF-8 size; cheap, and exact enough to refuse floods
    if (raw.length > MAX_MESSAGE_BYTES) {
      return failure(
        null,
        'too_large',
        `message of ${raw.length} characters exceeds the ${MAX_MESSAGE_BYTES}-byte limit`,
      );
    }
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      return failure(null, 'malformed', 'message is not valid JSON');
    }
    const envelope = RequestEnvelope.safeParse(json);
    if (!envelope.success) {
      const id = idOf(json);
      return failure(id, 'malformed', `not a request envelope: ${firstIssue(envelope.error)}`);
    }
    const { id, name, args } = envelope.data;
    if (!isRequestName(name)) return failure(id, 'unknown_request', `unknown request "${name}"`);
    const spec = requests[name];
    const found = caller.token === undefined ? undefined : this.sessions(caller.token);
    const session = found && found.state !== 'unknown' ? found.session : undefined;
    if (spec.permission !== 'public') {
      // no audit record: a request without a session is nobody's action (logins are audited)
      if (!found || found.state === 'unknown') return failure(id, 'unauthenticated', 'log in first');
      if (found.state === 'locked') return failure(id, 'locked', 'the session is locked: unlock it first');
      if (!can(found.session.role, spec.permission)) {
        const s = found.session;
        this.log(`refused ${name} for ${s.user} (${s.role}) from ${s.source}`);
        this.audit({ session: s, request: name, args: summarise(args), result: 'forbidden' });
        return failure(
          id,
          'forbidden',
          `${name} needs the "${spec.permission}" permission, which role ${s.role} does not have`,
        );
      }
    }
    const parsed = spec.args.safeParse(args ?? {});
    if (!parsed.success) return failure(id, 'bad_args', `${name}: ${firstIssue(parsed.error)}`);
    const audited = spec.permission !== 'view' && spec.permission !== 'public' && !spec.selfAudited;
    try {
      const handler = this.handlers[name] as (
        a: unknown,
        c: { session?: Session; caller: Caller },
      ) => unknown;
      const result = await handler(parsed.data, { session, caller });
      if (audited && session)
        this.audit({ session, request: name, args: summarise(parsed.data), result: 'success' });
      return { kind: 'reply', id, ok: true, result };
    } catch (error) {
      if (audited && session) {
        const code = error instanceof RequestError ? error.code : 'failed';
        this.audit({ session, request: name, args: summarise(parsed.data), result: code });
      }
      if (error instanceof RequestError) return failure(id, error.code, error.message);
      this.log(`${name} failed: ${(error as Error).stack ?? String(error)}`);
      return failure(id, 'failed', (error as Error).message || 'request failed');
    }
  }
}

/** Arguments as the audit trail keeps them: small values as they are, big text by its size. */
function summarise(args: unknown): unknown {
  if (!args || typeof args !== 'object') return args ?? null;
  return Object.fromEntries(
    Object.entries(args).map(([k, v]) => [
      k,
      typeof v === 'string' && v.length > 200 ? `<${v.length} characters>` : v,
    ]),
  );
}

function failure(id: number | null, code: ErrorCode, message: string): ReplyEnvelope {
  return { kind: 'reply', id, ok: false, error: { code, message } };
}

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  return `${issue.path.length ? `${issue.path.join('.')}: ` : ''}${issue.message}`;
}

function idOf(json: unknown): number | null {
  if (json && typeof json === 'object' && 'id' in json) {
    const id = (json as { id: unknown }).id;
    if (typeof id === 'number' && Number.isSafeInteger(id) && id >= 0) return id;
  }
  return null;
}
