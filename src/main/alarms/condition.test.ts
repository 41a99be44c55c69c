import { describe, expect, it } from 'vitest';
import {
  deviationCondition,
  discreteCondition,
  limitCondition,
  rateOfChangeCondition,
  ratePerMinute,
} from './condition';
import {
  defineAlarm,
  type DeviationAlarm,
  type DiscreteAlarm,
  type LimitAlarm,
  type RateOfChangeAlarm,
} from './definition';

const base = { tag: 't', priority: 3 as const, message: '{tag}' };

/** feed a sequence of values through a condition with hysteresis; returns the condition after each */
function run(values: number[], condition: (value: number, was: boolean) => boolean): boolean[] {
  let was = false;
  return values.map((v) => (was = condition(v, was)));
}

describe('limit condition with deadband', () => {
  const hi = defineAlarm({
    ...base,
    id: 'hi',
    type: 'limit',
    limit: 'hi',
    setpoint: 60,
    deadband: 2,
  }) as LimitAlarm;
  const lolo = defineAlarm({
    ...base,
    id: 'lolo',
    type: 'limit',
    limit: 'lolo',
    setpoint: 10,
    deadband: 1,
  }) as LimitAlarm;

  it('hi: activates above the setpoint, clears only below setpoint − deadband', () => {
    // 60 is not above 60; 60.5 is; 59 is inside the deadband (> 58) so it holds; 58 clears (not > 58)
    expect(run([60, 60.5, 59, 58.5, 58, 59, 60, 61], (v, w) => limitCondition(hi, v, w))).toEqual([
      false,
      true,
      true,
      true,
      false,
      false,
      false,
      true,
    ]);
  });

  it('lolo: activates below the setpoint, clears only above setpoint + deadband', () => {
    expect(run([10, 9.9, 10.5, 11, 10.5, 9], (v, w) => limitCondition(lolo, v, w))).toEqual([
      false,
      true,
      true, // 10.5 < 11: still inside the deadband
      false, // 11 is not below 11
      false,
      true,
    ]);
  });

  it('without deadband a value oscillating across the limit toggles every sample', () => {
    const plain = { ...hi, deadband: 0 };
    expect(run([60.1, 59.9, 60.1, 59.9], (v, w) => limitCondition(plain, v, w))).toEqual([
      true,
      false,
      true,
      false,
    ]);
  });
});

describe('deviation condition', () => {
  const dev = defineAlarm({
    ...base,
    id: 'dev',
    type: 'deviation',
    referenceValue: 50,
    maxDeviation: 5,
    deadband: 1,
  }) as DeviationAlarm;

  it('alarms on either side by default, with hysteresis', () => {
    // |dev|: 5 (no), 6 (yes), 4.5 (held: > 4), 4 (clears), 7 below (yes)
    const ref = 50;
    expect(run([55, 56, 54.5, 54, 43], (v, w) => deviationCondition(dev, v, ref, w))).toEqual([
      false,
      true,
      true,
      false,
      true,
    ]);
  });

  it('respects direction', () => {
    const above = { ...dev, direction: 'above' as const };
    const below = { ...dev, direction: 'below' as const };
    expect(deviationCondition(above, 40, 50, false)).toBe(false);
    expect(deviationCondition(below, 40, 50, false)).toBe(true);
    expect(deviationCondition(above, 60, 50, false)).toBe(true);
  });
});

describe('rate of change', () => {
  const roc = defineAlarm({
    ...base,
    id: 'roc',
    type: 'rate_of_change',
    ratePerMinute: 2,
    direction: 'falling',
  }) as RateOfChangeAlarm;

  it('computes units per minute from two samples', () => {
    // 3 units in 30 s = 6 /min
    expect(ratePerMinute({ value: 10, time: 0 }, 13, 30_000)).toBe(6);
    expect(ratePerMinute({ value: 10, time: 5 }, 13, 5)).toBeUndefined();
  });

  it('falling only: a fast rise does not alarm, a fast fall does', () => {
    expect(rateOfChangeCondition(roc, 6, false)).toBe(false);
    expect(rateOfChangeCondition(roc, -2, false)).toBe(false); // exactly the limit is not beyond it
    expect(rateOfChangeCondition(roc, -2.5, false)).toBe(true);
  });
});

describe('discrete', () => {
  const estop = defineAlarm({
    ...base,
    id: 'e',
    type: 'discrete',
    equals: 'Emergency_Stop',
  }) as DiscreteAlarm;
  it('is active only for the exact value (no type coercion)', () => {
    expect(discreteCondition(estop, 'Emergency_Stop')).toBe(true);
    expect(discreteCondition(estop, 'Running')).toBe(false);
    const one = { ...estop, equals: 1 };
    expect(discreteCondition(one, '1')).toBe(false);
    expect(discreteCondition(one, 1)).toBe(true);
  });
});
