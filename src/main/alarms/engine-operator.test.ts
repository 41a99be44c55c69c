// The engine's operator side: acks, dedup, shelving, suppression by design, out of service.
import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../agents/runtime/clock';
import { defineAlarm, defineSuppressionRule } from './definition';
import { AlarmEngine } from './engine';
import { HOUR, MINUTE, pressureHi, SECOND, setup, T0 } from './testing';

const TAG = pressureHi.tag;
const ID = pressureHi.id;

describe('acknowledgement', () => {
  it('records who acked, when and why; an unacked alarm that returned to normal goes to Normal on ack', () => {
    const { at, engine, journal, clock, state } = setup([pressureHi]);
    at(0, TAG, 65);
    clock.advanceTo(T0 + 42 * SECOND);
    expect(engine.acknowledge(ID, 'alice', 'crew informed')).toEqual({ ok: true });
    expect(state(ID)).toBe('acknowledged');
    expect(engine.alarm(ID)?.lastAck).toEqual({
      user: 'alice',
      time: T0 + 42 * SECOND,
      comment: 'crew informed',
    });
    expect(journal.query().at(-1)).toMatchObject({
      time: T0 + 42 * SECOND,
      event: 'acknowledged',
      user: 'alice',
      comment: 'crew informed',
      value: 65,
      priority: 3,
      message: 'node.J12.pressure pressure high: 65 m (limit 60)',
    });
    at(50 * SECOND, TAG, 50);
    expect(state(ID)).toBe('normal'); // acked, then cleared

    at(60 * SECOND, TAG, 66);
    at(70 * SECOND, TAG, 50);
    expect(state(ID)).toBe('rtn_unacknowledged');
    expect(engine.alarmList().map((a) => a.id)).toEqual([ID]); // still waiting for the operator
    expect(engine.acknowledge(ID, 'bob')).toEqual({ ok: true });
    expect(state(ID)).toBe('normal');
    expect(journal.query().at(-1)).toMatchObject({
      event: 'acknowledged',
      user: 'bob',
      time: T0 + 70 * SECOND,
    });
    expect(journal.query().at(-1)).not.toHaveProperty('comment');
  });

  it('refuses acks that mean nothing, without touching the journal', () => {
    const { at, engine, journal } = setup([pressureHi]);
    expect(engine.acknowledge(ID, 'alice').ok).toBe(false); // normal: nothing to ack
    at(0, TAG, 65);
    expect(engine.acknowledge(ID, '  ')).toEqual({ ok: false, reason: 'a user is required' });
    expect(engine.acknowledge('nope', 'alice')).toEqual({ ok: false, reason: "unknown alarm 'nope'" });
    engine.acknowledge(ID, 'alice');
    expect(engine.acknowledge(ID, 'alice').ok).toBe(false); // already acked
    expect(journal.query().map((e) => e.event)).toEqual(['activated', 'acknowledged']);
  });
});

describe('dedup', () => {
  it('one occurrence per activation, however many samples confirm it', () => {
    const { at, events, changes } = setup([pressureHi]);
    for (let i = 0; i < 50; i++) at(i * SECOND, TAG, 65 + (i % 3));
    at(50 * SECOND, TAG, 50);
    at(51 * SECOND, TAG, 70); // a genuinely new activation after a clear is a new occurrence
    expect(events()).toEqual([
      [0, ID, 'activated'],
      [50_000, ID, 'cleared'],
      [51_000, ID, 'activated'],
    ]);
    expect(changes).toHaveLength(3);
  });
});

