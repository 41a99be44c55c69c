import { describe, expect, it } from 'vitest';
import type { Effect, StateChange } from './behaviour';
import { SimulatedClock } from './clock';
import { InProcessBus } from './in-process-bus';
import { RequestTimeoutError } from './request-reply';
import { AgentRuntime } from './runtime';
import type { AgentErrorContext, CommandEffect, RuntimeOptions } from './runtime-types';
import { scripted, type Script, type ScriptedConfig, type ScriptedState } from './scripted-behaviour.testkit';

const T0 = 1_700_000_000_000;

function setup(options: Partial<RuntimeOptions> = {}) {
  const clock = new SimulatedClock(T0);
  const bus = new InProcessBus();
  const commands: [CommandEffect, string][] = [];
  const errors: [unknown, AgentErrorContext][] = [];
  const logs: string[] = [];
  const published: { topic: string; payload: unknown; from: string }[] = [];
  bus.subscribe('#', (topic, payload, from) => published.push({ topic, payload, from }));
  const runtime = new AgentRuntime({
    clock,
    bus,
    onCommand: (effect, id) => commands.push([effect, id]),
    onError: (error, context) => errors.push([error, context]),
    log: (level, message) => logs.push(`${level}: ${message}`),
    ...options,
  });
  const add = (
    id: string,
    config: ScriptedConfig = {},
    extra: { zone?: string; neighbours?: string[] } = {},
  ) => runtime.register({ id, kind: 'sensor', behaviour: scripted(), config, ...extra });
  const seen = (id: string) => (runtime.state(id) as ScriptedState).seen;
  const onTopic = (topic: string) => published.filter((m) => m.topic === topic);
  /** publish a script from outside the runtime, as a driver would */
  const poke = (topic: string, script: Script & { label?: string }) => bus.publish(topic, script, 'driver');
  return { clock, bus, runtime, commands, errors, logs, published, add, seen, onTopic, poke };
}

const subscribe = (topic: string): Effect => ({ type: 'subscribe', topic });

