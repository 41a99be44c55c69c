import { describe, expect, it } from 'vitest';
import type { AgentEvent } from '../runtime/behaviour';
import {
  aCommand,
  advance,
  aSchedule,
  aSend,
  anAlert,
  checkRow,
  commands,
  message,
  operator,
  reading,
  type Row,
  run,
  sends,
} from './testing';
import { valve, ValveConfig } from './valve';

const T0 = Date.UTC(2025, 0, 6);
const S = 1_000;
const t = (seconds: number) => T0 + seconds * S;
const gate = ValveConfig.parse({ id: 'V1', valveType: 'gate', upstream: 'J1', downstream: 'J2' });
const move = (position: number, at: number): AgentEvent => ({
  ...message({ type: 'move', position, reason: 'isolate' }, at),
  from: 'Z1',
});
const position = (v: number, at: number, id = 'V1') => reading(id, 'position', v, at);

const operating = [move(0, t(0))];
const closed = [move(0, t(0)), position(0, t(30))];
const throttling = [move(50, t(0)), position(50, t(20))];
const stuck = [move(0, t(0)), position(70, t(30)), advance(t(60))];
const maintenance = [operator('maintenance_start', t(0))];

describe('valve transitions', () => {
  const rows: Row[] = [
    {
      from: 'Open',
      on: 'move to 0 asked by the zone',
      to: 'Operating',
      given: [],
      event: move(0, t(0)),
      effects: [aCommand('V1', 'set_position', 0), aSchedule('move-timeout', 60 * S)],
    },
    {
      from: 'Operating',
      on: 'position reaches 0',
      to: 'Closed',
      given: operating,
      event: position(1, t(30)),
      effects: [aSend('Z1', 'moved', { valve: 'V1' }), { type: 'cancel', key: 'move-timeout' }],
    },
    {
      from: 'Operating',
      on: 'position reaches 50',
      to: 'Throttling',
      given: [move(50, t(0))],
      event: position(50.5, t(20)),
    },
    { from: 'Closed', on: 'move to 100', to: 'Operating', given: closed, event: move(100, t(40)) },
    {
      from: 'Operating',
      on: 'position reaches 100',
      to: 'Open',
      given: [...closed, move(100, t(40))],
      event: position(99, t(70)),
    },
    { from: 'Throttling', on: 'move to 0', to: 'Operating', given: throttling, event: move(0, t(30)) },
    {
      from: 'Operating',
      on: 'still moving at 40 %',
      to: 'Operating',
      given: operating,
      event: position(40, t(15)),
    },
    {
      from: 'Operating',
      on: 'not there within the timeout',
      to: 'Stuck',
      given: [...operating, position(70, t(30))],
      event: advance(t(60)),
      effects: [
        anAlert('valve_stuck', 2),
        aSend('Z1', 'move_failed', { valve: 'V1', position: 70, target: 0 }),
      ],
    },
    {
      from: 'Stuck',
      on: 'a retried move',
      to: 'Operating',
      given: stuck,
      event: move(0, t(70)),
      effects: [aCommand('V1', 'set_position', 0)],
    },
    { from: 'Stuck', on: 'it gets there late', to: 'Closed', given: stuck, event: position(0, t(80)) },
    {
      from: 'Stuck',
      on: 'maintenance starts',
      to: 'Maintenance',
      given: stuck,
      event: operator('maintenance_start', t(80)),
    },
    { from: 'Stuck', on: 'repair', to: 'Throttling', given: stuck, event: operator('repair', t(80)) },
    {
      from: 'Open',
      on: 'maintenance starts',
      to: 'Maintenance',
      given: [],
      event: operator('maintenance_start', t(0)),
    },
    {
      from: 'Operating',
      on: 'maintenance starts',
      to: 'Maintenance',
      given: operating,
      event: operator('maintenance_start', t(5)),
      effects: [{ type: 'cancel', key: 'move-timeout' }],
    },
    {
      from: 'Maintenance',
      on: 'maintenance ends',
      to: 'Open',
      given: maintenance,
      event: operator('maintenance_end', t(60)),
    },
    {
      from: 'Maintenance',
      on: 'maintenance ends at half open',
      to: 'Throttling',
      given: [...maintenance, position(50, t(30))],
      event: operator('maintenance_end', t(60)),
    },
    {
      from: 'Maintenance',
      on: 'a move request',
      to: 'Maintenance',
      given: maintenance,
      event: move(0, t(10)),
      effects: [aSend('Z1', 'move_failed')],
    },
    {
      from: 'Open',
      on: 'position changes without a command',
      to: 'Throttling',
      given: [],
      event: position(60, t(0)),
    },
    {
      from: 'Throttling',
      on: 'position drops to closed without a command',
      to: 'Closed',
      given: throttling,
      event: position(0, t(40)),
    },
    {
      from: 'Open',
      on: 'move to where it already is',
      to: 'Open',
      given: [],
      event: move(100, t(0)),
      effects: [aSend('Z1', 'moved')],
    },
    {
      from: 'Open',
      on: 'operator move',
      to: 'Operating',
      given: [],
      event: operator('move', t(0), { position: 30 }),
    },
  ];
  it.each(rows)('$from → $to on $on', (row) => {
    checkRow(valve, gate, row);
  });
});

