import { describe, expect, it } from 'vitest';
import type { AgentEvent } from '../runtime/behaviour';
import { pipe, PipeConfig } from './pipe';
import {
  aSend,
  alerts,
  anAlert,
  checkRow,
  message,
  operator,
  reading,
  type Row,
  run,
  sends,
} from './testing';

const T0 = Date.UTC(2025, 0, 6);
const M = 60_000;
const config = PipeConfig.parse({
  id: 'P1',
  material: 'cast_iron',
  diameterMm: 200,
  lengthM: 350,
  upstream: 'J1',
  downstream: 'J2',
  neighbours: ['P0', 'P2'],
  sensors: ['S-J1'],
  zone: 'Z1',
});
const t = (minutes: number) => T0 + minutes * M;
const pressure = (v: number, at: number, node = 'J1') => reading(node, 'pressure', v, at);
const flow = (v: number, at: number) => reading('P1', 'flow', v, at);
/** expected pressure learned at 50 m, water flowing */
const calm: AgentEvent[] = [pressure(50, t(0)), flow(10, t(0))];
const warned = [...calm, pressure(44, t(1))];
const critical = [...calm, pressure(34, t(1))];
const degraded = [message({ type: 'condition_update', score: 50 }, t(0))];
const maintenance = [operator('maintenance_start', t(0))];
const offline = [message({ type: 'isolated', segment: 'SEG-1' }, t(0))];

