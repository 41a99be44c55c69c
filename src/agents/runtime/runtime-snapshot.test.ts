import { describe, expect, it } from 'vitest';
import type { Effect } from './behaviour';
import { SimulatedClock } from './clock';
import { InProcessBus } from './in-process-bus';
import { AgentRuntime } from './runtime';
import type { RuntimeSnapshot } from './snapshot';
import { scripted, type Script, type ScriptedState } from './scripted-behaviour.testkit';

const T0 = 1_700_000_000_000;

const timer = (key: string, afterMs: number, label: string, then: Effect[] = []): Effect => ({
  type: 'schedule',
  key,
  afterMs,
  event: { type: 'timer', payload: { label, effects: then } },
});

/** A console with three agents; its init timers differ from what the agents will have later. */
function console_(startMs: number, maxRestarts = 0) {
  const clock = new SimulatedClock(startMs);
  const bus = new InProcessBus();
  const runtime = new AgentRuntime({ clock, bus, supervision: { maxRestarts } });
  for (const id of ['A', 'B', 'C']) {
    runtime.register({
      id,
      kind: 'sensor',
      behaviour: scripted(),
      config: { initEffects: [{ type: 'subscribe', topic: `go/${id}` }, timer('boot', 50, `${id}-boot`)] },
    });
  }
  const poke = (id: string, script: Script & { label?: string }) => bus.publish(`go/${id}`, script, 'driver');
  const seen = (id: string) => (runtime.state(id) as ScriptedState).seen;
  return { clock, bus, runtime, poke, seen };
}

/** Drive a console into an interesting place: changed states, timers of all sorts, a dynamic subscription, an offline agent. */
function drive(c: ReturnType<typeof console_>) {
  c.poke('A', {
    status: 'High',
    effects: [
      { type: 'subscribe', topic: 'reading/+/pressure' },
      timer('poll', 1000, 'A-poll-1', [timer('poll', 1000, 'A-poll-2')]), // re-arms itself once
      timer('same-instant-1', 2500, 'A-tie-1'),
      { type: 'cancel', key: 'boot' },
    ],
  });
  c.poke('B', {
    status: 'Low',
    effects: [timer('late', 5000, 'B-late'), timer('same-instant-2', 2500, 'B-tie-2')],
  });
  c.poke('C', { fail: 'dies at once (maxRestarts: 0)' });
  c.clock.advanceBy(1200); // B's boot and A's first poll fire before the snapshot
}

describe('AgentRuntime snapshot/restore', () => {
  it('a new console restored from a snapshot has the same states and fires the same timers at the same times', () => {
    const original = console_(T0);
    drive(original);
    const snap = JSON.parse(JSON.stringify(original.runtime.snapshot())) as RuntimeSnapshot;
    expect(snap.time).toBe(T0 + 1200);
    expect(snap.agents['A']).toMatchObject({
      status: 'High',
      lifecycle: 'active',
      subscriptions: ['go/A', 'reading/+/pressure'],
    });
    expect(snap.agents['C']).toMatchObject({ status: 'Offline', lifecycle: 'offline' });
    expect(snap.pendingTimers.map((t) => `${t.agent}/${t.key}@${t.due - T0}`)).toEqual([
      'A/poll@2000',
      'A/same-instant-1@2500',
      'B/same-instant-2@2500',
      'B/late@5000',
    ]);

    const resumed = console_(snap.time);
    const report = resumed.runtime.restore(snap);
    expect(report).toEqual({ restored: ['A', 'B', 'C'], skipped: [], notInSnapshot: [], timers: 4 });
    for (const id of ['A', 'B', 'C']) {
      expect(resumed.runtime.state(id)).toEqual(original.runtime.state(id));
      expect(resumed.runtime.status(id)).toBe(original.runtime.status(id));
      expect(resumed.runtime.lifecycle(id)).toBe(original.runtime.lifecycle(id));
    }

    // both consoles now live through the same future: they must end up identical
    for (const c of [original, resumed]) {
      c.bus.publish('reading/J7/pressure', { label: 'r' }, 'driver');
      c.clock.advanceTo(T0 + 10_000);
    }
    for (const id of ['A', 'B', 'C']) expect(resumed.seen(id)).toEqual(original.seen(id));
    expect(resumed.seen('A')).toEqual([
      `message@${T0} go/A driver`,
      `timer@${T0 + 1000} = A-poll-1`,
      `reading@${T0 + 1200} reading/J7/pressure driver = r`, // the subscription made by an effect survived
      `timer@${T0 + 2000} = A-poll-2`,
      `timer@${T0 + 2500} = A-tie-1`,
    ]);
    expect(resumed.seen('B').slice(-2)).toEqual([
      `timer@${T0 + 2500} = B-tie-2`,
      `timer@${T0 + 5000} = B-late`,
    ]);
    expect(resumed.seen('C')).toEqual([]);
  });

  it('re-arms timers relative to the clock when the console resumes later', () => {
    const original = console_(T0);
    drive(original);
    const snap = original.runtime.snapshot();
    const later = console_(snap.time + 60_000);
    later.runtime.restore(snap);
    later.clock.advanceTo(snap.time + 60_000 + 3799);
    expect(later.seen('B').at(-1)).toBe(`timer@${snap.time + 60_000 + 1300} = B-tie-2`);
    later.clock.advanceBy(1);
    expect(later.seen('B').at(-1)).toBe(`timer@${snap.time + 60_000 + 3800} = B-late`);
  });

  it('keeps the mailbox of an agent that was down and lets it resume', () => {
    const hosted = () => ({
      id: 'D',
      kind: 'sensor' as const,
      behaviour: scripted(),
      config: { initEffects: [{ type: 'subscribe', topic: 'go/D' } as Effect] },
    });
    const before = console_(T0, 5);
    before.runtime.register(hosted());
    before.bus.publish('go/D', { fail: 'boom' }, 'driver');
    before.bus.publish('go/D', { label: 'kept' }, 'driver');
    const snap = before.runtime.snapshot();
    expect(snap.agents['D']).toMatchObject({
      lifecycle: 'restarting',
      mailbox: [{ type: 'message', time: T0 }],
    });

    const after = console_(snap.time, 5);
    after.runtime.register(hosted());
    after.runtime.restore(snap);
    expect(after.runtime.lifecycle('D')).toBe('active');
    expect(after.seen('D')).toEqual([`message@${T0} go/D driver = kept`]);
  });

  it('skips agents it does not host and says so; refuses a malformed snapshot clearly', () => {
    const original = console_(T0);
    drive(original);
    const snap = original.runtime.snapshot();
    const other = new AgentRuntime({ clock: new SimulatedClock(snap.time), bus: new InProcessBus() });
    other.register({ id: 'A', kind: 'pump', behaviour: scripted('pump'), config: {} });
    other.register({ id: 'Z', kind: 'sensor', behaviour: scripted(), config: {} });
    expect(other.restore(snap)).toEqual({
      restored: [],
      skipped: ['A', 'B', 'C'],
      notInSnapshot: ['A', 'Z'],
      timers: 0,
    });

    expect(() => original.runtime.restore({ ...snap, version: 2 })).toThrow(
      /invalid runtime snapshot: version/,
    );
    expect(() => original.runtime.restore({ ...snap, pendingTimers: [{ agent: 'A', key: 'k' }] })).toThrow(
      /pendingTimers\.0\.due/,
    );
  });
});
