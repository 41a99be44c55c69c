import { describe, expect, it } from 'vitest';
import { defineAlarm, defineSuppressionRule } from '../alarms';
import { planAlarms } from './alarm-plan';

const agents = [
  { id: 'PU-1', kind: 'pump', zone: undefined, config: {} },
  { id: 'P-7', kind: 'pipe', zone: 'DMA-N', config: {} },
  { id: 'DMA-N', kind: 'zone', zone: 'DMA-N', config: {} },
  {
    id: 'S-J-3-pressure',
    kind: 'sensor',
    zone: 'DMA-N',
    config: { type: 'pressure', element: 'J-3', thresholds: { warningLow: 20, criticalLow: 14 } },
  },
  {
    id: 'S-T-1-level',
    kind: 'sensor',
    zone: undefined,
    config: { type: 'level', element: 'T-1', thresholds: {} },
  },
  { id: 'control-center', kind: 'control-center', zone: undefined, config: {} },
];

describe('planAlarms', () => {
  const plan = planAlarms(agents);
  const byId = new Map(plan.alarms.map((a) => [a.id, a]));

  it('plans state alarms per kind, limit alarms from instrument thresholds, and a fast-drain alarm per tank gauge', () => {
    expect(byId.get('PU-1.emergency_stop')).toMatchObject({
      priority: 1,
      tag: 'agent.PU-1.state',
      equals: 'Emergency_Stop',
      area: 'PU-1',
    });
    expect(byId.get('P-7.critical')).toMatchObject({ priority: 2, zone: 'DMA-N' });
    expect(byId.get('J-3.pressure.lolo')).toMatchObject({
      type: 'limit',
      limit: 'lolo',
      setpoint: 14,
      tag: 'J-3.pressure',
      area: 'J-3',
    });
    expect(byId.get('J-3.pressure.lo')).toMatchObject({ setpoint: 20, priority: 4 });
    expect(byId.has('J-3.pressure.hi')).toBe(false); // no threshold, no alarm
    expect(byId.get('T-1.level.falling')).toMatchObject({ type: 'rate_of_change', direction: 'falling' });
    expect([...byId.keys()].some((id) => id.startsWith('control-center'))).toBe(false);
    // every planned definition is valid for the engine
    for (const alarm of plan.alarms) expect(() => defineAlarm(alarm)).not.toThrow();
  });

  it('suppresses what an isolation cuts off in a zone, by the zone or by a leak incident', () => {
    const rules = plan.suppressionRules.map((r) => [r.id, r.when.tag, r.when.equals, r.suppress]);
    const held = ['P-7.critical', 'S-J-3-pressure.error', 'J-3.pressure.lolo', 'J-3.pressure.lo'];
    expect(rules).toEqual([
      ['DMA-N.zone-isolating-holds-area', 'agent.DMA-N.state', 'Isolating', held],
      ['DMA-N.zone-isolated-holds-area', 'agent.DMA-N.state', 'Isolated', held],
      ['DMA-N.incident-isolating-holds-area', 'incident.DMA-N.state', 'Isolating', held],
      ['DMA-N.incident-isolated-holds-area', 'incident.DMA-N.state', 'Isolated', held],
    ]);
    for (const rule of plan.suppressionRules) expect(() => defineSuppressionRule(rule)).not.toThrow();
  });

  it('gives most alarms a low priority (ISA-18.2: about 80 % low)', () => {
    const low = plan.alarms.filter((a) => a.priority >= 3).length;
    expect(low / plan.alarms.length).toBeGreaterThan(0.5);
  });
});
