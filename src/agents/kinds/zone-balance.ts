// The arithmetic of a DMA: volumes from flow readings, the water balance of a report
// window, and the minimum night flow. Pure functions, kept apart from the zone's modes.
import { HOUR, timeOfDay } from './common/time';

export interface FlowLog {
  /** last flow per meter, L/s, with its time */
  last: Record<string, { value: number; time: number }>;
  /** litres through each meter since the window started */
  litres: Record<string, number>;
}

export const emptyLog = (): FlowLog => ({ last: {}, litres: {} });

/**
 * Add a reading to the volumes. Each reading's flow is held until the next one (a meter
 * reports an average over its period), and a gap longer than `maxGapMs` is not filled in:
 * guessing through a communication loss would invent water.
 */
export function integrate(
  log: FlowLog,
  meter: string,
  value: number,
  time: number,
  maxGapMs: number,
): FlowLog {
  const prev = log.last[meter];
  let litres = log.litres[meter] ?? 0;
  if (prev !== undefined && time > prev.time && time - prev.time <= maxGapMs) {
    litres += (prev.value * (time - prev.time)) / 1000;
  }
  return { last: { ...log.last, [meter]: { value, time } }, litres: { ...log.litres, [meter]: litres } };
}

/** a new window: volumes start at zero, the last values carry on */
export const restartWindow = (log: FlowLog): FlowLog => ({ last: log.last, litres: {} });

export interface Balance {
  inflowL: number;
  consumptionL: number;
  /** system input minus billed metered consumption: real and apparent losses together */
  lossesL: number;
  /** non-revenue water as a % of system input; null without input */
  nrwPct: number | null;
}

export function waterBalance(
  log: FlowLog,
  inlets: readonly string[],
  outlets: readonly string[],
  customers: readonly string[],
): Balance {
  const sum = (ms: readonly string[]) => ms.reduce((acc, m) => acc + (log.litres[m] ?? 0), 0);
  const inflowL = sum(inlets) - sum(outlets);
  const consumptionL = sum(customers);
  const lossesL = inflowL - consumptionL;
  // without customer meters the consumption is unknown, not zero: no NRW figure rather than 100 %
  const nrwPct = inflowL > 0 && customers.length > 0 ? (100 * lossesL) / inflowL : null;
  return { inflowL, consumptionL, lossesL, nrwPct };
}

/** net flow into the zone now, L/s; undefined until every inlet has reported */
export function netInflow(
  log: FlowLog,
  inlets: readonly string[],
  outlets: readonly string[],
): number | undefined {
  let total = 0;
  for (const m of inlets) {
    const v = log.last[m];
    if (v === undefined) return undefined;
    total += v.value;
  }
  for (const m of outlets) total -= log.last[m]?.value ?? 0;
  return total;
}

/** the classic MNF window, 02:00–04:00 local time, when nearly all flow is leakage */
export const NIGHT_START = 2 * HOUR;
export const NIGHT_END = 4 * HOUR;
export const inNight = (time: number, utcOffsetMinutes: number) => {
  const t = timeOfDay(time, utcOffsetMinutes);
  return t >= NIGHT_START && t < NIGHT_END;
};

export interface Night {
  day: number;
  sum: number;
  n: number;
}
