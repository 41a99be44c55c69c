// Rollup buckets computed in memory: per flush from the sorted batch (one upsert per touched
// bucket instead of one per sample), and per query when buckets are merged to honour maxPoints.
// min/max/sum/count/last merge exactly, so coarser buckets built from finer ones are exact.

export interface Bucket {
  tagId: number;
  /** start of the bucket, ms since the epoch, a multiple of its width */
  start: number;
  min: number;
  max: number;
  sum: number;
  count: number;
  last: number;
  lastT: number;
}

/** Start of the `width`-wide bucket holding `t` (floor, so also right before 1970). */
export function bucketStart(t: number, width: number): number {
  return t - (((t % width) + width) % width);
}

export function newBucket(tagId: number, start: number, t: number, value: number): Bucket {
  return { tagId, start, min: value, max: value, sum: value, count: 1, last: value, lastT: t };
}

export function addSample(bucket: Bucket, t: number, value: number): void {
  if (value < bucket.min) bucket.min = value;
  if (value > bucket.max) bucket.max = value;
  bucket.sum += value;
  bucket.count++;
  if (t >= bucket.lastT) {
    bucket.last = value;
    bucket.lastT = t;
  }
}

export function mergeBucket(into: Bucket, from: Bucket): void {
  if (from.min < into.min) into.min = from.min;
  if (from.max > into.max) into.max = from.max;
  into.sum += from.sum;
  into.count += from.count;
  if (from.lastT >= into.lastT) {
    into.last = from.last;
    into.lastT = from.lastT;
  }
}

/**
 * Merge buckets sorted by (tagId, start) into coarser ones; `startOf` maps a bucket's start
 * to the start of the coarser bucket holding it.
 */
export function coarsen(buckets: readonly Bucket[], startOf: (start: number) => number): Bucket[] {
  const out: Bucket[] = [];
  let current: Bucket | undefined;
  for (const bucket of buckets) {
    const start = startOf(bucket.start);
    if (current && current.tagId === bucket.tagId && current.start === start) {
      mergeBucket(current, bucket);
    } else {
      current = { ...bucket, start };
      out.push(current);
    }
  }
  return out;
}