describe('pipe transitions', () => {
  const rows: Row[] = [
    {
      from: 'Operational',
      on: 'condition falls below 60',
      to: 'Degraded',
      given: [],
      event: message({ type: 'condition_update', score: 55 }, t(0)),
    },
    {
      from: 'Degraded',
      on: 'condition 62 (inside hysteresis)',
      to: 'Degraded',
      given: degraded,
      event: message({ type: 'condition_update', score: 62 }, t(1)),
    },
    {
      from: 'Degraded',
      on: 'condition back to 70',
      to: 'Operational',
      given: degraded,
      event: message({ type: 'condition_update', score: 70 }, t(1)),
    },
    {
      from: 'Operational',
      on: 'pressure 6 m below expected while flowing',
      to: 'Warning',
      given: calm,
      event: pressure(44, t(1)),
      effects: [
        anAlert('leak_suspected', 2),
        aSend('P0', 'leak_suspected', { pipe: 'P1', severity: 'warning' }),
        aSend('P2', 'leak_suspected', { pipe: 'P1', severity: 'warning' }),
        aSend('Z1', 'leak_suspected', { pipe: 'P1', severity: 'warning' }),
        aSend('S-J1', 'sampling_request'),
      ],
    },
    {
      from: 'Degraded',
      on: 'pressure 6 m below expected while flowing',
      to: 'Warning',
      given: [...degraded, ...calm],
      event: pressure(44, t(1)),
    },
    {
      from: 'Warning',
      on: 'pressure 16 m below expected',
      to: 'Critical',
      given: warned,
      event: pressure(34, t(2)),
      effects: [anAlert('burst_suspected', 1), aSend('Z1', 'leak_suspected', { severity: 'critical' })],
      without: [aSend('S-J1', 'sampling_request')],
    },
    {
      from: 'Operational',
      on: 'a burst (16 m drop at once)',
      to: 'Critical',
      given: calm,
      event: pressure(34, t(1)),
      effects: [aSend('S-J1', 'sampling_request')],
    },
    { from: 'Critical', on: 'drop eases to 10 m', to: 'Warning', given: critical, event: pressure(40, t(2)) },
    {
      from: 'Critical',
      on: 'drop eases to 14.5 m (inside deadband)',
      to: 'Critical',
      given: critical,
      event: pressure(35.5, t(2)),
    },
    {
      from: 'Warning',
      on: 'pressure recovers past the deadband',
      to: 'Operational',
      given: warned,
      event: pressure(47, t(2)),
      effects: [aSend('Z1', 'leak_cleared'), aSend('P0', 'leak_cleared')],
    },
    {
      from: 'Warning',
      on: 'pressure 4.5 m below (inside deadband)',
      to: 'Warning',
      given: warned,
      event: pressure(45.5, t(2)),
    },
    {
      from: 'Warning',
      on: 'recovers while condition is poor',
      to: 'Degraded',
      given: [...degraded, ...warned],
      event: pressure(49, t(2)),
    },
    {
      from: 'Operational',
      on: 'pressure at 91 % of rating',
      to: 'Warning',
      given: [],
      event: pressure(91, t(0), 'J2'),
      effects: [anAlert('overpressure', 3)],
    },
    {
      from: 'Warning',
      on: 'pressure above rating',
      to: 'Critical',
      given: [pressure(91, t(0), 'J2')],
      event: pressure(101, t(1), 'J2'),
      effects: [anAlert('overpressure', 1)],
    },
    {
      from: 'Operational',
      on: 'attached sensor warns',
      to: 'Warning',
      given: [],
      event: message(
        {
          type: 'sensor_alert',
          sensor: 'S-J1',
          element: 'P1',
          quantity: 'pressure',
          level: 'warning',
          side: 'low',
          value: 18,
        },
        t(0),
      ),
    },
    {
      from: 'Warning',
      on: 'attached sensor goes critical',
      to: 'Critical',
      given: [
        message(
          {
            type: 'sensor_alert',
            sensor: 'S-J1',
            element: 'P1',
            quantity: 'pressure',
            level: 'warning',
            side: 'low',
            value: 18,
          },
          t(0),
        ),
      ],
      event: message(
        {
          type: 'sensor_alert',
          sensor: 'S-J1',
          element: 'P1',
          quantity: 'pressure',
          level: 'critical',
          side: 'low',
          value: 8,
        },
        t(1),
      ),
    },
    {
      from: 'Warning',
      on: 'attached sensor clears',
      to: 'Operational',
      given: [
        message(
          {
            type: 'sensor_alert',
            sensor: 'S-J1',
            element: 'P1',
            quantity: 'pressure',
            level: 'warning',
            side: 'low',
            value: 18,
          },
          t(0),
        ),
      ],
      event: message({ type: 'sensor_clear', sensor: 'S-J1', element: 'P1', quantity: 'pressure' }, t(1)),
    },
    {
      from: 'Operational',
      on: 'maintenance starts',
      to: 'Maintenance',
      given: [],
      event: operator('maintenance_start', t(0)),
    },
    {
      from: 'Degraded',
      on: 'maintenance starts',
      to: 'Maintenance',
      given: degraded,
      event: operator('maintenance_start', t(1)),
    },
    {
      from: 'Warning',
      on: 'maintenance starts',
      to: 'Maintenance',
      given: warned,
      event: operator('maintenance_start', t(2)),
    },
    {
      from: 'Critical',
      on: 'maintenance starts',
      to: 'Maintenance',
      given: critical,
      event: operator('maintenance_start', t(2)),
    },
    {
      from: 'Maintenance',
      on: 'maintenance ends',
      to: 'Operational',
      given: maintenance,
      event: operator('maintenance_end', t(1)),
    },
    {
      from: 'Maintenance',
      on: 'maintenance ends, condition still poor',
      to: 'Degraded',
      given: [...degraded, ...maintenance],
      event: operator('maintenance_end', t(1)),
    },
    {
      from: 'Maintenance',
      on: 'repair',
      to: 'Operational',
      given: [...degraded, ...maintenance],
      event: operator('repair', t(1)),
    },
    { from: 'Critical', on: 'repair', to: 'Operational', given: critical, event: operator('repair', t(2)) },
    {
      from: 'Maintenance',
      on: 'isolated by the zone',
      to: 'Offline',
      given: maintenance,
      event: message({ type: 'isolated', segment: 'SEG-1' }, t(1)),
    },
    {
      from: 'Critical',
      on: 'isolated by the zone',
      to: 'Offline',
      given: critical,
      event: message({ type: 'isolated', segment: 'SEG-1' }, t(2)),
    },
    {
      from: 'Operational',
      on: 'operator isolates',
      to: 'Offline',
      given: [],
      event: operator('isolate', t(0)),
    },
    {
      from: 'Offline',
      on: 'crew starts work',
      to: 'Maintenance',
      given: offline,
      event: operator('maintenance_start', t(1)),
    },
    { from: 'Offline', on: 'repair', to: 'Operational', given: offline, event: operator('repair', t(1)) },
    {
      from: 'Offline',
      on: 'segment restored',
      to: 'Operational',
      given: offline,
      event: message({ type: 'restored', segment: 'SEG-1' }, t(1)),
    },
    {
      from: 'Offline',
      on: 'operator restores',
      to: 'Operational',
      given: offline,
      event: operator('restore', t(1)),
    },
  ];
  it.each(rows)('$from → $to on $on', (row) => {
    checkRow(pipe, config, row);
  });
});

