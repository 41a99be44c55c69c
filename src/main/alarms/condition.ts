// The raw process condition of each analog and discrete alarm type, as pure functions.
// `wasActive` is the previous raw condition: an active analog alarm stays active until the value
// is back inside its limit by the deadband (hysteresis), so a value hovering at the limit does
// not toggle the alarm on every sample. On/off delays are applied afterwards (on-off-delay.ts).
import type { DeviationAlarm, DiscreteAlarm, LimitAlarm, RateOfChangeAlarm, TagValue } from './definition';

/** `x` is beyond `limit` upwards, with hysteresis of `deadband` once active */
function above(x: number, limit: number, deadband: number, wasActive: boolean): boolean {
  return wasActive ? x > limit - deadband : x > limit;
}

export function limitCondition(def: LimitAlarm, value: number, wasActive: boolean): boolean {
  const high = def.limit === 'hi' || def.limit === 'hihi';
  return high
    ? above(value, def.setpoint, def.deadband, wasActive)
    : above(-value, -def.setpoint, def.deadband, wasActive);
}

export function deviationCondition(
  def: DeviationAlarm,
  value: number,
  reference: number,
  wasActive: boolean,
): boolean {
  const deviation = value - reference;
  const up = above(deviation, def.maxDeviation, def.deadband, wasActive);
  const down = above(-deviation, def.maxDeviation, def.deadband, wasActive);
  if (def.direction === 'above') return up;
  if (def.direction === 'below') return down;
  return up || down;
}

/** rate in engineering units per minute between two samples; undefined when time did not advance */
export function ratePerMinute(previous: { value: number; time: number }, value: number, time: number) {
  const dtMs = time - previous.time;
  return dtMs > 0 ? ((value - previous.value) * 60_000) / dtMs : undefined;
}

export function rateOfChangeCondition(def: RateOfChangeAlarm, rate: number, wasActive: boolean): boolean {
  const rising = above(rate, def.ratePerMinute, def.deadband, wasActive);
  const falling = above(-rate, def.ratePerMinute, def.deadband, wasActive);
  if (def.direction === 'rising') return rising;
  if (def.direction === 'falling') return falling;
  return rising || falling;
}

export function discreteCondition(def: DiscreteAlarm, value: TagValue): boolean {
  return value === def.equals;
}
