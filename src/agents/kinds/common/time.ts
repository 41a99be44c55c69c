// Durations in ms. Agents only ever see event.time, so these are plain arithmetic.
export const SECOND = 1_000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** ms since local midnight, for a zone whose clock is `offsetMinutes` east of UTC */
export const timeOfDay = (time: number, offsetMinutes: number) =>
  (((time + offsetMinutes * MINUTE) % DAY) + DAY) % DAY;

/** local day number, so night windows can be told apart */
export const dayNumber = (time: number, offsetMinutes: number) =>
  Math.floor((time + offsetMinutes * MINUTE) / DAY);

/** parse an ISO date from a sidecar into epoch ms; undefined when absent */
export const isoToMs = (iso: string | undefined) => (iso === undefined ? undefined : Date.parse(iso));
