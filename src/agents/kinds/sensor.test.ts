import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CALM, classify, type Excursion } from './common/hysteresis';
import { sensor, SensorConfig } from './sensor';
import {
  aCommand,
  advance,
  aSchedule,
  aSend,
  alerts,
  anAlert,
  checkRow,
  commands,
  operator,
  reading,
  type Row,
  run,
  sends,
  timer,
  message,
} from './testing';

const T0 = Date.UTC(2025, 0, 6); // a Monday, 00:00 UTC
const S = 1_000;
const config = SensorConfig.parse({
  id: 'S-J1',
  type: 'pressure',
  element: 'J1',
  samplingPeriodMs: 60 * S,
  fastSamplingPeriodMs: 10 * S,
  thresholds: { criticalLow: 10, warningLow: 20, warningHigh: 80, criticalHigh: 90 },
  deadband: 1,
  stuckReadings: 5,
  badReadingsForError: 3,
  driftLimit: 2,
});

/** healthy readings: vary slightly so they never look stuck */
const healthy = (n: number, from = T0, base = 40) =>
  Array.from({ length: n }, (_, i) => reading('J1', 'pressure', base + (i % 3) * 0.1, from + i * 60 * S));
const battery = (pct: number, t: number) => reading('S-J1', 'battery', pct, t);
const low = [battery(15, T0)];
const t = (minutes: number) => T0 + minutes * 60 * S;

describe('sensor transitions', () => {
  const rows: Row[] = [
    {
      from: 'Active',
      on: 'battery below 20 %',
      to: 'Low_Battery',
      given: [],
      event: battery(19, T0),
      effects: [anAlert('low_battery', 4)],
    },
    {
      from: 'Low_Battery',
      on: 'battery 22 % (inside hysteresis)',
      to: 'Low_Battery',
      given: low,
      event: battery(22, t(1)),
    },
    {
      from: 'Low_Battery',
      on: 'battery back above 25 %',
      to: 'Active',
      given: low,
      event: battery(90, t(1)),
    },
    {
      from: 'Low_Battery',
      on: 'operator replaces the battery',
      to: 'Active',
      given: low,
      event: operator('replace_battery', t(1)),
    },
    {
      from: 'Active',
      on: 'no reading for 3 sampling periods',
      to: 'Offline',
      given: healthy(2),
      event: advance(t(1) + 180 * S),
      effects: [anAlert('comms_loss', 3)],
    },
    {
      from: 'Low_Battery',
      on: 'no reading for 3 sampling periods',
      to: 'Offline',
      given: low,
      event: advance(t(3)),
    },
    {
      from: 'Offline',
      on: 'a reading arrives',
      to: 'Active',
      given: [advance(t(3))],
      event: reading('J1', 'pressure', 40, t(10)),
      effects: [aSchedule('watchdog', 180 * S)],
    },
    {
      from: 'Offline',
      on: 'a reading arrives with the battery low',
      to: 'Low_Battery',
      given: [...low, advance(t(3))],
      event: reading('J1', 'pressure', 40, t(10)),
    },
    {
      from: 'Active',
      on: 'the same value 5 times (stuck)',
      to: 'Error',
      given: [40, 40, 40, 40].map((v, i) => reading('J1', 'pressure', v, t(i))),
      event: reading('J1', 'pressure', 40, t(4)),
      effects: [anAlert('sensor_fault', 3)],
    },
    {
      from: 'Active',
      on: 'bad quality 3 times',
      to: 'Error',
      given: [reading('J1', 'pressure', 40, t(0), 'bad'), reading('J1', 'pressure', 40, t(1), 'bad')],
      event: reading('J1', 'pressure', 40, t(2), 'bad'),
    },
    {
      from: 'Active',
      on: 'out of range 3 times',
      to: 'Error',
      given: [reading('J1', 'pressure', 150, t(0)), reading('J1', 'pressure', 151, t(1))],
      event: reading('J1', 'pressure', 152, t(2)),
    },
    {
      from: 'Active',
      on: 'daily mean drifts past the limit',
      to: 'Error',
      // day 1 is the reference (≈40 m), day 2 reads 3 m higher, the first reading of day 3 closes day 2
      given: [...healthy(24 * 60), ...healthy(24 * 60, T0 + 86_400 * S, 43)],
      event: reading('J1', 'pressure', 43, T0 + 2 * 86_400 * S),
      effects: [anAlert('sensor_fault')],
    },
    {
      from: 'Error',
      on: 'operator repair',
      to: 'Active',
      given: [40, 40, 40, 40, 40].map((v, i) => reading('J1', 'pressure', v, t(i))),
      event: operator('repair', t(6)),
      effects: [aSchedule('watchdog')],
    },
    {
      from: 'Active',
      on: 'operator calibrate',
      to: 'Calibrating',
      given: [],
      event: operator('calibrate', T0),
      effects: [aSchedule('calibration-done', 15 * 60 * S)],
    },
    {
      from: 'Error',
      on: 'operator calibrate',
      to: 'Calibrating',
      given: [40, 40, 40, 40, 40].map((v, i) => reading('J1', 'pressure', v, t(i))),
      event: operator('calibrate', t(6)),
    },
    {
      from: 'Offline',
      on: 'operator calibrate',
      to: 'Calibrating',
      given: [advance(t(3))],
      event: operator('calibrate', t(4)),
    },
    {
      from: 'Calibrating',
      on: 'calibration time elapses',
      to: 'Active',
      given: [operator('calibrate', T0)],
      event: advance(t(15)),
      effects: [aSchedule('watchdog')],
    },
    {
      from: 'Calibrating',
      on: 'operator calibration_done',
      to: 'Active',
      given: [operator('calibrate', T0)],
      event: operator('calibration_done', t(5)),
    },
    {
      from: 'Calibrating',
      on: 'calibration done with a low battery',
      to: 'Low_Battery',
      given: [...low, operator('calibrate', T0)],
      event: operator('calibration_done', t(5)),
    },
  ];
  it.each(rows)('$from → $to on $on', (row) => {
    checkRow(sensor, config, row, T0);
  });

  it('stays Active while readings keep coming, however long', () => {
    const r = run(sensor, config, healthy(600));
    expect(r.statuses.every((s) => s === 'Active')).toBe(true);
    expect(alerts(r.effects)).toEqual([]);
  });

  it('does not judge values while calibrating or in error', () => {
    const r = run(sensor, config, [operator('calibrate', T0), reading('J1', 'pressure', 5, t(1))]);
    expect(sends(r.effects)).toEqual([]);
    expect(r.status).toBe('Calibrating');
  });
});

