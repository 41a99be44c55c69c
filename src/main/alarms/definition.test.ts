import { describe, expect, it } from 'vitest';
import { AlarmConfigError, parseAlarmConfigJson } from './definition';
import { renderMessage } from './message-template';

const config = {
  alarms: [
    {
      id: 'J12.p.hi',
      tag: 'node.J12.pressure',
      type: 'limit',
      limit: 'hi',
      setpoint: 60,
      deadband: 1.5,
      onDelayS: 5,
      priority: 2,
      message: '{tag} high: {value} m',
      area: 'North',
      zone: 'DMA-3',
    },
    {
      id: 'PRV1.dev',
      tag: 'valve.PRV1.downstream',
      type: 'deviation',
      referenceTag: 'valve.PRV1.setpoint',
      maxDeviation: 3,
      priority: 3,
      message: 'PRV1 off setpoint',
    },
    {
      id: 'T1.roc',
      tag: 'tank.T1.level',
      type: 'rate_of_change',
      ratePerMinute: 0.2,
      direction: 'falling',
      priority: 3,
      message: 'T1 draining fast',
    },
    {
      id: 'P1.estop',
      tag: 'pump.P1.state',
      type: 'discrete',
      equals: 'Emergency_Stop',
      priority: 1,
      shelvable: false,
      message: 'P1 emergency stop',
    },
    {
      id: 'GW1.comms',
      tag: 'gw.GW1.heartbeat',
      type: 'comms_loss',
      afterS: 30,
      priority: 2,
      message: 'GW1 lost',
    },
  ],
  suppressionRules: [
    { id: 'P1-stopped', when: { tag: 'pump.P1.state', equals: 'Stopped' }, suppress: ['P1.*'] },
  ],
};

describe('alarm configuration', () => {
  it('loads every alarm type from JSON and fills defaults', () => {
    const parsed = parseAlarmConfigJson(JSON.stringify(config));
    expect(parsed.alarms.map((a) => a.type)).toEqual([
      'limit',
      'deviation',
      'rate_of_change',
      'discrete',
      'comms_loss',
    ]);
    const [limit, deviation, , discrete] = parsed.alarms;
    expect(limit).toMatchObject({ onDelayS: 5, offDelayS: 0, deadband: 1.5, shelvable: true });
    expect(deviation).toMatchObject({ direction: 'both', deadband: 0 });
    expect(discrete).toMatchObject({ shelvable: false });
    expect(parsed.suppressionRules[0]).toMatchObject({ releaseDelayS: 0, suppress: ['P1.*'] });
  });

  it.each([
    ['priority outside 1–4', { priority: 5 }, 'alarms.0.priority'],
    ['unknown template field', { message: '{vlaue} too high' }, 'alarms.0.message'],
    ['negative on-delay', { onDelayS: -1 }, 'alarms.0.onDelayS'],
    ['unknown type', { type: 'magic' }, 'alarms.0.type'],
  ])('rejects %s, naming the field', (_what, patch, path) => {
    const bad = { ...config, alarms: [{ ...config.alarms[0], ...patch }] };
    expect(() => parseAlarmConfigJson(JSON.stringify(bad))).toThrow(path);
  });

  it('rejects a deviation alarm with both or neither reference', () => {
    const both = { ...config.alarms[1], referenceValue: 50 };
    const neither = { ...config.alarms[1], referenceTag: undefined };
    for (const alarm of [both, neither]) {
      expect(() => parseAlarmConfigJson(JSON.stringify({ alarms: [alarm] }))).toThrow(/exactly one of/);
    }
  });

  it('rejects duplicate alarm ids and bad JSON with an AlarmConfigError', () => {
    const dup = { alarms: [config.alarms[0], config.alarms[0]] };
    expect(() => parseAlarmConfigJson(JSON.stringify(dup))).toThrow(/duplicate alarm id 'J12.p.hi'/);
    expect(() => parseAlarmConfigJson('{ alarms: ')).toThrow(AlarmConfigError);
  });
});

describe('message templates', () => {
  it('fills fields, trims float noise and shows missing values as -', () => {
    expect(
      renderMessage('{tag} = {value} (limit {setpoint}) {zone}', {
        tag: 'J1',
        value: 0.1 + 0.2,
        setpoint: 60,
      }),
    ).toBe('J1 = 0.3 (limit 60) -');
  });
});
