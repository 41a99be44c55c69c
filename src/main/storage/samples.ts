// What the historian accepts, and the checks each sample passes before it is buffered. A bad
// sample is rejected on its own with a reason; the rest of its batch is still stored.

/** Stored as a small integer; 0 for good keeps the common case free on disk (SQLite stores 0 in no bytes). */
export const QUALITY = { good: 0, uncertain: 1, bad: 2 } as const;
export type QualityName = keyof typeof QUALITY;
export type QualityCode = (typeof QUALITY)[QualityName];

const QUALITY_NAMES: readonly QualityName[] = ['good', 'uncertain', 'bad'];

export function qualityName(code: number): QualityName {
  const name = QUALITY_NAMES[code];
  if (name === undefined) throw new RangeError(`unknown quality code ${code}`);
  return name;
}

export interface SampleInput {
  tag: string;
  /** ms since the Unix epoch, an integer */
  t: number;
  value: number;
  /** defaults to good */
  quality?: QualityName | QualityCode;
}

export interface RejectedSample {
  /** position in the array given to append */
  index: number;
  tag: unknown;
  error: string;
}

export interface AppendResult {
  accepted: number;
  rejected: RejectedSample[];
}

export const MAX_TAG_LENGTH = 256;

/** Returns the quality code, or a reason the sample cannot be stored. */
export function checkSample(sample: SampleInput): QualityCode | string {
  if (sample === null || typeof sample !== 'object') return 'sample must be an object';
  const { tag, t, value, quality } = sample;
  if (typeof tag !== 'string' || tag.length === 0) return 'tag must be a non-empty string';
  if (tag.length > MAX_TAG_LENGTH) return `tag is longer than ${MAX_TAG_LENGTH} characters`;
  if (typeof t !== 'number' || !Number.isFinite(t))
    return `time must be a finite number of ms, got ${String(t)}`;
  if (!Number.isSafeInteger(t)) return `time must be a whole number of ms, got ${t}`;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return `value must be a finite number, got ${typeof value === 'number' ? String(value) : typeof value}`;
  }
  if (quality === undefined) return QUALITY.good;
  if (typeof quality === 'string' && Object.hasOwn(QUALITY, quality)) return QUALITY[quality];
  if (typeof quality === 'number' && QUALITY_NAMES[quality] !== undefined) return quality as QualityCode;
  return `unknown quality ${JSON.stringify(quality)} (expected good, uncertain, bad or 0, 1, 2)`;
}
