import { describe, expect, it } from 'vitest';
import type { PayloadOf, PushName } from '../../shared/contract';
import { Connection, type PushSource } from './connection';
import { Dispatcher, type Handlers } from './dispatcher';

/** the core's side: pushes, and sessions by token ('live' is an active session, 'asleep' a locked one) */
class Pushes implements PushSource {
  private listeners = new Set<(name: PushName, payload: unknown) => void>();
  private sessionListeners = new Set<Parameters<PushSource['onSessionEvent']>[0]>();
  locked = false;
  peekSession: PushSource['peekSession'] = (token) =>
    token === 'live'
      ? {
          state: this.locked ? 'locked' : 'active',
          session: { id: 's', user: 'u', role: 'viewer', source: 't' },
        }
      : { state: 'unknown' };
  onSessionEvent(listener: Parameters<PushSource['onSessionEvent']>[0]) {
    this.sessionListeners.add(listener);
    return () => this.sessionListeners.delete(listener);
  }
  sessionEvent(kind: 'locked' | 'unlocked' | 'ended', id = 's') {
    for (const l of this.sessionListeners) l({ kind, session: { id } });
  }
  onPush(listener: <N extends PushName>(name: N, payload: PayloadOf<N>) => void) {
    this.listeners.add(listener as never);
    return () => this.listeners.delete(listener as never);
  }
  emit(name: PushName, payload: unknown) {
    for (const l of this.listeners) l(name, payload);
  }
  count() {
    return this.listeners.size;
  }
}

function manualTimer() {
  const pending: (() => void)[] = [];
  return {
    timer: { set: (fn: () => void) => pending.push(fn), clear: () => pending.splice(0) },
    fire: () => pending.splice(0).forEach((fn) => fn()),
  };
}

const clockState = (now: number) => ({ now, speed: 60, running: true });
const dispatcher = new Dispatcher({ 'clock.get': () => clockState(5) } as unknown as Handlers, (token) =>
  token === 'live'
    ? { state: 'active', session: { id: 's', user: 'u', role: 'viewer', source: 't' } }
    : { state: 'unknown' },
);
const loggedIn = () => ({ source: 't', token: 'live', sessionId: 's' });

describe('Connection', () => {
  it('coalesces pushes per name, latest wins, one flush per interval', () => {
    const pushes = new Pushes();
    const sent: string[] = [];
    const { timer, fire } = manualTimer();
    new Connection(dispatcher, loggedIn(), pushes, { send: (m) => sent.push(m) }, { timer });
    for (let i = 0; i < 100; i++) pushes.emit('clock.state', clockState(i));
    pushes.emit('network.loaded', { name: 'x', nodes: 1, links: 0 });
    expect(sent).toHaveLength(0);
    fire();
    expect(sent.map((m) => JSON.parse(m))).toEqual([
      { kind: 'push', name: 'clock.state', payload: clockState(99) },
      { kind: 'push', name: 'network.loaded', payload: { name: 'x', nodes: 1, links: 0 } },
    ]);
  });

  it('holds pushes while the client is backed up, then sends only the latest', () => {
    const pushes = new Pushes();
    const sent: string[] = [];
    let backlog = 10e6;
    const { timer, fire } = manualTimer();
    new Connection(
      dispatcher,
      loggedIn(),
      pushes,
      { send: (m) => sent.push(m), backlog: () => backlog },
      { timer },
    );
    pushes.emit('clock.state', clockState(1));
    fire();
    pushes.emit('clock.state', clockState(2));
    fire();
    expect(sent).toHaveLength(0);
    backlog = 0;
    fire();
    expect(sent.map((m) => JSON.parse(m).payload.now)).toEqual([2]);
  });

  it('answers requests and stops listening when closed', async () => {
    const pushes = new Pushes();
    const sent: string[] = [];
    const connection = new Connection(dispatcher, loggedIn(), pushes, { send: (m) => sent.push(m) });
    await connection.receive(JSON.stringify({ kind: 'request', id: 1, name: 'clock.get', args: {} }));
    expect(JSON.parse(sent[0]!)).toMatchObject({ id: 1, ok: true, result: { now: 5 } });
    connection.close();
    expect(pushes.count()).toBe(0);
  });

  it('pushes nothing to a client without a session or with a locked one, and tells it when it locks or ends', () => {
    const pushes = new Pushes();
    const anonymous: string[] = [];
    const sent: string[] = [];
    const { timer, fire } = manualTimer();
    new Connection(dispatcher, { source: 't' }, pushes, { send: (m) => anonymous.push(m) }, { timer });
    const caller = loggedIn();
    new Connection(dispatcher, caller, pushes, { send: (m) => sent.push(m) }, { timer });
    pushes.emit('clock.state', clockState(1));
    fire();
    expect(anonymous).toEqual([]);
    expect(sent).toHaveLength(1);

    pushes.locked = true;
    pushes.sessionEvent('locked');
    pushes.sessionEvent('locked', 'someone-else');
    pushes.emit('clock.state', clockState(2));
    fire();
    expect(sent.slice(1).map((m) => JSON.parse(m))).toEqual([
      { kind: 'push', name: 'session.state', payload: { state: 'locked' } },
    ]);
    pushes.sessionEvent('ended');
    expect(JSON.parse(sent.at(-1)!)).toMatchObject({ payload: { state: 'ended' } });
    expect(caller.token).toBeUndefined();
    expect(anonymous).toEqual([]);
  });
});