describe('AgentRuntime: registration and effects', () => {
  it('runs init, applies its effects and publishes the initial state', () => {
    const t = setup();
    t.add('A', {
      initEffects: [
        subscribe('reading/J1/+'),
        { type: 'schedule', key: 'poll', afterMs: 1000, event: { type: 'tick' } },
      ],
    });
    expect(t.runtime.lifecycle('A')).toBe('active');
    expect(t.runtime.status('A')).toBe('Active');
    const initial: StateChange = {
      agent: 'A',
      kind: 'sensor',
      from: '',
      to: 'Active',
      time: T0,
      reason: 'init',
    };
    expect(t.onTopic('agent/sensor/A/state').map((m) => m.payload)).toEqual([initial]);
    expect(t.runtime.history('A')).toEqual([initial]);

    t.bus.publish('reading/J1/pressure', { label: 'r1' }, 'driver');
    t.bus.publish('reading/J2/pressure', { label: 'not mine' }, 'driver');
    t.clock.advanceTo(T0 + 1000);
    expect(t.seen('A')).toEqual([`reading@${T0} reading/J1/pressure driver = r1`, `tick@${T0 + 1000}`]);
  });

  it('applies publish, send (as a direct message event) and command effects', () => {
    const t = setup();
    t.add('A', { initEffects: [subscribe('go')] });
    t.add('B', { initEffects: [subscribe('zone/N/+')] });
    const command: CommandEffect = { type: 'command', target: 'PU1', action: 'start', reason: 'test' };
    t.poke('go', {
      effects: [
        { type: 'publish', topic: 'zone/N/alarm', payload: { label: 'z' } },
        { type: 'send', to: 'B', subject: 'hello', payload: { label: 'h' } },
        command,
      ],
    });
    expect(t.seen('B')).toEqual([`message@${T0} zone/N/alarm A = z`, `message@${T0} direct/B A = h`]);
    expect(t.onTopic('direct/B')).toEqual([
      { topic: 'direct/B', from: 'A', payload: { subject: 'hello', payload: { label: 'h' } } },
    ]);
    expect(t.commands).toEqual([[command, 'A']]);
  });

  it('keys timers per agent on the one clock: re-scheduling replaces, cancel cancels, ties keep their order', () => {
    const t = setup();
    t.add('A', { initEffects: [subscribe('go')] });
    t.add('B', { initEffects: [subscribe('go')] }); // same keys, another agent: independent
    const timer = (key: string, afterMs: number, label: string): Effect => ({
      type: 'schedule',
      key,
      afterMs,
      event: { type: 'timer', payload: { label } },
    });
    t.poke('go', {
      effects: [
        timer('a', 500, 'a1'),
        timer('b', 500, 'b'),
        timer('a', 1500, 'a2'),
        timer('c', 200, 'c'),
        { type: 'cancel', key: 'c' },
        { type: 'cancel', key: 'never-set' },
      ],
    });
    expect(t.runtime.agentHealth('A').timers).toBe(2);
    t.clock.advanceTo(T0 + 1499);
    expect(t.seen('A').slice(1)).toEqual([`timer@${T0 + 500} = b`]);
    t.clock.advanceTo(T0 + 10_000);
    const fired = [`timer@${T0 + 500} = b`, `timer@${T0 + 1500} = a2`];
    expect(t.seen('A').slice(1)).toEqual(fired);
    expect(t.seen('B').slice(1)).toEqual(fired);
    expect(t.runtime.agentHealth('A').timers).toBe(0);
  });

  it('unsubscribe stops delivery; subscribing twice is one subscription', () => {
    const t = setup();
    t.add('A', { initEffects: [subscribe('go'), subscribe('x/+'), subscribe('x/+')] });
    t.bus.publish('x/1', { label: '1' }, 'driver');
    t.poke('go', { effects: [{ type: 'unsubscribe', topic: 'x/+' }] });
    t.bus.publish('x/2', { label: '2' }, 'driver');
    expect(t.seen('A')).toEqual([`message@${T0} x/1 driver = 1`, `message@${T0} go driver`]);
    expect(t.runtime.agentHealth('A').subscriptions).toBe(1);
  });

  it('publishes each status change once, keeps the last 50 for the UI and counts entries per status', () => {
    const t = setup();
    t.add('A', { initEffects: [subscribe('go')] });
    t.poke('go', { status: 'High' });
    t.poke('go', { status: 'High' }); // no change, nothing published
    const changes = t.onTopic('agent/sensor/A/state').map((m) => m.payload as StateChange);
    expect(changes.map((c) => `${c.from}→${c.to} (${c.reason})`)).toEqual([
      '→Active (init)',
      'Active→High (message on go from driver)',
    ]);
    for (let i = 0; i < 60; i++) t.poke('go', { status: i % 2 === 0 ? 'Active' : 'High' });
    const history = t.runtime.history('A');
    expect(history).toHaveLength(50);
    expect(history.at(-1)).toMatchObject({ from: 'Active', to: 'High' });
    expect(t.runtime.transitionCounts('A')).toEqual({ Active: 31, High: 31 });
  });

  it('a long chain of agents messaging each other neither recurses nor reorders', () => {
    const t = setup();
    t.add('A', { initEffects: [subscribe('go')] });
    t.add('B');
    let script: Script = { status: 'Done' };
    const hops = 20_000;
    for (let i = hops; i > 0; i--) {
      script = { effects: [{ type: 'send', to: i % 2 === 0 ? 'A' : 'B', subject: 'hop', payload: script }] };
    }
    t.poke('go', script);
    expect(t.seen('A').length + t.seen('B').length).toBe(hops + 1);
    expect(t.runtime.status('A')).toBe('Done');
  });

  it('takes agents with work round-robin, one event per turn', () => {
    const t = setup();
    t.add('A', { initEffects: [subscribe('go')] });
    t.add('B');
    t.add('C');
    const order: string[] = [];
    t.bus.subscribe('log', (_t, payload) => order.push(payload as string));
    const note = (to: string, n: number): Effect => ({
      type: 'send',
      to,
      subject: 'work',
      payload: { effects: [{ type: 'publish', topic: 'log', payload: `${to}${n}` }] },
    });
    // from a timer, so A's sends land in B's and C's mailboxes while the loop is busy with A
    const burst = [note('B', 1), note('B', 2), note('B', 3), note('C', 1), note('C', 2), note('C', 3)];
    t.poke('go', {
      effects: [
        {
          type: 'schedule',
          key: 'burst',
          afterMs: 10,
          event: { type: 'timer', payload: { effects: burst } },
        },
      ],
    });
    t.clock.advanceBy(10);
    expect(order).toEqual(['B1', 'C1', 'B2', 'C2', 'B3', 'C3']);
  });

  it('reports an effect that cannot be applied and still applies the others', () => {
    const t = setup();
    t.add('A', { initEffects: [subscribe('go')] });
    t.poke('go', {
      effects: [
        { type: 'publish', topic: 'bad/+/topic', payload: 1 },
        { type: 'schedule', key: 'k', afterMs: -5, event: { type: 'timer' } },
        { type: 'publish', topic: 'good', payload: 2 },
      ],
    });
    expect(t.onTopic('good')).toHaveLength(1);
    expect(t.errors.map(([e, c]) => `${c.phase}/${c.effect?.type}: ${(e as Error).message}`)).toEqual([
      `effect/publish: topic 'bad/+/topic' contains a wildcard ('+' or '#'); wildcards are for subscriptions`,
      "effect/schedule: schedule 'k': afterMs must be a finite number >= 0, got -5",
    ]);
    expect(t.runtime.agentHealth('A')).toMatchObject({ errors: 2, restarts: 0, lifecycle: 'active' });
  });

  it('refuses bad registrations with clear errors', () => {
    const t = setup();
    t.add('A');
    expect(() => t.add('A')).toThrow(/already registered/);
    expect(() => t.add('J/1')).toThrow(/invalid agent id 'J\/1'/);
    expect(() =>
      t.runtime.register({ id: 'P', kind: 'pump', behaviour: scripted('sensor'), config: {} }),
    ).toThrow(/behaviour is for 'sensor'/);
    const broken = { ...scripted(), init: () => ({ state: null as unknown as ScriptedState, effects: [] }) };
    expect(() => t.runtime.register({ id: 'X', kind: 'sensor', behaviour: broken, config: {} })).toThrow(
      /'X' failed to initialise/,
    );
    expect(t.runtime.directory.has('X')).toBe(false);
    expect(() => t.runtime.state('nobody')).toThrow(/no agent 'nobody'/);
  });

  it('exposes the directory by kind, zone and neighbours', () => {
    const t = setup();
    t.add('S1', {}, { zone: 'N', neighbours: ['S2'] });
    t.add('S2', {}, { zone: 'N' });
    t.runtime.register({ id: 'P1', kind: 'pump', behaviour: scripted('pump'), config: {}, zone: 'S' });
    expect(t.runtime.directory.byZone('N').map((a) => a.id)).toEqual(['S1', 'S2']);
    expect(t.runtime.directory.byKind('pump').map((a) => a.id)).toEqual(['P1']);
    expect(t.runtime.directory.neighbours('S2').map((a) => a.id)).toEqual(['S1']);
  });
});