describe('shelving', () => {
  it('hides the alarm, keeps tracking it, and on expiry shows its current condition', () => {
    const { at, engine, events, clock, state } = setup([pressureHi]);
    at(0, TAG, 65);
    engine.acknowledge(ID, 'alice');
    clock.advanceTo(T0 + MINUTE);
    expect(engine.shelve(ID, 'alice', 30 * MINUTE, 'sensor being recalibrated')).toEqual({ ok: true });
    expect(state(ID)).toBe('shelved');
    expect(engine.alarm(ID)?.shelf).toEqual({
      user: 'alice',
      time: T0 + MINUTE,
      until: T0 + 31 * MINUTE,
      comment: 'sensor being recalibrated',
    });
    expect(engine.alarmList()).toEqual([]);
    at(10 * MINUTE, TAG, 50); // the process is still followed while shelved
    at(20 * MINUTE, TAG, 70);
    expect(engine.alarm(ID)).toMatchObject({ state: 'shelved', active: true, annunciated: false });
    clock.advanceTo(T0 + 2 * HOUR);
    // was acked before shelving, but comes back active: the operator must see it afresh
    expect(state(ID)).toBe('unacknowledged');
    expect(engine.alarm(ID)?.since).toBe(T0 + 31 * MINUTE);
    expect(events().slice(2)).toEqual([
      [1 * MINUTE, ID, 'shelved'],
      [10 * MINUTE, ID, 'cleared'],
      [20 * MINUTE, ID, 'activated'],
      [31 * MINUTE, ID, 'shelve_expired'],
    ]);
  });

  it('an alarm that cleared while shelved comes back Normal', () => {
    const { at, engine, clock, state } = setup([pressureHi]);
    at(0, TAG, 65); // unacked
    engine.shelve(ID, 'alice', 10 * MINUTE);
    at(MINUTE, TAG, 50);
    clock.advanceTo(T0 + 10 * MINUTE);
    expect(state(ID)).toBe('normal');
  });

  it('unshelving by hand cancels the expiry; re-shelving restarts it', () => {
    const { at, engine, events, clock } = setup([pressureHi]);
    at(0, TAG, 65);
    engine.shelve(ID, 'alice', 10 * MINUTE);
    clock.advanceTo(T0 + 5 * MINUTE);
    engine.shelve(ID, 'alice', 10 * MINUTE); // now until 15 min
    clock.advanceTo(T0 + 12 * MINUTE);
    expect(engine.unshelve(ID, 'bob', 'done')).toEqual({ ok: true });
    clock.advanceTo(T0 + HOUR);
    expect(events().map(([t, , e]) => [t / MINUTE, e])).toEqual([
      [0, 'activated'],
      [0, 'shelved'],
      [5, 'shelved'],
      [12, 'unshelved'],
    ]);
  });

  it('refuses alarms configured as not shelvable and shelf times outside (0, max]', () => {
    const { engine } = setup([pressureHi, { ...pressureHi, id: 'critical', shelvable: false }]);
    expect(engine.shelve('critical', 'alice', MINUTE)).toEqual({
      ok: false,
      reason: "alarm 'critical' may not be shelved",
    });
    expect(engine.shelve(ID, 'alice', 0).ok).toBe(false);
    expect(engine.shelve(ID, 'alice', 13 * HOUR).ok).toBe(false); // default max 12 h
    expect(engine.shelve(ID, 'alice', 12 * HOUR).ok).toBe(true);
    expect(engine.unshelve('critical', 'alice').ok).toBe(false);
  });
});

describe('suppression by design', () => {
  const lowFlow = {
    id: 'P1.flow.lo',
    tag: 'pump.P1.flow',
    type: 'limit' as const,
    limit: 'lo' as const,
    setpoint: 5,
    priority: 3 as const,
    message: 'P1 low flow {value} L/s',
  };
  const lowDischarge = { ...lowFlow, id: 'P1.discharge.lo', tag: 'pump.P1.discharge', setpoint: 30 };
  const stopped = {
    id: 'P1-stopped',
    when: { tag: 'pump.P1.state', equals: 'Stopped' },
    suppress: ['P1.*.lo'],
  };

  it('a stopped pump suppresses its low-flow alarms; they still track, and show their condition afterwards', () => {
    const { at, engine, events, state } = setup([lowFlow, lowDischarge], [stopped]);
    at(0, 'pump.P1.flow', 2); // unacked low flow while running
    at(1 * SECOND, 'pump.P1.state', 'Stopped');
    expect(state('P1.flow.lo')).toBe('suppressed');
    expect(engine.alarm('P1.flow.lo')?.suppressedBy).toEqual(['P1-stopped']);
    at(2 * SECOND, 'pump.P1.discharge', 0); // expected while stopped: tracked, not annunciated
    expect(engine.alarmList()).toEqual([]);
    at(3 * SECOND, 'pump.P1.state', 'Stopped'); // the same state again changes nothing
    at(4 * SECOND, 'pump.P1.discharge', 40);
    at(5 * SECOND, 'pump.P1.state', 'Running');
    expect(state('P1.flow.lo')).toBe('unacknowledged'); // still low: shown afresh
    expect(state('P1.discharge.lo')).toBe('normal'); // recovered while suppressed: nothing to see
    expect(events()).toEqual([
      [0, 'P1.flow.lo', 'activated'],
      [1000, 'P1.flow.lo', 'suppressed'],
      [1000, 'P1.discharge.lo', 'suppressed'],
      [2000, 'P1.discharge.lo', 'activated'],
      [4000, 'P1.discharge.lo', 'cleared'],
      [5000, 'P1.flow.lo', 'unsuppressed'],
      [5000, 'P1.discharge.lo', 'unsuppressed'],
    ]);
    expect(engine.journal.query({ alarmId: 'P1.flow.lo' })[1]).toMatchObject({ comment: 'rule P1-stopped' });
  });

  it('a release delay keeps suppressing while the restarted pump comes up to flow', () => {
    const { at, state, clock } = setup([lowFlow], [{ ...stopped, releaseDelayS: 20 }]);
    at(0, 'pump.P1.state', 'Stopped');
    at(1 * SECOND, 'pump.P1.flow', 0);
    at(10 * SECOND, 'pump.P1.state', 'Running'); // release due at 30 s
    at(20 * SECOND, 'pump.P1.flow', 8); // flow up before the release
    clock.advanceTo(T0 + 29 * SECOND);
    expect(state('P1.flow.lo')).toBe('suppressed');
    clock.advanceTo(T0 + 30 * SECOND);
    expect(state('P1.flow.lo')).toBe('normal');
  });

  it('an alarm held by two rules is released only when both let go', () => {
    const valveShut = {
      id: 'V3-shut',
      when: { tag: 'valve.V3.state', equals: 'Closed' },
      suppress: ['P1.flow.lo'],
    };
    const { at, state } = setup([lowFlow], [stopped, valveShut]);
    at(0, 'pump.P1.flow', 0);
    at(1 * SECOND, 'pump.P1.state', 'Stopped');
    at(2 * SECOND, 'valve.V3.state', 'Closed');
    at(3 * SECOND, 'pump.P1.state', 'Running');
    expect(state('P1.flow.lo')).toBe('suppressed');
    at(4 * SECOND, 'valve.V3.state', 'Open');
    expect(state('P1.flow.lo')).toBe('unacknowledged');
  });

  it('a pattern that matches no alarm is a configuration error', () => {
    expect(() => setup([lowFlow], [{ ...stopped, suppress: ['P2.*'] }])).toThrow(/'P2\.\*' matches no alarm/);
  });
});

