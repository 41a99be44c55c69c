import { describe, expect, it } from 'vitest';
import type { AgentEvent } from '../runtime/behaviour';
import { meter, MeterConfig } from './meter';
import { advance, aSend, alerts, anAlert, checkRow, operator, reading, type Row, run } from './testing';

const T0 = Date.UTC(2025, 0, 6);
const Q = 15 * 60_000;
const config = MeterConfig.parse({ id: 'M1', customer: 'C-1', meterType: 'residential', zone: 'Z1' });
const flow = (v: number, step: number) => reading('M1', 'flow', v, T0 + step * Q);
/** one reading every 15 min for `hours`, all at `value` */
const steady = (value: number, hours: number, from = 0): AgentEvent[] =>
  Array.from({ length: hours * 4 + 1 }, (_, i) => flow(value, from + i));
const last = (events: AgentEvent[]) => (events.at(-1)!.time - T0) / Q;

const leaking = steady(0.01, 24);
const high = [flow(0.6, 0)];
const idle = steady(0, 72);
const tampered = [reading('M1', 'tamper', 1, T0)];
const offline = [flow(0.1, 0), advance(T0 + 4 * Q)];

describe('meter transitions', () => {
  const rows: Row[] = [
    {
      from: 'Active',
      on: 'water running for 24 h',
      to: 'Possible_Leak',
      given: steady(0.01, 24).slice(0, -1),
      event: leaking.at(-1)!,
      effects: [anAlert('premise_leak', 3), aSend('Z1', 'premise_leak', { meter: 'M1', customer: 'C-1' })],
    },
    {
      from: 'Possible_Leak',
      on: 'flow stops',
      to: 'Active',
      given: leaking,
      event: flow(0.0005, last(leaking) + 1),
    },
    {
      from: 'Possible_Leak',
      on: 'flow dips to 0.0015 L/s (inside hysteresis)',
      to: 'Possible_Leak',
      given: leaking,
      event: flow(0.0015, last(leaking) + 1),
    },
    {
      from: 'Active',
      on: 'flow above the high limit',
      to: 'High_Flow',
      given: [],
      event: flow(0.6, 0),
      effects: [anAlert('high_flow', 3)],
    },
    {
      from: 'High_Flow',
      on: 'flow back below 80 % of the limit',
      to: 'Active',
      given: high,
      event: flow(0.3, 1),
    },
    {
      from: 'High_Flow',
      on: 'flow 0.45 L/s (inside hysteresis)',
      to: 'High_Flow',
      given: high,
      event: flow(0.45, 1),
    },
    {
      from: 'Possible_Leak',
      on: 'a burst on the premises',
      to: 'High_Flow',
      given: leaking,
      event: flow(1, last(leaking) + 1),
    },
    { from: 'Active', on: 'no flow for 72 h', to: 'No_Flow', given: idle.slice(0, -1), event: idle.at(-1)! },
    { from: 'No_Flow', on: 'water used again', to: 'Active', given: idle, event: flow(0.05, last(idle) + 1) },
    {
      from: 'Active',
      on: 'tamper flag',
      to: 'Tampered',
      given: [],
      event: reading('M1', 'tamper', 1, T0),
      effects: [anAlert('tamper', 2)],
    },
    {
      from: 'Active',
      on: 'register runs backwards',
      to: 'Tampered',
      given: [reading('M1', 'volume', 120.5, T0)],
      event: reading('M1', 'volume', 119, T0 + Q),
    },
    {
      from: 'Tampered',
      on: 'normal readings (latched)',
      to: 'Tampered',
      given: tampered,
      event: flow(0.1, 1),
    },
    { from: 'Tampered', on: 'repair', to: 'Active', given: tampered, event: operator('repair', T0 + Q) },
    {
      from: 'Active',
      on: 'silent for 3 reading periods',
      to: 'Offline',
      given: [flow(0.1, 0)],
      event: advance(T0 + 4 * Q),
      effects: [anAlert('comms_loss', 4)],
    },
    { from: 'Offline', on: 'a reading arrives', to: 'Active', given: offline, event: flow(0.1, 5) },
    { from: 'Offline', on: 'a high reading arrives', to: 'High_Flow', given: offline, event: flow(0.7, 5) },
    {
      from: 'Active',
      on: 'maintenance starts',
      to: 'Maintenance',
      given: [],
      event: operator('maintenance_start', T0),
    },
    {
      from: 'Maintenance',
      on: 'maintenance ends',
      to: 'Active',
      given: [operator('maintenance_start', T0)],
      event: operator('maintenance_end', T0 + Q),
    },
    {
      from: 'Maintenance',
      on: 'tamper flag during work',
      to: 'Maintenance',
      given: [operator('maintenance_start', T0)],
      event: reading('M1', 'tamper', 1, T0 + Q),
    },
  ];
  it.each(rows)('$from → $to on $on', (row) => {
    checkRow(meter, config, row);
  });
});

describe('meter seed behaviour: premise leak', () => {
  it('a night without use restarts the 24 h count', () => {
    const day = steady(0.01, 20);
    const r = run(meter, config, [...day, flow(0, last(day) + 1), ...steady(0.01, 10, last(day) + 2)]);
    expect(r.status).toBe('Active');
    expect(alerts(r.effects)).toEqual([]);
  });

  it('announces a leak once, however long it runs', () => {
    const r = run(meter, config, steady(0.01, 72));
    expect(alerts(r.effects)).toHaveLength(1);
  });

  it('uses the high-flow limit of its customer type', () => {
    const industrial = MeterConfig.parse({ id: 'M1', meterType: 'industrial' });
    expect(run(meter, industrial, [flow(5, 0)]).status).toBe('Active');
  });
});