describe('AgentRuntime: request/reply', () => {
  it('resolves with the reply, which never reaches the requester’s mailbox', async () => {
    const t = setup();
    t.add('A');
    t.add('B', { echoRequests: true });
    const reply = await t.runtime.request('A', 'B', 'status?', { label: 'q' }, 1000);
    expect(reply).toEqual({ echo: { label: 'q' }, subject: 'status?' });
    expect(t.seen('B')).toEqual([`message@${T0} direct/B A = q`]);
    expect(t.seen('A')).toEqual([]);
    expect(t.runtime.health().pendingRequests).toBe(0);
  });

  it('waits on the clock for a reply that takes time', async () => {
    const t = setup();
    t.add('A');
    t.add('B', { echoRequests: true, replyDelayMs: 500 });
    let settled = false;
    const reply = t.runtime.request('A', 'B', 'slow', 1, 1000).finally(() => (settled = true));
    t.clock.advanceTo(T0 + 499);
    await Promise.resolve();
    expect(settled).toBe(false);
    t.clock.advanceTo(T0 + 500);
    expect(await reply).toEqual({ echo: 1, subject: 'slow' });
  });

  it('rejects at exactly the timeout and drops the late reply', async () => {
    const t = setup();
    t.add('A');
    t.add('B', { echoRequests: true, replyDelayMs: 1500 });
    let outcome: unknown;
    const done = t.runtime.request('A', 'B', 'slow', 1, 1000).catch((e: unknown) => (outcome = e));
    t.clock.advanceTo(T0 + 999);
    await Promise.resolve();
    expect(outcome).toBeUndefined();
    t.clock.advanceTo(T0 + 1000);
    await done;
    expect(outcome).toBeInstanceOf(RequestTimeoutError);
    expect(outcome).toMatchObject({ from: 'A', to: 'B', subject: 'slow', timeoutMs: 1000 });
    t.clock.advanceTo(T0 + 2000); // the reply comes now, too late
    expect(t.seen('A')).toEqual([]);
    expect(t.logs).toContain('debug: late or unknown reply dropped');
  });

  it('a request to an agent that is not there times out', async () => {
    const t = setup();
    t.add('A');
    const reply = t.runtime.request('A', 'ghost', 'hello', null, 250);
    t.clock.advanceBy(250);
    await expect(reply).rejects.toThrow(/'hello' from 'A' to 'ghost' got no reply within 250 ms/);
  });
});

