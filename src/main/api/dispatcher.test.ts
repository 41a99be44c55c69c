import { describe, expect, it } from 'vitest';
import type { Role, Session } from '../../shared/access';
import { MAX_MESSAGE_BYTES, ReplyEnvelope } from '../../shared/contract';
import { type Caller, Dispatcher, type Handlers, RequestError, type SessionLookup } from './dispatcher';

const session = (role: Role): Session => ({ id: `s-${role}`, user: 'ana', role, source: 'test' });
/** tokens `tok-<role>` are live sessions of that role, `tok-locked` a locked one */
const lookup: SessionLookup = (token) => {
  if (token === 'tok-locked') return { state: 'locked', session: session('admin') };
  const role = token.replace(/^tok-/, '') as Role;
  return ['viewer', 'operator', 'engineer', 'admin'].includes(role)
    ? { state: 'active', session: session(role) }
    : { state: 'unknown' };
};
const clock = { now: 1, speed: 60 as const, running: true };
let lastClockArgs: unknown;

let lastCall: { session?: Session; caller: Caller } | undefined;
const handlers = {
  'auth.status': (_a, call) => {
    lastCall = call;
    return { setupRequired: false, setupCodeRequired: true, session: null };
  },
  'network.get': () => {
    throw new Error('model store unavailable');
  },
  'network.open': () => {
    throw new RequestError('invalid_file', 'town.inp: line 4 [JUNCTIONS]: illegal numeric value');
  },
  'twin.frame': () => ({
    loadId: 'l1',
    t: 0,
    nodes: { pressure: [], head: [], demand: [] },
    links: { flow: [], velocity: [], status: [], setting: [] },
  }),
  'twin.actuate': () => ({ ok: true as const }),
  'clock.get': () => clock,
  'agents.list': () => ({ agents: [] }),
  'agents.get': () => {
    throw new RequestError('bad_args', 'no agent "X"');
  },
  'alerts.recent': () => ({ alerts: [] }),
  'clock.set': (args) => {
    lastClockArgs = args;
    return clock;
  },
} satisfies Partial<Handlers>;

const audited: { request: string; result: string }[] = [];
const dispatcher = new Dispatcher(
  handlers as unknown as Handlers,
  lookup,
  () => {},
  (e) => audited.push(e),
);
const ask = async (raw: string, role: Role | 'locked' | 'none' = 'engineer') => {
  const reply = await dispatcher.handle(
    raw,
    role === 'none' ? { source: 'test' } : { source: 'test', token: `tok-${role}` },
  );
  expect(ReplyEnvelope.safeParse(reply).success).toBe(true); // every answer is a valid reply
  return reply;
};
const req = (name: string, args: unknown, id = 7) => JSON.stringify({ kind: 'request', id, name, args });
const errorOf = (r: ReplyEnvelope) => (r.ok ? null : r.error.code);

describe('Dispatcher: the contract boundary', () => {
  it('answers a valid request with its result and id', async () => {
    const reply = await ask(req('clock.set', { speed: 600 }, 42));
    expect(reply).toMatchObject({ kind: 'reply', id: 42, ok: true, result: clock });
    expect(lastClockArgs).toEqual({ speed: 600 });
  });

  it.each([
    ['not JSON', '{"kind":', 'malformed'],
    ['JSON but not an envelope', '[1,2,3]', 'malformed'],
    [
      'an envelope with extra fields',
      JSON.stringify({ kind: 'request', id: 1, name: 'clock.get', args: {}, admin: true }),
      'malformed',
    ],
    ['a negative id', JSON.stringify({ kind: 'request', id: -1, name: 'clock.get', args: {} }), 'malformed'],
    ['an unknown request', req('system.shell', { cmd: 'rm -rf /' }), 'unknown_request'],
    ['a prototype key as name', req('__proto__', {}), 'unknown_request'],
    ['arguments of the wrong type', req('clock.set', { speed: 'fast' }), 'bad_args'],
    ['unexpected arguments', req('clock.get', { sneaky: 1 }), 'bad_args'],
    [
      'an actuation with an out-of-range speed',
      req('twin.actuate', { link: 'P1', action: 'speed', value: 99 }),
      'bad_args',
    ],
  ])('refuses %s with a clear error, never a crash', async (_label, raw, code) => {
    expect(errorOf(await ask(raw))).toBe(code);
  });

  it('keeps the request id when the arguments are bad, so the client can match the error', async () => {
    const reply = await ask(req('clock.set', { speed: -5 }, 99));
    expect(reply.id).toBe(99);
    expect(reply.ok ? '' : reply.error.message).toMatch(/^clock\.set: speed/);
  });

  it('refuses an oversized message before parsing it', async () => {
    const huge = req('network.open', { fileName: 'x.inp', inp: 'x'.repeat(MAX_MESSAGE_BYTES) });
    expect(errorOf(await ask(huge))).toBe('too_large');
  });

  it('enforces the role of the session for every request (RBAC in the core, not the UI)', async () => {
    expect(errorOf(await ask(req('clock.set', { running: false }), 'viewer'))).toBe('forbidden');
    expect(errorOf(await ask(req('network.open', { fileName: 'a.inp', inp: 'x' }), 'operator'))).toBe(
      'forbidden',
    );
    expect(errorOf(await ask(req('twin.actuate', { link: 'P1', action: 'close' }), 'viewer'))).toBe(
      'forbidden',
    );
    expect(errorOf(await ask(req('clock.get', {}), 'viewer'))).toBe(null);
    expect(errorOf(await ask(req('clock.set', { running: true }), 'operator'))).toBe(null);
  });

  it('answers nothing but the public requests without a session, and nothing but them while locked', async () => {
    expect(errorOf(await ask(req('clock.get', {}), 'none'))).toBe('unauthenticated');
    expect(errorOf(await ask(req('clock.get', {}), 'locked'))).toBe('locked');
    expect(errorOf(await ask(req('auth.status', {}), 'none'))).toBe(null);
    expect(lastCall?.session).toBeUndefined();
    expect(errorOf(await ask(req('auth.status', {}), 'viewer'))).toBe(null);
    expect(lastCall?.session).toMatchObject({ role: 'viewer' });
    // a token nobody issued is no session
    const forged = await dispatcher.handle(req('clock.get', {}), { source: 'test', token: 'tok-root' });
    expect(errorOf(forged)).toBe('unauthenticated');
  });

  it('audits every refusal by role and every change, but not looking', async () => {
    audited.length = 0;
    await ask(req('clock.set', { running: false }), 'viewer');
    await ask(req('clock.set', { running: true }), 'operator');
    await ask(req('clock.get', {}), 'viewer');
    expect(audited).toMatchObject([
      { request: 'clock.set', result: 'forbidden' },
      { request: 'clock.set', result: 'success' },
    ]);
  });

  it('passes user-facing errors through and contains unexpected ones', async () => {
    const invalid = await ask(req('network.open', { fileName: 'town.inp', inp: '[JUNCTIONS]' }));
    expect(invalid).toMatchObject({
      ok: false,
      error: { code: 'invalid_file', message: expect.stringMatching(/line 4/) },
    });
    const failed = await ask(req('network.get', {}));
    expect(failed).toMatchObject({
      ok: false,
      error: { code: 'failed', message: 'model store unavailable' },
    });
  });
});