describe('pipe seed behaviour: leak suspicion', () => {
  it('a pressure drop without flow is lost supply, not a leak', () => {
    const r = run(pipe, config, [...calm, flow(0.1, t(1)), pressure(30, t(2))]);
    expect(r.status).toBe('Operational');
    expect(sends(r.effects)).toEqual([]);
  });

  it('with no flow instrument the pressure drop alone raises the suspicion', () => {
    const r = run(pipe, config, [pressure(50, t(0)), pressure(44, t(1))]);
    expect(r.status).toBe('Warning');
  });

  it('learns the expected pressure slowly from calm readings, so a slow drift is not a leak', () => {
    const drifting = Array.from({ length: 200 }, (_, i) => pressure(50 - i * 0.05, t(i)));
    const r = run(pipe, config, drifting);
    expect(r.status).toBe('Operational');
  });

  it('uses a configured expected pressure instead of learning', () => {
    const fixed = PipeConfig.parse({ ...config, expectedPressureM: 60 });
    expect(run(pipe, fixed, [pressure(54, t(0))]).status).toBe('Warning');
  });

  it('does not learn while a neighbour suspects a leak, so it can corroborate it', () => {
    const nearby = message(
      { type: 'leak_suspected', pipe: 'P0', severity: 'warning', deficitM: 6, reason: 'x' },
      t(0),
    );
    const sinking = Array.from({ length: 40 }, (_, i) => pressure(50 - i * 0.2, t(i + 1)));
    expect(run(pipe, config, [pressure(50, t(0)), nearby, ...sinking]).status).toBe('Warning');
    expect(run(pipe, config, [pressure(50, t(0)), ...sinking]).status).toBe('Operational');
  });

  it('raises one leak alert for a drop that hovers at the threshold', () => {
    const hover = [44.8, 45.2, 44.9, 45.5, 44.7].map((v, i) => pressure(v, t(i + 1)));
    const r = run(pipe, config, [...calm, ...hover]);
    expect(alerts(r.effects)).toHaveLength(1);
  });

  it('ignores readings during maintenance', () => {
    const r = run(pipe, config, [...calm, operator('maintenance_start', t(1)), pressure(10, t(2))]);
    expect(r.status).toBe('Maintenance');
    expect(sends(r.effects)).toEqual([]);
  });

  it('subscribes to both end pressures and its own flow', () => {
    expect(pipe.init(config, T0).effects).toEqual([
      { type: 'subscribe', topic: 'reading/J1/pressure' },
      { type: 'subscribe', topic: 'reading/J2/pressure' },
      { type: 'subscribe', topic: 'reading/P1/flow' },
    ]);
  });

  it('rejects a sidecar config without its end nodes', () => {
    expect(PipeConfig.safeParse({ id: 'P9' }).success).toBe(false);
  });
});
