import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DAY_MS, HOUR_MS, type SampleInput } from './historian';
import { openTestHistorian, T0, TempDir } from './test-support';

describe('SqliteHistorian retention', () => {
  let dir: TempDir;
  beforeEach(() => (dir = new TempDir()));
  afterEach(() => dir.remove());

  it('deletes each tier past its own horizon and keeps the rest', async () => {
    const { historian } = openTestHistorian(dir, {
      retention: { rawMs: 2 * DAY_MS, minuteMs: 5 * DAY_MS, hourMs: 10 * DAY_MS },
    });
    // hourly samples on two tags for 12 days
    const samples: SampleInput[] = [];
    for (let h = 0; h < 12 * 24; h++) {
      for (const tag of ['a', 'b']) samples.push({ tag, t: T0 + h * HOUR_MS, value: h });
    }
    historian.append(samples);
    await historian.flush();
    const count = (table: string) =>
      historian.db
        .prepare(`SELECT count(*) FROM ${table} WHERE tag_id = (SELECT id FROM tags WHERE name = 'a')`)
        .pluck()
        .get();
    const oldest = (table: string, column: string) =>
      historian.db.prepare(`SELECT min(${column}) FROM ${table}`).pluck().get();

    const now = T0 + 12 * DAY_MS;
    expect(await historian.applyRetention(now)).toEqual({ raw: 2 * 240, minute: 2 * 168, hour: 2 * 48 });
    expect([count('samples_raw'), count('rollup_1m'), count('rollup_1h')]).toEqual([48, 120, 240]);
    expect(oldest('samples_raw', 't')).toBe(now - 2 * DAY_MS);
    expect(oldest('rollup_1m', 'bucket')).toBe(now - 5 * DAY_MS);
    expect(oldest('rollup_1h', 'bucket')).toBe(now - 10 * DAY_MS);

    expect(await historian.applyRetention(now)).toEqual({ raw: 0, minute: 0, hour: 0 });
    expect((await historian.integrityCheck()).ok).toBe(true);
    await historian.close();
  });

  it('uses 90 days raw, 2 years 1-minute, 10 years 1-hour by default', async () => {
    const { historian } = openTestHistorian(dir);
    historian.append([
      { tag: 'p', t: T0, value: 1 },
      { tag: 'p', t: T0 + 91 * DAY_MS, value: 2 },
    ]);
    await historian.flush();
    expect(await historian.applyRetention(T0 + 181 * DAY_MS)).toEqual({ raw: 1, minute: 0, hour: 0 });
    expect(await historian.applyRetention(T0 + 3 * 365 * DAY_MS)).toEqual({ raw: 1, minute: 2, hour: 0 });
    expect(await historian.applyRetention(T0 + 11 * 365 * DAY_MS)).toEqual({ raw: 0, minute: 0, hour: 2 });
    await historian.close();
  });
});
