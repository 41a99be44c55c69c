import { describe, expect, it } from 'vitest';
import type { AgentEvent } from '../runtime/behaviour';
import type { Message } from './common/messages';
import { controlCenter, ControlCenterConfig } from './control-center';
import {
  advance,
  aPublish,
  aSchedule,
  aSend,
  anAlert,
  checkRow,
  message,
  type Row,
  run,
  sends,
} from './testing';

const T0 = Date.UTC(2025, 0, 6);
const M = 60_000;
const t = (minutes: number) => T0 + minutes * M;
const config = ControlCenterConfig.parse({ zones: ['Z1', 'Z2', 'Z3'], nonCriticalZones: ['Z2', 'Z3'] });
const msg = (m: Message, at: number, from = 'peer'): AgentEvent => ({ ...message(m, at), from });
const mode = (zone: string, m: string, at: number) =>
  msg({ type: 'zone_mode', zone, mode: m, reason: 'test' }, at, zone);
const report = (zone: string, inflowL: number, consumptionL: number, at: number) =>
  msg(
    {
      type: 'zone_report',
      zone,
      mode: 'Normal',
      inflowL,
      consumptionL,
      lossesL: inflowL - consumptionL,
      nrwPct: inflowL > 0 ? (100 * (inflowL - consumptionL)) / inflowL : null,
      windowMs: 15 * M,
    },
    at,
    zone,
  );
const fire = msg({ type: 'hydrant_opened', hydrant: 'H1', flowLps: 25, zone: 'Z2' }, t(1), 'H1');
const allReport = (inflow: number, consumption: number, at: number) =>
  ['Z1', 'Z2', 'Z3'].map((z) => report(z, inflow, consumption, at));

describe('control center transitions', () => {
  const rows: Row[] = [
    { from: 'Normal', on: 'a zone in Alert', to: 'Alert', given: [], event: mode('Z1', 'Alert', t(1)) },
    {
      from: 'Alert',
      on: 'the zone back to Normal',
      to: 'Normal',
      given: [mode('Z1', 'Alert', t(1))],
      event: mode('Z1', 'Normal', t(2)),
    },
    {
      from: 'Normal',
      on: 'a zone in Emergency',
      to: 'Emergency',
      given: [],
      event: mode('Z1', 'Emergency', t(1)),
      effects: [anAlert('zone_emergency', 1)],
    },
    {
      from: 'Alert',
      on: 'a zone isolating',
      to: 'Emergency',
      given: [mode('Z1', 'Alert', t(1))],
      event: mode('Z1', 'Isolating', t(2)),
      effects: [anAlert('zone_emergency', 1)],
    },
    {
      from: 'Emergency',
      on: 'the zone isolated the leak',
      to: 'Alert',
      given: [mode('Z1', 'Isolating', t(1))],
      event: mode('Z1', 'Isolated', t(2)),
    },
    {
      from: 'Normal',
      on: 'a hydrant opens in Z2',
      to: 'Emergency',
      given: [],
      event: fire,
      effects: [anAlert('fire_flow', 2), aSend('Z3', 'reduce_pressure')],
      without: [aSend('Z2', 'reduce_pressure')],
    },
    {
      from: 'Emergency',
      on: 'the hydrant closes',
      to: 'Normal',
      given: [fire],
      event: msg({ type: 'hydrant_closed', hydrant: 'H1' }, t(20), 'H1'),
      effects: [aSend('Z3', 'restore_pressure')],
    },
    {
      from: 'Normal',
      on: 'zones silent for an hour',
      to: 'Alert',
      given: [],
      event: advance(t(60)),
      effects: [anAlert('zone_silent', 2)],
    },
    {
      from: 'Alert',
      on: 'the silent zones report',
      to: 'Normal',
      given: [advance(t(60))],
      event: allReport(1000, 900, t(61))[0]!,
      without: [],
    },
    {
      from: 'Normal',
      on: 'network NRW high at the KPI',
      to: 'Alert',
      given: allReport(1000, 600, t(10)),
      event: advance(t(15)),
      effects: [anAlert('network_nrw_high', 3)],
    },
    {
      from: 'Normal',
      on: 'zones without customer meters (NRW unknown, not 100 %)',
      to: 'Normal',
      given: ['Z1', 'Z2', 'Z3'].map((z) =>
        msg(
          {
            type: 'zone_report',
            zone: z,
            mode: 'Normal',
            inflowL: 1000,
            consumptionL: 0,
            lossesL: 1000,
            nrwPct: null,
            windowMs: 15 * M,
          },
          t(10),
          z,
        ),
      ),
      event: advance(t(15)),
      without: [anAlert('network_nrw_high', 3)],
    },
  ];
  // The silent-zones row needs all three zones back; its given/event are fixed up here.
  rows[8] = {
    ...rows[8]!,
    given: [advance(t(60)), ...allReport(1000, 900, t(61)).slice(0, 2)],
    event: allReport(1000, 900, t(61))[2]!,
  };
  it.each(rows)('$from → $to on $on', (row) => {
    checkRow(controlCenter, config, row, T0);
  });
});

describe('control center seed behaviour: KPIs and cross-zone decisions', () => {
  it('publishes network KPIs from the zone reports every interval', () => {
    const r = run(controlCenter, config, [...allReport(1000, 900, t(10)), advance(t(15))], T0);
    expect(r.last).toEqual(
      expect.arrayContaining([
        aPublish('network/kpi', {
          zones: 3,
          reporting: 3,
          inflowL: 3000,
          consumptionL: 2700,
          lossesL: 300,
          nrwPct: 10,
        }),
        aSchedule('kpi', 15 * M),
      ]),
    );
  });

  it('throttles each non-critical zone once during several fire flows', () => {
    const second = msg({ type: 'hydrant_opened', hydrant: 'H2', flowLps: 25, zone: 'Z1' }, t(2), 'H2');
    const r = run(controlCenter, config, [fire, second], T0);
    expect(sends(r.effects, 'reduce_pressure').map((s) => s.to)).toEqual(['Z3']);
    const close1 = msg({ type: 'hydrant_closed', hydrant: 'H1' }, t(10), 'H1');
    const after = run(controlCenter, config, [fire, second, close1], T0);
    // H2 in Z1 still flows: Z2 (no longer a fire zone) is now throttled too
    expect(sends(after.last).map((s) => [s.to, s.subject])).toEqual([['Z2', 'reduce_pressure']]);
  });

  it('alerts a silent zone once, not at every KPI', () => {
    const r = run(controlCenter, config, [advance(t(180))], T0);
    expect(
      r.effects.filter(
        (e) => e.type === 'publish' && (e.payload as { type?: string }).type === 'zone_silent',
      ),
    ).toHaveLength(3);
  });
});
