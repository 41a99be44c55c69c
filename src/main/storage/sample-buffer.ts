// Samples waiting for the next flush, column by column: cheaper to grow and to sort by index
// than one object per sample, and they no longer alias the caller's objects.

export class SampleBuffer {
  tags: string[] = [];
  times: number[] = [];
  values: number[] = [];
  qualities: number[] = [];

  get length(): number {
    return this.times.length;
  }

  push(tag: string, t: number, value: number, quality: number): void {
    this.tags.push(tag);
    this.times.push(t);
    this.values.push(value);
    this.qualities.push(quality);
  }

  /** Put `older` back in front, after a failed flush, so a retry keeps arrival order. */
  prepend(older: SampleBuffer): void {
    this.tags = older.tags.concat(this.tags);
    this.times = older.times.concat(this.times);
    this.values = older.values.concat(this.values);
    this.qualities = older.qualities.concat(this.qualities);
  }
}