describe('sensor seed behaviour: thresholds', () => {
  it('past critical: alerts the attached element, samples faster, annunciates', () => {
    const r = run(sensor, config, [...healthy(2), reading('J1', 'pressure', 8, t(2))]);
    expect(r.last).toEqual(
      expect.arrayContaining([
        aSend('J1', 'sensor_alert', { level: 'critical', side: 'low', value: 8 }),
        aCommand('S-J1', 'set_sampling_period', 10 * S),
        anAlert('pressure_low', 2),
        aSchedule('watchdog', 30 * S),
      ]),
    );
    expect(r.status).toBe('Active'); // the instrument is fine; the network is not
  });

  it('goes back to its normal period after the fast-sampling time once the value is normal', () => {
    // the instrument obeys: one reading every 10 s for 35 min
    const fast = Array.from({ length: 210 }, (_, i) =>
      reading('J1', 'pressure', 40 + (i % 3) * 0.1, T0 + (i + 1) * 10 * S),
    );
    const r = run(sensor, config, [reading('J1', 'pressure', 8, T0), ...fast]);
    expect(commands(r.effects, 'set_sampling_period').map((c) => c.value)).toEqual([10 * S, 60 * S]);
    expect(r.statuses.every((s) => s === 'Active')).toBe(true);
  });

  it('an instrument that ignores the faster period is missed sooner: Offline after 3 fast periods', () => {
    const r = run(sensor, config, [reading('J1', 'pressure', 8, T0), advance(T0 + 30 * S)]);
    expect(r.status).toBe('Offline');
  });

  it('the first reading after Offline is judged against the thresholds', () => {
    const r = run(sensor, config, [advance(t(3)), reading('J1', 'pressure', 85, t(4))]);
    expect(r.status).toBe('Active');
    expect(r.last).toEqual(
      expect.arrayContaining([aSend('J1', 'sensor_alert', { level: 'warning', side: 'high' })]),
    );
  });

  it('keeps sampling fast while the value stays critical', () => {
    const stillLow = Array.from({ length: 40 }, (_, i) => reading('J1', 'pressure', 8 + (i % 2) * 0.1, t(i)));
    const r = run(sensor, config, stillLow);
    expect(commands(r.effects, 'set_sampling_period').map((c) => c.value)).toEqual([10 * S]);
  });

  it('warning: tells the element and annunciates at a lower priority, without faster sampling', () => {
    const r = run(sensor, config, [reading('J1', 'pressure', 19, T0)]);
    expect(r.last).toEqual([
      aSend('J1', 'sensor_alert', { level: 'warning', side: 'low' }),
      anAlert('pressure_low', 3),
    ]);
  });

  it('clears with sensor_clear only past the deadband, so a hovering value alarms once', () => {
    const hover = [19.9, 20.2, 19.8, 20.5, 19.9, 20.9, 21.2].map((v, i) =>
      reading('J1', 'pressure', v, t(i)),
    );
    const r = run(sensor, config, hover);
    expect(alerts(r.effects)).toHaveLength(1);
    expect(sends(r.effects).map((s) => s.subject)).toEqual(['sensor_alert', 'sensor_clear']);
  });

  it('raises its sampling rate when a peer asks, then restores it', () => {
    const ask = message(
      { type: 'sampling_request', periodMs: 5 * S, durationMs: 10 * 60 * S, reason: 'leak on P1' },
      T0,
    );
    const r = run(sensor, config, [ask, ...healthy(15, t(1))]);
    expect(commands(r.effects, 'set_sampling_period').map((c) => c.value)).toEqual([5 * S, 60 * S]);
  });

  it('annunciates an overdue calibration when it starts', () => {
    const overdue = SensorConfig.parse({ ...config, lastCalibration: '2023-01-01' });
    expect(sensor.init(overdue, T0).effects).toContainEqual(anAlert('calibration_due', 4));
    const fresh = SensorConfig.parse({ ...config, lastCalibration: '2024-12-01' });
    expect(alerts(sensor.init(fresh, T0).effects)).toEqual([]);
  });

  it('subscribes to its measurement and its battery and arms the watchdog', () => {
    expect(sensor.init(config, T0).effects).toEqual([
      { type: 'subscribe', topic: 'reading/J1/pressure' },
      { type: 'subscribe', topic: 'reading/S-J1/battery' },
      aSchedule('watchdog', 180 * S),
    ]);
  });

  it('ignores an old watchdog while readings keep coming', () => {
    const r = run(sensor, config, [...healthy(3), timer('watchdog', t(2) + 1)]);
    expect(r.status).toBe('Active');
  });
});

describe('hysteresis', () => {
  const limits = { warningHigh: 50, criticalHigh: 80 };
  it('a value moving less than the deadband around a threshold changes level at most once', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 49.01, max: 50.99, noNaN: true }), { minLength: 1, maxLength: 50 }),
        (values) => {
          let e: Excursion = CALM;
          let changesSeen = 0;
          for (const v of values) {
            const next = classify(v, limits, 2, e);
            if (next.level !== e.level) changesSeen++;
            e = next;
          }
          return changesSeen <= 1;
        },
      ),
    );
  });
  it('enters at the threshold and leaves only past the deadband', () => {
    const warned = classify(50, limits, 2, CALM);
    expect(warned).toEqual({ level: 1, side: 'high' });
    expect(classify(48.5, limits, 2, warned).level).toBe(1);
    expect(classify(47.9, limits, 2, warned).level).toBe(0);
  });
});
