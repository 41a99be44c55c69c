// The engine's process side: how samples become activations and clears, per alarm type.
import { describe, expect, it } from 'vitest';
import { pressureHi, SECOND, setup, T0 } from './testing';

const s = SECOND;

describe('deadband, on-delay and off-delay', () => {
  const alarm = { ...pressureHi, deadband: 2, onDelayS: 10, offDelayS: 5 };

  it('activates only after the condition held for the on-delay and clears after the off-delay', () => {
    const { at, events, clock } = setup([alarm]);
    at(0, 'node.J12.pressure', 65); // raw on: activation due at 10 s
    at(5 * s, 'node.J12.pressure', 59); // inside the deadband (> 58): still raw on, timer kept
    at(12 * s, 'node.J12.pressure', 57); // the 10 s timer ran first; now raw off: clear due at 17 s
    at(15 * s, 'node.J12.pressure', 61); // back on before 17 s: the clear is cancelled
    at(20 * s, 'node.J12.pressure', 57); // off again: clear due at 25 s
    clock.advanceTo(T0 + 60 * s);
    expect(events()).toEqual([
      [10_000, 'J12.pressure.hi', 'activated'],
      [25_000, 'J12.pressure.hi', 'cleared'],
    ]);
  });

  it('a transient shorter than the on-delay never activates', () => {
    const { at, events, clock } = setup([alarm]);
    at(0, 'node.J12.pressure', 65);
    at(9 * s, 'node.J12.pressure', 50);
    clock.advanceTo(T0 + 60 * s);
    expect(events()).toEqual([]);
  });

  it('the deadband alone holds the alarm while the value hovers just under the limit', () => {
    const { at, events } = setup([{ ...pressureHi, deadband: 2 }]);
    for (const [i, v] of [61, 59.5, 60.5, 58.5, 59.9, 57.9].entries()) at(i * s, 'node.J12.pressure', v);
    // active from 61 until 57.9 (the first value not above 60 − 2)
    expect(events()).toEqual([
      [0, 'J12.pressure.hi', 'activated'],
      [5000, 'J12.pressure.hi', 'cleared'],
    ]);
  });
});

describe('quality', () => {
  it('a bad sample holds the condition; uncertain samples are evaluated', () => {
    const { at, state } = setup([pressureHi]);
    at(0, 'node.J12.pressure', 65);
    at(1 * s, 'node.J12.pressure', 40, 'bad');
    expect(state(pressureHi.id)).toBe('unacknowledged');
    at(2 * s, 'node.J12.pressure', 40, 'uncertain');
    expect(state(pressureHi.id)).toBe('rtn_unacknowledged');
  });

  it('ignores non-numeric values on analog alarms', () => {
    const { at, events } = setup([pressureHi]);
    at(0, 'node.J12.pressure', 'NaN-ish');
    at(1 * s, 'node.J12.pressure', Number.NaN);
    expect(events()).toEqual([]);
  });
});

describe('rate of change', () => {
  const roc = {
    id: 'T1.level.falling',
    tag: 'tank.T1.level',
    type: 'rate_of_change' as const,
    ratePerMinute: 0.2,
    direction: 'falling' as const,
    priority: 2 as const,
    message: 'T1 falling fast: {value} m',
  };

  it('alarms on a fast fall between samples and clears when the fall slows', () => {
    const { at, events, engine } = setup([roc]);
    at(0, 'tank.T1.level', 5.0);
    at(30 * s, 'tank.T1.level', 4.98); // −0.04 /min
    at(60 * s, 'tank.T1.level', 4.8); // −0.36 /min: beyond 0.2
    expect(engine.alarm(roc.id)?.message).toBe('T1 falling fast: 4.8 m');
    at(90 * s, 'tank.T1.level', 4.79); // −0.02 /min
    at(120 * s, 'tank.T1.level', 6); // a fast rise is not this alarm's business
    expect(events()).toEqual([
      [60_000, roc.id, 'activated'],
      [90_000, roc.id, 'cleared'],
    ]);
  });

  it('does not compute a rate across a bad sample', () => {
    const { at, events } = setup([roc]);
    at(0, 'tank.T1.level', 5.0);
    at(30 * s, 'tank.T1.level', 0, 'bad');
    at(60 * s, 'tank.T1.level', 4.0); // 5.0 → 4.0 would be −1 /min, but the gap breaks the pair
    at(90 * s, 'tank.T1.level', 3.99);
    expect(events()).toEqual([]);
  });
});

