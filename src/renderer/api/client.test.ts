import { describe, expect, it } from 'vitest';
import { createClient, reconnectDelay, RequestError, type ChannelEvents, type Connector } from './client';

/** A connector whose channels the test opens, feeds and drops by hand. */
function fakeConnector(reconnects = true) {
  const channels: { events: ChannelEvents; sent: string[] }[] = [];
  const connector: Connector = {
    reconnects,
    open(events) {
      const channel = { events, sent: [] as string[] };
      channels.push(channel);
      return { send: (text) => channel.sent.push(text) };
    },
  };
  const timers: { cb: () => void; ms: number }[] = [];
  const setTimer = (cb: () => void, ms: number) => timers.push({ cb, ms });
  const current = () => channels[channels.length - 1]!;
  const sentRequests = () => current().sent.map((text) => JSON.parse(text) as { id: number; name: string });
  const reply = (message: object) =>
    current().events.onMessage(JSON.stringify({ kind: 'reply', ...message }));
  return { connector, channels, timers, setTimer, current, sentRequests, reply };
}

const clock = { now: 0, speed: 60, running: true };

describe('createClient', () => {
  it('queues requests until the channel opens, then sends them in order', async () => {
    const fake = fakeConnector();
    const client = createClient(fake.connector, { setTimer: fake.setTimer });
    expect(client.status).toBe('connecting');
    const pending = client.request('clock.get', {});
    client.request('clock.set', { speed: 600 }).catch(() => undefined);
    expect(fake.current().sent).toEqual([]);
    fake.current().events.onOpen();
    expect(client.status).toBe('open');
    const sent = fake.sentRequests();
    expect(sent.map((r) => r.name)).toEqual(['clock.get', 'clock.set']);
    expect(JSON.parse(fake.current().sent[0]!)).toEqual({
      kind: 'request',
      id: sent[0]!.id,
      name: 'clock.get',
      args: {},
    });
    fake.reply({ id: sent[0]!.id, ok: true, result: clock });
    await expect(pending).resolves.toEqual(clock);
  });

  it('rejects with the core’s error code and message', async () => {
    const fake = fakeConnector();
    const client = createClient(fake.connector);
    fake.current().events.onOpen();
    const pending = client.request('network.open', { fileName: 'x.inp', inp: '[JUNCTIONS]' });
    const { id } = fake.sentRequests()[0]!;
    fake.reply({ id, ok: false, error: { code: 'failed', message: 'x.inp: line 3: bad value' } });
    const error = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestError);
    expect(error).toMatchObject({ code: 'failed', message: 'x.inp: line 3: bad value' });
  });

  it('rejects a result that does not match the contract', async () => {
    const fake = fakeConnector();
    const client = createClient(fake.connector);
    fake.current().events.onOpen();
    const pending = client.request('clock.get', {});
    fake.reply({ id: fake.sentRequests()[0]!.id, ok: true, result: { now: 'soon' } });
    await expect(pending).rejects.toMatchObject({ code: 'bad_reply' });
  });

  it('delivers valid pushes to their listeners and drops malformed ones', () => {
    const fake = fakeConnector();
    const client = createClient(fake.connector);
    fake.current().events.onOpen();
    const received: unknown[] = [];
    const off = client.onPush('clock.state', (state) => received.push(state));
    const push = (payload: unknown) =>
      fake.current().events.onMessage(JSON.stringify({ kind: 'push', name: 'clock.state', payload }));
    push(clock);
    push({ now: 'later' });
    fake.current().events.onMessage('not json');
    off();
    push(clock);
    expect(received).toEqual([clock]);
  });

  it('on a dropped connection rejects requests on the wire, reconnects with backoff and resends queued ones', async () => {
    const fake = fakeConnector();
    const client = createClient(fake.connector, { setTimer: fake.setTimer });
    const statuses: string[] = [];
    client.onStatus((s) => statuses.push(s));
    fake.current().events.onOpen();
    const onTheWire = client.request('clock.get', {});
    fake.current().events.onClose();
    await expect(onTheWire).rejects.toMatchObject({ code: 'disconnected' });
    expect(client.status).toBe('closed');
    expect(fake.timers.map((t) => t.ms)).toEqual([500]);

    const queued = client.request('clock.get', {});
    fake.timers.shift()!.cb(); // reconnect attempt 1…
    fake.current().events.onClose(); // …fails
    fake.timers.shift()!.cb(); // attempt 2 after 0.5 s
    fake.current().events.onClose(); // fails again: next wait doubles
    expect(fake.timers.map((t) => t.ms)).toEqual([1000]);
    fake.timers.shift()!.cb();
    fake.current().events.onOpen();
    expect(fake.channels).toHaveLength(4);
    const { id } = fake.sentRequests()[0]!;
    fake.reply({ id, ok: true, result: clock });
    await expect(queued).resolves.toEqual(clock);
    expect(statuses).toEqual([
      'open',
      'closed',
      'connecting',
      'closed',
      'connecting',
      'closed',
      'connecting',
      'open',
    ]);
  });
});

