// The historian's storage tiers and how long each is kept.

export type Tier = 'raw' | '1m' | '1h';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

export interface RetentionPolicy {
  rawMs: number;
  minuteMs: number;
  hourMs: number;
}

export const DEFAULT_RETENTION: RetentionPolicy = {
  rawMs: 90 * DAY_MS,
  minuteMs: 2 * 365 * DAY_MS,
  hourMs: 10 * 365 * DAY_MS,
};