describe('out of service', () => {
  it('an engineer removes an alarm from service; it is tracked silently and returns showing its condition', () => {
    const { at, engine, events, state } = setup([pressureHi]);
    expect(engine.removeFromService(ID, 'eve', 'transmitter replaced, WO-1182')).toEqual({ ok: true });
    expect(engine.removeFromService(ID, 'eve').ok).toBe(false);
    expect(engine.shelve(ID, 'alice', MINUTE).ok).toBe(false);
    at(SECOND, TAG, 70);
    expect(engine.alarm(ID)).toMatchObject({ state: 'out_of_service', active: true, annunciated: false });
    expect(engine.counts().byState.out_of_service).toBe(1);
    at(2 * SECOND, TAG, 71);
    expect(engine.returnToService(ID, 'eve')).toEqual({ ok: true });
    expect(state(ID)).toBe('unacknowledged');
    expect(engine.alarm(ID)?.outOfService).toBeUndefined();
    expect(events()).toEqual([
      [0, ID, 'out_of_service'],
      [1000, ID, 'activated'],
      [2000, ID, 'in_service'],
    ]);
    expect(engine.journal.query()[0]).toMatchObject({
      user: 'eve',
      comment: 'transmitter replaced, WO-1182',
    });
  });
});

describe('listeners', () => {
  it('see exactly what the journal records, with the alarm as it is after the change', () => {
    const { at, engine, changes, journal } = setup([pressureHi]);
    at(0, TAG, 65);
    engine.acknowledge(ID, 'alice');
    expect(changes.map((c) => c.entry)).toEqual(journal.query());
    expect(changes.map((c) => c.alarm.state)).toEqual(['unacknowledged', 'acknowledged']);
  });

  it('a failing listener is reported and neither stops the engine nor the other listeners', () => {
    const clock = new SimulatedClock(T0);
    const errors: unknown[] = [];
    const engine = new AlarmEngine({
      clock,
      alarms: [defineAlarm(pressureHi)],
      suppressionRules: [defineSuppressionRule({ id: 'r', when: { tag: 'x', equals: 1 }, suppress: [ID] })],
      onListenerError: (error) => errors.push(error),
    });
    const seen: string[] = [];
    const off = engine.onChange(() => {
      throw new Error('boom');
    });
    engine.onChange((c) => seen.push(c.entry.event));
    engine.update(TAG, 65, 'good');
    off();
    engine.update('x', 1, 'good');
    expect(seen).toEqual(['activated', 'suppressed']);
    expect(errors).toHaveLength(1);
  });
});
