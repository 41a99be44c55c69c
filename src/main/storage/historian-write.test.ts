import BetterSqlite3 from 'better-sqlite3';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MINUTE_MS, QUALITY, type SampleInput } from './historian';
import { openTestHistorian, T0, TempDir } from './test-support';

const S = 1_000;

interface RollupRow {
  bucket: number;
  min_value: number;
  max_value: number;
  sum_value: number;
  count: number;
  last_value: number;
  last_t: number;
}

function rollups(db: BetterSqlite3.Database, table: 'rollup_1m' | 'rollup_1h', tag: string): RollupRow[] {
  return db
    .prepare(
      `SELECT bucket, min_value, max_value, sum_value, count, last_value, last_t FROM ${table}
       WHERE tag_id = (SELECT id FROM tags WHERE name = ?) ORDER BY bucket`,
    )
    .all(tag) as RollupRow[];
}

describe('SqliteHistorian writes', () => {
  let dir: TempDir;
  beforeEach(() => (dir = new TempDir()));
  afterEach(() => dir.remove());

  it('buffers appends and writes raw samples and both rollup tiers at flush', async () => {
    const { historian } = openTestHistorian(dir);
    const samples: SampleInput[] = [
      { tag: 'p', t: T0 + 0 * S, value: 1 },
      { tag: 'p', t: T0 + 20 * S, value: 2 },
      { tag: 'p', t: T0 + 10 * S, value: 3 }, // out of order within the batch
      { tag: 'p', t: T0 + 60 * S, value: 10 },
      { tag: 'p', t: T0 + 70 * S, value: 4 },
      { tag: 'p', t: T0 + 3_600 * S, value: 7 },
      { tag: 'q', t: T0, value: -5, quality: 'uncertain' },
    ];
    expect(historian.append(samples)).toEqual({ accepted: 7, rejected: [] });
    expect(historian.buffered).toBe(7);
    expect(historian.db.prepare('SELECT count(*) FROM samples_raw').pluck().get()).toBe(0);

    expect(await historian.flush()).toEqual({ written: 7, duplicates: 0, buckets: 4 + 3 });
    expect(historian.buffered).toBe(0);

    expect(rollups(historian.db, 'rollup_1m', 'p')).toEqual([
      { bucket: T0, min_value: 1, max_value: 3, sum_value: 6, count: 3, last_value: 2, last_t: T0 + 20 * S },
      {
        bucket: T0 + MINUTE_MS,
        min_value: 4,
        max_value: 10,
        sum_value: 14,
        count: 2,
        last_value: 4,
        last_t: T0 + 70 * S,
      },
      {
        bucket: T0 + 60 * MINUTE_MS,
        min_value: 7,
        max_value: 7,
        sum_value: 7,
        count: 1,
        last_value: 7,
        last_t: T0 + 3_600 * S,
      },
    ]);
    expect(rollups(historian.db, 'rollup_1h', 'p')).toEqual([
      {
        bucket: T0,
        min_value: 1,
        max_value: 10,
        sum_value: 20,
        count: 5,
        last_value: 4,
        last_t: T0 + 70 * S,
      },
      {
        bucket: T0 + 60 * MINUTE_MS,
        min_value: 7,
        max_value: 7,
        sum_value: 7,
        count: 1,
        last_value: 7,
        last_t: T0 + 3_600 * S,
      },
    ]);
    expect(rollups(historian.db, 'rollup_1h', 'q')).toEqual([
      { bucket: T0, min_value: -5, max_value: -5, sum_value: -5, count: 1, last_value: -5, last_t: T0 },
    ]);
    await historian.close();
  });

  it('late samples update their buckets; duplicates keep the first value and are not counted twice', async () => {
    const { historian } = openTestHistorian(dir);
    historian.append([
      { tag: 'p', t: T0 + 10 * S, value: 5 },
      { tag: 'p', t: T0 + 30 * S, value: 6 },
    ]);
    await historian.flush();
    historian.append([
      { tag: 'p', t: T0 + 40 * S, value: 1 }, // newest: fast path
      { tag: 'p', t: T0 + 5 * S, value: 9 }, // late, new: stored, becomes the bucket max, not its last
      { tag: 'p', t: T0 + 30 * S, value: 100 }, // already stored: ignored
      { tag: 'p', t: T0 + 40 * S, value: 200 }, // repeated in this batch: the first one wins
    ]);
    expect(await historian.flush()).toEqual({ written: 2, duplicates: 2, buckets: 2 });
    expect(historian.db.prepare('SELECT t, value FROM samples_raw ORDER BY t').all()).toEqual([
      { t: T0 + 5 * S, value: 9 },
      { t: T0 + 10 * S, value: 5 },
      { t: T0 + 30 * S, value: 6 },
      { t: T0 + 40 * S, value: 1 },
    ]);
    expect(rollups(historian.db, 'rollup_1m', 'p')).toEqual([
      { bucket: T0, min_value: 1, max_value: 9, sum_value: 21, count: 4, last_value: 1, last_t: T0 + 40 * S },
    ]);
    await historian.close();
  });

  it('stores bad-quality samples raw but keeps them out of the rollups', async () => {
    const { historian } = openTestHistorian(dir);
    historian.append([
      { tag: 'p', t: T0, value: 2 },
      { tag: 'p', t: T0 + S, value: -9999, quality: 'bad' },
      { tag: 'p', t: T0 + 2 * S, value: 4, quality: QUALITY.uncertain },
    ]);
    await historian.flush();
    expect(historian.db.prepare('SELECT quality FROM samples_raw ORDER BY t').pluck().all()).toEqual([
      0, 2, 1,
    ]);
    expect(rollups(historian.db, 'rollup_1m', 'p')).toEqual([
      { bucket: T0, min_value: 2, max_value: 4, sum_value: 6, count: 2, last_value: 4, last_t: T0 + 2 * S },
    ]);
    await historian.close();
  });

  it('rejects bad samples one by one with a clear reason and stores the others', async () => {
    const { historian } = openTestHistorian(dir);
    const result = historian.append([
      { tag: 'ok', t: T0, value: 1 },
      { tag: 'nan', t: T0, value: NaN },
      { tag: 'inf', t: T0, value: Infinity },
      { tag: 'time', t: NaN, value: 1 },
      { tag: 'time', t: Infinity, value: 1 },
      { tag: 'time', t: T0 + 0.5, value: 1 },
      { tag: 'quality', t: T0, value: 1, quality: 'excellent' as never },
      { tag: 'quality', t: T0, value: 1, quality: 7 as never },
      { tag: '', t: T0, value: 1 },
      { tag: 'value', t: T0, value: '3' as never },
      null as never,
      { tag: 'ok', t: T0 + S, value: 2, quality: 'bad' },
    ]);
    expect(result.accepted).toBe(2);
    expect(result.rejected).toEqual([
      { index: 1, tag: 'nan', error: 'value must be a finite number, got NaN' },
      { index: 2, tag: 'inf', error: 'value must be a finite number, got Infinity' },
      { index: 3, tag: 'time', error: 'time must be a finite number of ms, got NaN' },
      { index: 4, tag: 'time', error: 'time must be a finite number of ms, got Infinity' },
      { index: 5, tag: 'time', error: `time must be a whole number of ms, got ${T0 + 0.5}` },
      {
        index: 6,
        tag: 'quality',
        error: 'unknown quality "excellent" (expected good, uncertain, bad or 0, 1, 2)',
      },
      { index: 7, tag: 'quality', error: 'unknown quality 7 (expected good, uncertain, bad or 0, 1, 2)' },
      { index: 8, tag: '', error: 'tag must be a non-empty string' },
      { index: 9, tag: 'value', error: 'value must be a finite number, got string' },
      { index: 10, tag: undefined, error: 'sample must be an object' },
    ]);
    expect(await historian.flush()).toMatchObject({ written: 2 });
    expect(await historian.tags()).toEqual([{ tag: 'ok', unit: null }]);
    await historian.close();
  });

  it('flushes every N ms on the injected clock, and at once when the buffer reaches its size', async () => {
    const { historian, clock } = openTestHistorian(dir, { flushEveryMs: 500, flushAtSamples: 4 });
    const stored = () => historian.db.prepare('SELECT count(*) FROM samples_raw').pluck().get();
    historian.append([{ tag: 'p', t: T0, value: 1 }]);
    clock.advanceBy(499);
    expect(stored()).toBe(0);
    clock.advanceBy(1);
    expect(stored()).toBe(1);

    historian.append([1, 2, 3].map((i) => ({ tag: 'p', t: T0 + i, value: i })));
    expect(stored()).toBe(1);
    historian.append([{ tag: 'p', t: T0 + 4, value: 4 }]); // the 4th buffered sample
    expect(stored()).toBe(5);
    expect(historian.buffered).toBe(0);
    await historian.close();
  });

  it('keeps the batch when a flush fails and writes it with the next one', async () => {
    const { historian } = openTestHistorian(dir);
    historian.db.pragma('busy_timeout = 0');
    historian.append([{ tag: 'p', t: T0, value: 1 }]);
    const blocker = new BetterSqlite3(dir.file('historian.db'));
    blocker.exec('BEGIN IMMEDIATE'); // another connection holds the write lock
    await expect(historian.flush()).rejects.toThrow(/locked|busy/i);
    expect(historian.buffered).toBe(1);
    historian.append([{ tag: 'p', t: T0 + S, value: 2 }]);
    blocker.exec('ROLLBACK');
    blocker.close();
    expect(await historian.flush()).toEqual({ written: 2, duplicates: 0, buckets: 2 });
    await historian.close();
  });

  it('bounds the buffer while storage fails: new samples are rejected, not silently dropped', async () => {
    const errors: unknown[] = [];
    const { historian } = openTestHistorian(dir, {
      flushAtSamples: 2,
      maxBufferedSamples: 3,
      onFlushError: (e) => errors.push(e),
    });
    historian.db.pragma('busy_timeout = 0');
    const blocker = new BetterSqlite3(dir.file('historian.db'));
    blocker.exec('BEGIN IMMEDIATE');
    const result = historian.append([0, 1, 2, 3].map((i) => ({ tag: 'p', t: T0 + i, value: i })));
    expect(errors).toHaveLength(1); // the buffer-full flush failed once and was not retried per sample
    expect(result.accepted).toBe(3);
    expect(result.rejected).toEqual([
      { index: 3, tag: 'p', error: 'historian buffer is full: storage is failing to flush' },
    ]);
    blocker.exec('ROLLBACK');
    blocker.close();
    expect(await historian.flush()).toMatchObject({ written: 3 });
    await historian.close();
  });

  it('declares tags with units; undeclared tags get none', async () => {
    const { historian } = openTestHistorian(dir);
    await historian.defineTag('zone1/pressure', 'm');
    historian.append([{ tag: 'zone1/flow', t: T0, value: 1 }]);
    await historian.flush();
    await historian.defineTag('zone1/pressure'); // keeps the unit
    expect(await historian.tags()).toEqual([
      { tag: 'zone1/flow', unit: null },
      { tag: 'zone1/pressure', unit: 'm' },
    ]);
    await historian.close();
  });

  it('rollups always equal aggregates recomputed from the raw table (random batches, orders, duplicates)', () => {
    const sample = fc.record({
      tag: fc.constantFrom('a', 'b', 'c'),
      t: fc.integer({ min: 0, max: 4 * 3_600 * S }).map((dt) => T0 + dt - (dt % 250)),
      value: fc.integer({ min: -1000, max: 1000 }).map((v) => v / 4), // exact in binary: sums compare exactly
      quality: fc.constantFrom<SampleInput['quality']>('good', 'uncertain', 'bad'),
    });
    let run = 0;
    fc.assert(
      fc.property(
        fc.array(fc.array(sample, { maxLength: 60 }), { minLength: 1, maxLength: 6 }),
        (batches) => {
          const { historian } = openTestHistorian(dir, {}, `prop-${run++}.db`);
          for (const batch of batches) {
            historian.append(batch);
            historian.flushSync();
          }
          for (const [table, width] of [
            ['rollup_1m', 60_000],
            ['rollup_1h', 3_600_000],
          ] as const) {
            const expected = historian.db
              .prepare(
                `SELECT tag_id, (t - t % ${width}) AS bucket, min(value) AS min_value, max(value) AS max_value,
                 sum(value) AS sum_value, count(*) AS count,
                 (SELECT value FROM samples_raw l WHERE l.tag_id = r.tag_id AND l.quality != 2
                    AND l.t - l.t % ${width} = r.t - r.t % ${width} ORDER BY l.t DESC LIMIT 1) AS last_value,
                 max(t) AS last_t
               FROM samples_raw r WHERE quality != 2 GROUP BY tag_id, bucket ORDER BY tag_id, bucket`,
              )
              .all();
            const actual = historian.db.prepare(`SELECT * FROM ${table} ORDER BY tag_id, bucket`).all();
            expect(actual).toEqual(expected);
          }
          historian.closeSync();
        },
      ),
      { numRuns: 40, seed: 20240101 },
    );
  });
});
