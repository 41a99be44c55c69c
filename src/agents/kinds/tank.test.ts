import { describe, expect, it } from 'vitest';
import type { AgentEvent } from '../runtime/behaviour';
import { tank, TankConfig } from './tank';
import {
  aCommand,
  aSend,
  alerts,
  anAlert,
  checkRow,
  commands,
  reading,
  type Row,
  run,
  sends,
} from './testing';

const T0 = Date.UTC(2025, 0, 6);
const H = 3_600_000;
const config = TankConfig.parse({
  id: 'T1',
  minLevelM: 0,
  maxLevelM: 10,
  inletPumps: ['PU1'],
  outletValves: ['V9'],
  zone: 'Z1',
});
// bands: critical low 1, low 2.5, high 9, overflow 10, deadband 0.2; trend 0.2 m/h
const level = (v: number, hours: number) => reading('T1', 'level', v, T0 + hours * H);
/** readings a day apart: band changes without a trend */
const slow = (...values: number[]): AgentEvent[] => values.map((v, i) => level(v, i * 24));
/** readings every 10 min at `rate` m/h */
const ramp = (start: number, rate: number, n: number, fromHours = 0): AgentEvent[] =>
  Array.from({ length: n }, (_, i) => level(start + (rate * i) / 6, fromHours + i / 6));
const at = (v: number, step: number) => level(v, step * 24);
/** `n` readings every 10 min at `value`, from hour `fromHours` */
const hold = (value: number, n: number, fromHours: number): AgentEvent[] =>
  Array.from({ length: n }, (_, i) => level(value, fromHours + i / 6));

describe('tank transitions', () => {
  const rows: Row[] = [
    {
      from: 'Normal',
      on: 'level falling 0.5 m/h',
      to: 'Draining',
      given: ramp(5, -0.5, 2),
      event: level(5 - (1 / 12) * 2, 2 / 6),
    },
    {
      from: 'Draining',
      on: 'level steady long enough for the smoothed rate to settle',
      to: 'Normal',
      given: [...ramp(5, -0.5, 4), ...hold(4.75, 3, 4 / 6)],
      event: level(4.75, 7 / 6),
    },
    {
      from: 'Normal',
      on: 'level rising 0.5 m/h',
      to: 'Refilling',
      given: ramp(5, 0.5, 2),
      event: level(5 + (1 / 12) * 2, 2 / 6),
    },
    {
      from: 'Refilling',
      on: 'level steady long enough for the smoothed rate to settle',
      to: 'Normal',
      given: [...ramp(5, 0.5, 4), ...hold(5.25, 3, 4 / 6)],
      event: level(5.25, 7 / 6),
    },
    {
      from: 'Normal',
      on: 'level near minimum',
      to: 'Low',
      given: slow(5),
      event: at(2.4, 1),
      effects: [
        anAlert('tank_low', 3),
        aSend('PU1', 'refill_request', { urgency: 'normal' }),
        aSend('Z1', 'tank_status', { status: 'Low' }),
      ],
    },
    { from: 'Draining', on: 'level near minimum', to: 'Low', given: ramp(3, -0.5, 6), event: level(2.45, 1) },
    {
      from: 'Low',
      on: 'level critically low',
      to: 'Critical_Low',
      given: slow(5, 2.4),
      event: at(0.9, 2),
      effects: [
        anAlert('tank_critical_low', 1),
        aSend('PU1', 'refill_request', { urgency: 'high' }),
        aCommand('V9', 'set_position', 50),
      ],
    },
    {
      from: 'Critical_Low',
      on: 'level 1.1 (inside deadband)',
      to: 'Critical_Low',
      given: slow(5, 2.4, 0.9),
      event: at(1.1, 3),
    },
    {
      from: 'Critical_Low',
      on: 'level back above the deadband',
      to: 'Low',
      given: slow(5, 2.4, 0.9),
      event: at(1.3, 3),
      without: [aCommand('V9', 'set_position', 100)],
    },
    {
      from: 'Low',
      on: 'level back to normal',
      to: 'Normal',
      given: slow(5, 2.4, 0.9, 1.3),
      event: at(2.8, 4),
      effects: [aCommand('V9', 'set_position', 100)],
    },
    { from: 'Low', on: 'level 2.6 (inside deadband)', to: 'Low', given: slow(5, 2.4), event: at(2.6, 2) },
    {
      from: 'Low',
      on: 'refilling fast out of the low band',
      to: 'Refilling',
      given: [...slow(5), ...ramp(2.3, 1, 3, 6)],
      event: level(2.3 + 3 / 6, 6 + 3 / 6),
    },
    {
      from: 'Normal',
      on: 'level high',
      to: 'High',
      given: [...slow(5, 2.4), at(5, 2)],
      event: at(9.1, 3),
      effects: [anAlert('tank_high', 4), aSend('PU1', 'refill_done')],
    },
    {
      from: 'High',
      on: 'level at maximum',
      to: 'Overflowing',
      given: slow(5, 9.1),
      event: at(10, 2),
      effects: [anAlert('tank_overflow', 1), aSend('PU1', 'stop')],
    },
    { from: 'Overflowing', on: 'level back below', to: 'High', given: slow(5, 9.1, 10), event: at(9.7, 3) },
    { from: 'High', on: 'level back to normal', to: 'Normal', given: slow(5, 9.1), event: at(8.7, 2) },
    {
      from: 'Normal',
      on: 'a fall straight past both low limits',
      to: 'Critical_Low',
      given: slow(5),
      event: at(0.5, 1),
      without: [anAlert('tank_low')],
    },
    {
      from: 'Normal',
      on: 'a rise straight to overflow',
      to: 'Overflowing',
      given: slow(5, 2.4, 5),
      event: at(10.2, 3),
      effects: [aSend('PU1', 'refill_done'), aSend('PU1', 'stop')],
    },
  ];
  it.each(rows)('$from → $to on $on', (row) => {
    checkRow(tank, config, row);
  });
});

describe('tank seed behaviour: level control', () => {
  it('asks the pumps once per low episode, not once per reading', () => {
    const r = run(tank, config, slow(5, 2.4, 2.3, 2.2, 2.45, 2.35));
    expect(sends(r.effects, 'refill_request')).toHaveLength(1);
    expect(alerts(r.effects)).toHaveLength(1);
  });

  it('says refill_done at High only when it asked for a refill', () => {
    expect(sends(run(tank, config, slow(5, 9.1)).effects, 'refill_done')).toEqual([]);
  });

  it('restores the outflow once, when the level leaves the low bands', () => {
    const r = run(tank, config, slow(5, 0.9, 2.0, 3.0, 3.1));
    expect(commands(r.effects).map((c) => c.value)).toEqual([50, 100]);
  });

  it('ignores bad readings and other tanks', () => {
    const r = run(tank, config, [reading('T1', 'level', 0.1, T0, 'bad'), reading('T2', 'level', 0.1, T0)]);
    expect(r.effects).toEqual([{ type: 'subscribe', topic: 'reading/T1/level' }]);
  });

  it('rejects min above max', () => {
    expect(TankConfig.safeParse({ id: 'T', minLevelM: 5, maxLevelM: 4 }).success).toBe(false);
  });
});
