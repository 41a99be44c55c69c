import { describe, expect, it } from 'vitest';
import type { AgentEvent } from '../runtime/behaviour';
import { hydrant, HydrantConfig } from './hydrant';
import { advance, aSend, alerts, anAlert, checkRow, operator, reading, type Row, run } from './testing';

const T0 = Date.UTC(2025, 0, 6);
const DAY = 86_400_000;
const t = (minutes: number) => T0 + minutes * 60_000;
const config = HydrantConfig.parse({
  id: 'H1',
  node: 'J7',
  pipes: ['P1'],
  pumps: ['PU1'],
  zone: 'Z1',
  lastInspection: '2024-06-01',
});
const flow = (v: number, at: number) => reading('H1', 'flow', v, at);

const inUse: AgentEvent[] = [flow(25, t(0))];
const due: AgentEvent[] = [advance(T0 + 147 * DAY)];
const needsWork: AgentEvent[] = [operator('report_defect', t(0))];
const outOfService: AgentEvent[] = [operator('maintenance_start', t(0))];
const blocked: AgentEvent[] = [operator('report_blocked', t(0))];

describe('hydrant transitions', () => {
  const rows: Row[] = [
    {
      from: 'Available',
      on: 'flow jumps to 25 L/s',
      to: 'In_Use',
      given: [],
      event: flow(25, t(0)),
      effects: [
        anAlert('hydrant_in_use', 3),
        aSend('P1', 'demand_rising', { source: 'H1', flowLps: 25 }),
        aSend('PU1', 'demand_rising'),
        aSend('control-center', 'hydrant_opened', { hydrant: 'H1', zone: 'Z1' }),
        aSend('Z1', 'hydrant_opened'),
      ],
    },
    {
      from: 'In_Use',
      on: 'flow stops',
      to: 'Available',
      given: inUse,
      event: flow(0.2, t(20)),
      effects: [
        aSend('P1', 'demand_normal'),
        aSend('PU1', 'demand_normal'),
        aSend('control-center', 'hydrant_closed'),
        aSend('Z1', 'hydrant_closed'),
      ],
    },
    {
      from: 'In_Use',
      on: 'flow falls to 1 L/s (still open)',
      to: 'In_Use',
      given: inUse,
      event: flow(1, t(20)),
    },
    {
      from: 'Available',
      on: 'a slow rise of 1 L/s (no jump)',
      to: 'Available',
      given: [],
      event: flow(1, t(0)),
    },
    {
      from: 'Available',
      on: 'inspection interval passes',
      to: 'Inspection_Due',
      given: [],
      event: advance(T0 + 147 * DAY),
      effects: [anAlert('inspection_due', 4)],
    },
    { from: 'Inspection_Due', on: 'flow jump', to: 'In_Use', given: due, event: flow(25, T0 + 201 * DAY) },
    {
      from: 'In_Use',
      on: 'flow stops, back to where it was',
      to: 'Inspection_Due',
      given: [...due, flow(25, T0 + 201 * DAY)],
      event: flow(0, T0 + 201 * DAY + 60_000),
    },
    {
      from: 'Inspection_Due',
      on: 'passes inspection',
      to: 'Available',
      given: due,
      event: operator('inspect', T0 + 201 * DAY, { result: 'pass' }),
    },
    {
      from: 'Inspection_Due',
      on: 'fails inspection',
      to: 'Maintenance_Required',
      given: due,
      event: operator('inspect', T0 + 201 * DAY, { result: 'fail' }),
    },
    {
      from: 'Available',
      on: 'defect reported',
      to: 'Maintenance_Required',
      given: [],
      event: operator('report_defect', t(0)),
    },
    {
      from: 'Maintenance_Required',
      on: 'repair',
      to: 'Available',
      given: needsWork,
      event: operator('repair', t(10)),
    },
    {
      from: 'Maintenance_Required',
      on: 'taken out of service',
      to: 'Out_of_Service',
      given: needsWork,
      event: operator('maintenance_start', t(10)),
    },
    {
      from: 'Maintenance_Required',
      on: 'flow jump (used anyway)',
      to: 'In_Use',
      given: needsWork,
      event: flow(20, t(10)),
    },
    {
      from: 'Available',
      on: 'taken out of service',
      to: 'Out_of_Service',
      given: [],
      event: operator('maintenance_start', t(0)),
    },
    {
      from: 'Out_of_Service',
      on: 'maintenance ends',
      to: 'Available',
      given: outOfService,
      event: operator('maintenance_end', t(10)),
    },
    {
      from: 'Out_of_Service',
      on: 'flow jump',
      to: 'Out_of_Service',
      given: outOfService,
      event: flow(20, t(10)),
      effects: [anAlert('unexpected_flow', 2)],
    },
    {
      from: 'Available',
      on: 'access blocked',
      to: 'Blocked',
      given: [],
      event: operator('report_blocked', t(0)),
    },
    {
      from: 'Maintenance_Required',
      on: 'access blocked',
      to: 'Blocked',
      given: needsWork,
      event: operator('report_blocked', t(10)),
    },
    {
      from: 'Blocked',
      on: 'access cleared',
      to: 'Available',
      given: blocked,
      event: operator('clear_blockage', t(10)),
    },
    {
      from: 'Blocked',
      on: 'access cleared, defect still open',
      to: 'Maintenance_Required',
      given: [...needsWork, operator('report_blocked', t(5))],
      event: operator('clear_blockage', t(10)),
    },
    { from: 'Blocked', on: 'flow jump', to: 'In_Use', given: blocked, event: flow(25, t(10)) },
    {
      from: 'In_Use',
      on: 'operator action while water flows',
      to: 'In_Use',
      given: inUse,
      event: operator('maintenance_start', t(5)),
    },
  ];
  it.each(rows)('$from → $to on $on', (row) => {
    checkRow(hydrant, config, row, T0);
  });

  it('starts Inspection_Due without an inspection record, Blocked when obstructed', () => {
    const never = HydrantConfig.parse({ id: 'H2' });
    expect(hydrant.init(never, T0).state.status).toBe('Inspection_Due');
    expect(alerts(hydrant.init(never, T0).effects)).toHaveLength(1);
    expect(
      hydrant.init(HydrantConfig.parse({ ...config, accessibility: 'obstructed' }), T0).state.status,
    ).toBe('Blocked');
  });

  it('a repaired hydrant counts as inspected', () => {
    const r = run(hydrant, config, [
      ...needsWork,
      operator('repair', T0 + 300 * DAY),
      advance(T0 + 301 * DAY),
    ]);
    expect(r.status).toBe('Available');
  });
});