describe('AgentRuntime: lifecycle and health', () => {
  it('stop takes an agent offline: timers, subscriptions and direct messages no longer reach it', () => {
    const t = setup();
    t.add('A', {
      initEffects: [subscribe('go'), { type: 'schedule', key: 't', afterMs: 100, event: { type: 'tick' } }],
    });
    t.add('B', { initEffects: [subscribe('go')] });
    t.runtime.stop('A');
    t.runtime.stop('A'); // idempotent
    t.poke('go', { effects: [{ type: 'send', to: 'A', subject: 'hi', payload: null }] });
    t.clock.advanceBy(1000);
    expect(t.seen('A')).toEqual([]);
    expect(t.runtime.lifecycle('A')).toBe('offline');
    expect(t.runtime.history('A').at(-1)).toMatchObject({ from: 'Active', to: 'Offline', reason: 'stopped' });
    expect(t.runtime.agentHealth('A')).toMatchObject({ timers: 0, subscriptions: 0, mailboxDepth: 0 });
  });

  it('an agent stopped with events waiting handles them before going offline', () => {
    const t = setup({
      onCommand: (effect) => t.runtime.stop(effect.target), // the command path stops its target
    });
    t.add('A', { initEffects: [subscribe('go')] });
    t.add('B');
    const work = (n: number): Effect => ({
      type: 'send',
      to: 'B',
      subject: 'w',
      payload: { label: n, effects: [{ type: 'publish', topic: 'done', payload: n }] },
    });
    const stopB: Effect = { type: 'command', target: 'B', action: 'stop', reason: 'test' };
    t.poke('go', {
      effects: [
        {
          type: 'schedule',
          key: 'k',
          afterMs: 1,
          event: { type: 'timer', payload: { effects: [work(1), work(2), stopB] } },
        },
      ],
    });
    t.clock.advanceBy(1);
    expect(t.onTopic('done').map((m) => m.payload)).toEqual([1, 2]);
    expect(t.runtime.lifecycle('B')).toBe('offline');
    expect(t.runtime.status('B')).toBe('Offline');
  });

  it('stopAll stops everyone and rejects requests still waiting', async () => {
    const t = setup();
    t.add('A');
    t.add('B');
    const pending = t.runtime.request('A', 'B', 'q', null, 60_000);
    t.runtime.stopAll();
    await expect(pending).rejects.toThrow('agent runtime stopped');
    expect(t.runtime.health().byLifecycle).toMatchObject({ offline: 2, active: 0 });
  });

  it('health sums activity and points at agents needing attention or silent too long', () => {
    const t = setup();
    t.add('A', { initEffects: [subscribe('go')] });
    t.add('B');
    t.clock.advanceBy(5000);
    t.poke('go', { label: 'x' });
    t.poke('go', { effects: [{ type: 'publish', topic: 'bad/#', payload: 0 }] });
    const health = t.runtime.health({ staleAfterMs: 1000 });
    expect(health).toMatchObject({
      time: T0 + 5000,
      agents: 2,
      eventsProcessed: 2,
      errors: 1,
      restarts: 0,
      dropped: 0,
      byLifecycle: { active: 2, offline: 0 },
      stale: ['B'],
    });
    expect(health.attention.map((a) => a.id)).toEqual(['A']);
    expect(t.runtime.agentHealth('A')).toMatchObject({ lastActivity: T0 + 5000, eventsProcessed: 2 });
  });
});
