import { describe, expect, it } from 'vitest';
import type { Alert, StateChange } from './behaviour';
import { SimulatedClock } from './clock';
import { InProcessBus } from './in-process-bus';
import { AgentRuntime } from './runtime';
import type { AgentErrorContext, RuntimeOptions } from './runtime-types';
import { scripted, type Script, type ScriptedState } from './scripted-behaviour.testkit';

const T0 = 1_700_000_000_000;

function setup(options: Partial<RuntimeOptions> = {}) {
  const clock = new SimulatedClock(T0);
  const bus = new InProcessBus();
  const errors: [unknown, AgentErrorContext][] = [];
  const alerts: Alert[] = [];
  const changes: StateChange[] = [];
  bus.subscribe('agent/+/+/alert', (_t, payload) => alerts.push(payload as Alert));
  bus.subscribe('agent/+/+/state', (_t, payload) => changes.push(payload as StateChange));
  const runtime = new AgentRuntime({ clock, bus, onError: (e, c) => errors.push([e, c]), ...options });
  runtime.register({
    id: 'A',
    kind: 'pump',
    behaviour: scripted('pump'),
    config: { initEffects: [{ type: 'subscribe', topic: 'go' }] },
  });
  const poke = (script: Script & { label?: string }) => bus.publish('go', script, 'driver');
  const seen = () => (runtime.state('A') as ScriptedState).seen;
  return { clock, bus, runtime, errors, alerts, changes, poke, seen };
}

describe('AgentRuntime supervision', () => {
  it('restarts a failing agent from its last good state after a backoff, keeping what arrived meanwhile', () => {
    const t = setup();
    t.poke({ label: 'e1', status: 'Running' });
    t.poke({ fail: 'boom' });
    expect(t.runtime.lifecycle('A')).toBe('restarting');
    expect(t.alerts).toEqual([
      {
        agent: 'A',
        kind: 'pump',
        time: T0,
        priority: 2,
        type: 'agent_restart',
        message: `handle() threw on message on go from driver: boom; restart 1 from the last good state in 1 s`,
      },
    ]);
    expect(t.errors).toHaveLength(1);
    expect(t.errors[0]![0]).toEqual(new Error('boom'));
    expect(t.errors[0]![1]).toMatchObject({
      agentId: 'A',
      phase: 'handle',
      action: 'restart',
      attempt: 1,
      delayMs: 1000,
    });

    t.poke({ label: 'e2' });
    t.poke({ label: 'e3' });
    t.clock.advanceTo(T0 + 999);
    expect(t.runtime.agentHealth('A')).toMatchObject({
      lifecycle: 'restarting',
      mailboxDepth: 2,
      restarts: 0,
    });
    t.clock.advanceTo(T0 + 1000);
    expect(t.runtime.agentHealth('A')).toMatchObject({
      lifecycle: 'active',
      mailboxDepth: 0,
      restarts: 1,
      errors: 1,
    });
    // the failing event is dropped; the state is the one before it; the kept events follow in order
    expect(t.seen()).toEqual([
      `message@${T0} go driver = e1`,
      `message@${T0} go driver = e2`,
      `message@${T0} go driver = e3`,
    ]);
    expect(t.runtime.status('A')).toBe('Running');
  });

  it('timers keep firing into the mailbox while the agent is down', () => {
    const t = setup();
    t.poke({
      effects: [
        { type: 'schedule', key: 'k', afterMs: 300, event: { type: 'timer', payload: { label: 't' } } },
      ],
    });
    t.poke({ fail: 'boom' });
    t.clock.advanceTo(T0 + 2000);
    expect(t.seen().at(-1)).toBe(`timer@${T0 + 300} = t`);
  });

  it('backs off exponentially on repeated failures, capped', () => {
    const t = setup({ supervision: { baseBackoffMs: 1000, maxBackoffMs: 4000, maxRestarts: 10 } });
    const restartedAt: number[] = [];
    for (let i = 0; i < 5; i++) {
      t.poke({ fail: `boom ${i}` });
      const started = t.clock.now();
      while (t.runtime.lifecycle('A') === 'restarting') t.clock.advanceTo(t.clock.nextDue()!);
      restartedAt.push(t.clock.now() - started);
    }
    expect(restartedAt).toEqual([1000, 2000, 4000, 4000, 4000]);
    expect(t.errors.map(([, c]) => c.delayMs)).toEqual([1000, 2000, 4000, 4000, 4000]);
    expect(t.runtime.agentHealth('A').restarts).toBe(5);
  });

  it('bounds the mailbox of an agent that is down, dropping the oldest and counting it', () => {
    const t = setup({ mailboxCapacity: 3 });
    t.poke({ fail: 'boom' });
    for (let i = 1; i <= 5; i++) t.poke({ label: `m${i}` });
    expect(t.runtime.agentHealth('A')).toMatchObject({ mailboxDepth: 3, dropped: 2 });
    t.clock.advanceBy(1000);
    expect(t.seen().map((s) => s.split(' = ')[1])).toEqual(['m3', 'm4', 'm5']);
    expect(t.runtime.health().dropped).toBe(2);
  });

  it('gives up after too many failures in the window: offline, reported, deaf', () => {
    const t = setup({ supervision: { maxRestarts: 2, windowMs: 60_000 } });
    t.poke({ fail: 'boom 1' });
    t.clock.advanceBy(1000);
    t.poke({ fail: 'boom 2' });
    t.clock.advanceBy(2000);
    t.poke({ label: 'still fine' });
    t.poke({ fail: 'boom 3' });
    expect(t.runtime.lifecycle('A')).toBe('offline');
    expect(t.runtime.status('A')).toBe('Offline');
    expect(t.changes.at(-1)).toMatchObject({
      from: 'Active',
      to: 'Offline',
      reason: 'supervisor gave up after 3 failures',
    });
    expect(t.alerts.map((a) => `${a.priority} ${a.type}`)).toEqual([
      '2 agent_restart',
      '2 agent_restart',
      '1 agent_offline',
    ]);
    expect(t.alerts.at(-1)?.message).toMatch(/boom 3; 3 failures within 60 s: taken offline/);
    expect(t.errors.map(([, c]) => c.action)).toEqual(['restart', 'restart', 'give_up']);
    t.poke({ label: 'ignored' });
    t.clock.advanceBy(120_000);
    expect(t.seen()).toEqual([`message@${T0 + 3000} go driver = still fine`]);
    expect(t.runtime.health().attention.map((a) => `${a.id} ${a.lifecycle}`)).toEqual(['A offline']);
  });

  it('failures spread wider than the window never add up to giving up', () => {
    const t = setup({ supervision: { maxRestarts: 1, windowMs: 10_000 } });
    for (let i = 0; i < 4; i++) {
      t.poke({ fail: 'boom' });
      t.clock.advanceBy(11_000);
      expect(t.runtime.lifecycle('A')).toBe('active');
    }
  });

  it('stopping an agent that is down takes it offline and drops what it missed', () => {
    const t = setup();
    t.poke({ fail: 'boom' });
    t.poke({ label: 'missed' });
    t.runtime.stop('A');
    t.clock.advanceBy(5000);
    expect(t.runtime.agentHealth('A')).toMatchObject({ lifecycle: 'offline', restarts: 0, dropped: 1 });
  });
});
