import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS, HOUR_MS, MINUTE_MS, type SampleInput, type SqliteHistorian } from './historian';
import { openTestHistorian, T0, TempDir } from './test-support';

// One sample every 10 s for 45 days, value = its index: every bucket's answer is arithmetic.
// minute m holds 6m .. 6m+5, hour h holds 360h .. 360h+359.
const STEP = 10_000;
const DAYS = 45;

describe('SqliteHistorian queries', () => {
  const dir = new TempDir();
  let historian: SqliteHistorian;

  beforeAll(() => {
    const opened = openTestHistorian(dir, { flushAtSamples: 100_000 });
    historian = opened.historian;
    opened.clock.advanceTo(T0 + DAYS * DAY_MS);
    const batch: SampleInput[] = [];
    for (let i = 0; i < (DAYS * DAY_MS) / STEP; i++) batch.push({ tag: 'p', t: T0 + i * STEP, value: i });
    historian.append(batch);
    historian.append([
      { tag: 'sparse', t: T0, value: 1 },
      { tag: 'sparse', t: T0 + 20 * DAY_MS, value: 2 },
    ]);
    historian.flushSync();
  });
  afterAll(() => {
    historian.closeSync();
    dir.remove();
  });

  it('answers ranges up to a day from raw samples, half-open', async () => {
    const result = await historian.query('p', T0, T0 + DAY_MS);
    expect(result.tier).toBe('raw');
    expect(result.points).toHaveLength(8_640);
    expect(result.points[0]).toEqual({ t: T0, value: 0, quality: 0 });
    expect(result.points.at(-1)).toEqual({ t: T0 + DAY_MS - STEP, value: 8_639, quality: 0 });
  });

  it('answers up to ~30 days from 1-minute rollups', async () => {
    const result = await historian.query('p', T0, T0 + 2 * DAY_MS);
    expect(result).toMatchObject({ tier: '1m', bucketMs: MINUTE_MS });
    expect(result.points).toHaveLength(2 * 1_440);
    expect(result.points[1]).toEqual({ t: T0 + MINUTE_MS, min: 6, max: 11, avg: 8.5, last: 11, count: 6 });
    expect(result.points[2_000]).toEqual({
      t: T0 + 2_000 * MINUTE_MS,
      min: 12_000,
      max: 12_005,
      avg: 12_002.5,
      last: 12_005,
      count: 6,
    });
  });

  it('answers longer ranges from 1-hour rollups', async () => {
    const result = await historian.query('p', T0, T0 + 40 * DAY_MS);
    expect(result).toMatchObject({ tier: '1h', bucketMs: HOUR_MS });
    expect(result.points).toHaveLength(40 * 24);
    expect(result.points[3]).toEqual({
      t: T0 + 3 * HOUR_MS,
      min: 1_080,
      max: 1_439,
      avg: 1_259.5,
      last: 1_439,
      count: 360,
    });
  });

  it('answers a long range from raw samples when it holds few', async () => {
    const result = await historian.query('sparse', T0, T0 + 40 * DAY_MS);
    expect(result).toEqual({
      tier: 'raw',
      points: [
        { t: T0, value: 1, quality: 0 },
        { t: T0 + 20 * DAY_MS, value: 2, quality: 0 },
      ],
    });
  });

  it('merges buckets so the answer never exceeds maxPoints, exactly', async () => {
    const day = await historian.query('p', T0, T0 + DAY_MS, 1_000);
    expect(day).toMatchObject({ tier: '1m', bucketMs: 2 * MINUTE_MS });
    expect(day.points).toHaveLength(720);
    expect(day.points[5]).toEqual({
      t: T0 + 10 * MINUTE_MS,
      min: 60,
      max: 71,
      avg: 65.5,
      last: 71,
      count: 12,
    });

    const month = await historian.query('p', T0 + 30 * 1_000, T0 + 30 * DAY_MS, 500);
    expect(month.tier).toBe('1m');
    expect(month.points.length).toBeLessThanOrEqual(500);
    expect(month.points.reduce((n, p) => n + ('count' in p ? p.count : 0), 0)).toBe((30 * DAY_MS) / STEP);
  });

  it('uses raw within a day when the range holds no more than maxPoints samples', async () => {
    expect((await historian.query('p', T0, T0 + 10 * MINUTE_MS, 60)).tier).toBe('raw');
    expect((await historian.query('p', T0, T0 + 10 * MINUTE_MS, 59)).tier).toBe('1m');
  });

  it('does not answer from a tier whose retention no longer covers the start of the range', async () => {
    const { historian: later, clock } = openTestHistorian(dir, {}, 'later.db');
    later.append([{ tag: 'p', t: T0, value: 1 }]);
    later.flushSync();
    clock.advanceTo(T0 + 100 * DAY_MS); // raw is kept 90 days: this hour may already be purged
    expect((await later.query('p', T0, T0 + HOUR_MS)).tier).toBe('1m');
    later.closeSync();
  });

  it('explains bad queries', async () => {
    await expect(historian.query('nope', T0, T0 + 1)).rejects.toThrow('unknown tag "nope"');
    await expect(historian.query('p', T0, T0)).rejects.toThrow(/range is empty/);
    await expect(historian.query('p', NaN, T0)).rejects.toThrow(/whole ms/);
    await expect(historian.query('p', T0, T0 + 1, 0)).rejects.toThrow(/maxPoints must be a positive integer/);
  });
});