describe('discrete', () => {
  it('follows the pump state and does not duplicate a standing alarm', () => {
    const estop = {
      id: 'P1.estop',
      tag: 'pump.P1.state',
      type: 'discrete' as const,
      equals: 'Emergency_Stop',
      priority: 1 as const,
      message: 'Pump P1: {value}',
    };
    const { at, events, journal } = setup([estop]);
    at(0, 'pump.P1.state', 'Running');
    at(1 * s, 'pump.P1.state', 'Emergency_Stop');
    at(2 * s, 'pump.P1.state', 'Emergency_Stop');
    at(3 * s, 'pump.P1.state', 'Stopped');
    expect(events()).toEqual([
      [1000, 'P1.estop', 'activated'],
      [3000, 'P1.estop', 'cleared'],
    ]);
    expect(journal.query()[0]).toMatchObject({
      message: 'Pump P1: Emergency_Stop',
      value: 'Emergency_Stop',
      priority: 1,
    });
  });
});

describe('comms loss', () => {
  const comms = {
    id: 'GW1.comms',
    tag: 'gw.GW1.pressure',
    type: 'comms_loss' as const,
    afterS: 30,
    priority: 2 as const,
    message: 'no data from {tag} for {setpoint} s',
  };

  it('alarms when a tag stays silent or bad for the configured time, and clears on the next usable sample', () => {
    const { at, events, clock } = setup([comms]);
    clock.advanceTo(T0 + 35 * s); // never reported since the engine started at T0
    at(40 * s, 'gw.GW1.pressure', 51);
    for (const t of [50, 60, 70, 80]) at(t * s, 'gw.GW1.pressure', 0, 'bad'); // last good at 40 s → lost at 70 s
    at(90 * s, 'gw.GW1.pressure', 51, 'uncertain'); // uncertain is usable data
    at(100 * s, 'gw.GW1.pressure', 51);
    clock.advanceTo(T0 + 200 * s); // silent again after 100 s → lost at 130 s
    expect(events()).toEqual([
      [30_000, comms.id, 'activated'],
      [40_000, comms.id, 'cleared'],
      [70_000, comms.id, 'activated'],
      [90_000, comms.id, 'cleared'],
      [130_000, comms.id, 'activated'],
    ]);
  });

  it('regular good samples keep it quiet; the loss is timed from the last good sample exactly', () => {
    const { at, events, clock } = setup([comms]);
    for (let t = 0; t < 600; t += 10) at(t * s, 'gw.GW1.pressure', 50);
    expect(events()).toEqual([]);
    clock.advanceTo(T0 + 619 * s);
    expect(events()).toEqual([]);
    clock.advanceTo(T0 + 700 * s);
    expect(events()).toEqual([[620_000, comms.id, 'activated']]); // 590 s + 30 s
  });
});

describe('deviation from a reference tag', () => {
  const dev = {
    id: 'PRV1.dev',
    tag: 'valve.PRV1.downstream',
    type: 'deviation' as const,
    referenceTag: 'valve.PRV1.setpoint',
    maxDeviation: 3,
    priority: 3 as const,
    message: 'PRV1 downstream {value} m off setpoint by more than {setpoint} m',
  };

  it('re-evaluates when either the value or the reference moves', () => {
    const { at, events } = setup([dev]);
    at(0, 'valve.PRV1.downstream', 45); // no reference yet: nothing to compare
    at(1 * s, 'valve.PRV1.setpoint', 40); // deviation 5 → active
    at(2 * s, 'valve.PRV1.setpoint', 44); // deviation 1 → cleared by the reference alone
    at(3 * s, 'valve.PRV1.setpoint', 0, 'bad'); // no usable reference: hold
    at(4 * s, 'valve.PRV1.downstream', 30);
    at(5 * s, 'valve.PRV1.setpoint', 31); // deviation −1
    at(6 * s, 'valve.PRV1.downstream', 27); // deviation −4 → active below
    expect(events()).toEqual([
      [1000, dev.id, 'activated'],
      [2000, dev.id, 'cleared'],
      [6000, dev.id, 'activated'],
    ]);
  });
});
