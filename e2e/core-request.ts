// A request to the core independently of the console's own client: the contract envelope
// over a WebSocket of its own to /api, opened from the page (same origin, so the core takes
// it for a browser tab), which logs in first: every connection starts without a session.
import type { Page } from '@playwright/test';
import type { ArgsOf, ErrorCode, RequestName, ResultOf } from '../src/shared/contract';
import type { Credentials } from './console';

export type RawReply<N extends RequestName> =
  { ok: true; result: ResultOf<N> } | { ok: false; error: { code: ErrorCode; message: string } };

/** The reply as the core sent it, refusals included. */
export async function rawCoreRequest<N extends RequestName>(
  page: Page,
  as: Credentials,
  name: N,
  args: ArgsOf<N>,
): Promise<RawReply<N>> {
  const reply = await page.evaluate(
    ({ name, args, user, password }) =>
      new Promise<unknown>((resolveReply, reject) => {
        const socket = new WebSocket(`ws://${location.host}/api`);
        const send = (id: number, n: string, a: unknown) =>
          socket.send(JSON.stringify({ kind: 'request', id, name: n, args: a }));
        socket.onopen = () => send(1, 'auth.login', { user, password });
        socket.onerror = () => reject(new Error(`WebSocket error during ${name}`));
        socket.onmessage = (event) => {
          const message = JSON.parse(String(event.data));
          if (message.kind !== 'reply') return; // a push
          if (message.id === 1) {
            if (message.ok) send(2, name, args);
            else reject(new Error(`auth.login: ${message.error.message}`));
            return;
          }
          socket.close();
          resolveReply(
            message.ok ? { ok: true, result: message.result } : { ok: false, error: message.error },
          );
        };
      }),
    { name, args, user: as.user, password: as.password },
  );
  return reply as RawReply<N>;
}

/** The result, or an Error with the core's message. */
export async function coreRequest<N extends RequestName>(
  page: Page,
  as: Credentials,
  name: N,
  args: ArgsOf<N>,
): Promise<ResultOf<N>> {
  const reply = await rawCoreRequest(page, as, name, args);
  if (!reply.ok) throw new Error(`${name}: ${reply.error.message}`);
  return reply.result;
}