describe('valve seed behaviour: pressure limit', () => {
  const prv = ValveConfig.parse({
    id: 'V2',
    valveType: 'PRV',
    actuator: 'automated',
    upstream: 'J3',
    downstream: 'J4',
    maxDownstreamPressureM: 60,
  });
  const downstream = (v: number, at: number) => reading('J4', 'pressure', v, at);

  it('throttles a step when the downstream pressure is above its maximum', () => {
    const r = run(valve, prv, [downstream(65, t(0))]);
    expect(r.status).toBe('Operating');
    expect(r.last).toEqual(expect.arrayContaining([aCommand('V2', 'set_position', 90)]));
  });

  it('keeps throttling toward the target (90 % of max) once started, then holds', () => {
    const r = run(valve, prv, [
      downstream(65, t(0)),
      position(90, t(10), 'V2'),
      downstream(58, t(20)), // below max, above target + deadband: another step
      position(80, t(30), 'V2'),
      downstream(54.5, t(40)), // inside the target's deadband: hold
    ]);
    expect(commands(r.effects, 'set_position').map((c) => c.value)).toEqual([90, 80]);
    expect(r.status).toBe('Throttling');
  });

  it('does not start throttling between target and max (hysteresis)', () => {
    expect(commands(run(valve, prv, [downstream(58, t(0))]).effects)).toEqual([]);
  });

  it('opens back toward where it rested when the pressure falls below target', () => {
    const r = run(valve, prv, [downstream(65, t(0)), position(90, t(10), 'V2'), downstream(50, t(20))]);
    expect(commands(r.effects, 'set_position').map((c) => c.value)).toEqual([90, 100]);
  });

  it('never throttles shut: a pressure limit is not an isolation', () => {
    const events = Array.from({ length: 30 }, (_, i) => [
      downstream(80, t(i * 20)),
      position(Math.max(5, 90 - i * 10), t(i * 20 + 10), 'V2'),
    ]).flat();
    const values = commands(run(valve, prv, events).effects, 'set_position').map((c) => c.value!);
    expect(Math.min(...values)).toBe(5);
  });

  it('a check valve refuses commanded moves', () => {
    const check = ValveConfig.parse({ id: 'V3', valveType: 'check', upstream: 'a', downstream: 'b' });
    const r = run(valve, check, [{ ...move(0, t(0)), from: 'Z1' }]);
    expect(r.status).toBe('Open');
    expect(r.last).toEqual([anAlert('move_refused'), aSend('Z1', 'move_failed')]);
  });

  it('a manual valve cannot be moved remotely; the operator records a crew moving it', () => {
    const manual = ValveConfig.parse({ id: 'V4', actuator: 'manual', upstream: 'a', downstream: 'b' });
    expect(sends(run(valve, manual, [move(0, t(0))]).effects, 'move_failed')).toHaveLength(1);
    const byCrew = run(valve, manual, [operator('move', t(0), { position: 0 })]);
    expect(byCrew.status).toBe('Closed');
    expect(commands(byCrew.effects)).toEqual([]);
  });
});