const session = {
  user: 'olga',
  displayName: 'Olga',
  role: 'operator' as const,
  permissions: ['view' as const, 'operate' as const],
  locked: false,
  expiresAt: 1,
};

/** A resume hook that records what the client told it. */
function resumeWith(token: string | null) {
  const told: string[] = [];
  let current = token;
  return {
    told,
    setToken: (t: string | null) => (current = t),
    resume: {
      token: () => current,
      resumed: (s: { user: string }) => told.push(`resumed ${s.user}`),
      refused: (e: RequestError) => told.push(`refused ${e.code}`),
    },
  };
}

describe('session resume', () => {
  it('sends auth.resume first on a new channel, and the queued requests only after its reply', async () => {
    const fake = fakeConnector();
    const hook = resumeWith('tok-1');
    const client = createClient(fake.connector, { setTimer: fake.setTimer, resume: hook.resume });
    const queued = client.request('clock.get', {});
    fake.current().events.onOpen();
    expect(fake.sentRequests().map((r) => r.name)).toEqual(['auth.resume']);
    expect(JSON.parse(fake.current().sent[0]!).args).toEqual({ token: 'tok-1' });
    expect(client.status).toBe('connecting');
    fake.reply({ id: fake.sentRequests()[0]!.id, ok: true, result: session });
    await Promise.resolve();
    await Promise.resolve();
    expect(hook.told).toEqual(['resumed olga']);
    expect(client.status).toBe('open');
    expect(fake.sentRequests().map((r) => r.name)).toEqual(['auth.resume', 'clock.get']);
    fake.reply({ id: fake.sentRequests()[1]!.id, ok: true, result: clock });
    await expect(queued).resolves.toEqual(clock);
  });

  it('tells when the core refuses the token, then carries on without a session', async () => {
    const fake = fakeConnector();
    const hook = resumeWith('stale');
    const client = createClient(fake.connector, { setTimer: fake.setTimer, resume: hook.resume });
    fake.current().events.onOpen();
    fake.reply({
      id: fake.sentRequests()[0]!.id,
      ok: false,
      error: { code: 'unauthenticated', message: 'the session has ended' },
    });
    await expect.poll(() => client.status).toBe('open');
    expect(hook.told).toEqual(['refused unauthenticated']);
  });

  it('resumes again after a reconnect, and not at all without a token', async () => {
    const fake = fakeConnector();
    const hook = resumeWith(null);
    const client = createClient(fake.connector, { setTimer: fake.setTimer, resume: hook.resume });
    fake.current().events.onOpen();
    expect(client.status).toBe('open');
    expect(fake.current().sent).toEqual([]);
    hook.setToken('tok-2');
    fake.current().events.onClose();
    fake.timers.shift()!.cb();
    fake.current().events.onOpen();
    expect(fake.sentRequests().map((r) => r.name)).toEqual(['auth.resume']);
    // the channel drops before the reply: no verdict on the token, and the next channel tries again
    fake.current().events.onClose();
    await Promise.resolve();
    expect(hook.told).toEqual([]);
    expect(client.status).toBe('closed');
    fake.timers.shift()!.cb();
    fake.current().events.onOpen();
    expect(fake.sentRequests().map((r) => r.name)).toEqual(['auth.resume']);
  });
});

describe('reconnectDelay', () => {
  it('backs off from 0.5 s to at most 5 s', () => {
    expect([0, 1, 2, 3, 4, 5, 20].map(reconnectDelay)).toEqual([500, 1000, 2000, 4000, 5000, 5000, 5000]);
  });
});
