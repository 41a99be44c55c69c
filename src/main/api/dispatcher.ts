// The one implementation of the contract. Both transports hand it raw strings; it checks
// size, envelope, request name, arguments and the session's permission (RBAC lives here,
// not in the UI), runs the handler, and always answers with a reply envelope. Nothing a
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

export type Handlers = {
  [N in RequestName]: (
    args: z.output<(typeof requests)[N]['args']>,
    session: Session,
  ) => ResultOf<N> | Promise<ResultOf<N>>;
};

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
    private readonly log: (line: string) => void = () => {},
    /** called for every request that changes something or is refused; looking is not audited */
    private readonly audit: (entry: AuditedRequest) => void = () => {},
  ) {}

  async handle(raw: string, session: Session): Promise<ReplyEnvelope> {
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
    if (!can(session.role, spec.permission)) {
      this.log(`refused ${name} for ${session.user} (${session.role}) from ${session.source}`);
      this.audit({ session, request: name, args: summarise(args), result: 'forbidden' });
      return failure(
        id,
        'forbidden',
        `${name} needs the "${spec.permission}" permission, which role ${session.role} does not have`,
      );
    }
    const parsed = spec.args.safeParse(args ?? {});
    if (!parsed.success) return failure(id, 'bad_args', `${name}: ${firstIssue(parsed.error)}`);
    const audited = spec.permission !== 'view';
    try {
      const handler = this.handlers[name] as (a: unknown, s: Session) => unknown;
      const result = await handler(parsed.data, session);
      if (audited) this.audit({ session, request: name, args: summarise(parsed.data), result: 'success' });
      return { kind: 'reply', id, ok: true, result };
    } catch (error) {
      if (audited) {
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
