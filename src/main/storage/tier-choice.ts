// Which tier answers a trend query. Raw for short ranges (≤ 1 day) or when the range holds few
// raw samples; 1-minute rollups up to ~30 days; 1-hour rollups beyond. A tier is only used if
// its retention still covers the start of the range, so a long query never silently returns
// a truncated raw series. With maxPoints, rollup buckets are merged into wider ones (exactly:
// min/max/sum/count/last compose) so the answer never has more points than asked for.
import { DAY_MS, HOUR_MS, MINUTE_MS, type RetentionPolicy, type Tier } from './tiers';

export const RAW_MAX_SPAN_MS = DAY_MS;
export const MINUTE_MAX_SPAN_MS = 31 * DAY_MS;
/** without maxPoints, a longer range is still answered raw when it holds at most this many samples */
export const FEW_RAW_POINTS = 5_000;

export const TIER_WIDTH_MS: Record<Exclude<Tier, 'raw'>, number> = { '1m': MINUTE_MS, '1h': HOUR_MS };

export interface TierChoiceInput {
  from: number;
  to: number;
  now: number;
  maxPoints: number | undefined;
  retention: RetentionPolicy;
  /** raw samples in the range, counting at most limit + 1 */
  countRaw(limit: number): number;
}

export type TierPlan = { tier: 'raw' } | { tier: '1m' | '1h'; bucketMs: number; origin: number };

export function chooseTier(input: TierChoiceInput): TierPlan {
  const { from, to, now, maxPoints, retention } = input;
  const span = to - from;
  if (from >= now - retention.rawMs) {
    const limit = maxPoints ?? (span <= RAW_MAX_SPAN_MS ? Infinity : FEW_RAW_POINTS);
    if (limit === Infinity || input.countRaw(limit) <= limit) return { tier: 'raw' };
  }
  const tier = span <= MINUTE_MAX_SPAN_MS && from >= now - retention.minuteMs ? '1m' : '1h';
  const width = TIER_WIDTH_MS[tier];
  // groups start at the tier bucket holding `from`, so ceil(covered / bucketMs) <= maxPoints
  const origin = Math.floor(from / width) * width;
  const covered = to - origin;
  const bucketMs =
    maxPoints === undefined ? width : Math.max(1, Math.ceil(covered / (maxPoints * width))) * width;
  return { tier, bucketMs, origin };
}

export function checkQueryArgs(from: number, to: number, maxPoints: number | undefined): void {
  if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to)) {
    throw new RangeError(`query range must be whole ms, got ${from} .. ${to}`);
  }
  if (to <= from) throw new RangeError(`query range is empty: to (${to}) must be after from (${from})`);
  if (maxPoints !== undefined && !(Number.isSafeInteger(maxPoints) && maxPoints > 0)) {
    throw new RangeError(`maxPoints must be a positive integer, got ${maxPoints}`);
  }
}
