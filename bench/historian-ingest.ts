// Historian figures: sustained ingest (append + flush, one transaction per flush) for 10,000
// tags, and trend-query latency for 1 day / 30 days / 1 year of one tag. Prints JSON.
//   npx tsx bench/historian-ingest.ts
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SimulatedClock } from '../src/agents/runtime/clock';
import { DAY_MS, HOUR_MS, MINUTE_MS, SqliteHistorian, type SampleInput } from '../src/main/storage/historian';

const TAGS = 10_000;
const POINTS_PER_CONFIG = 6_000_000;
// Samples per tag in one flush: how many rows each tag's last B-tree page takes per commit,
// which is what ingest cost depends on (one dirty page per tag per flush). 100 = 10 Hz tags
// flushed every 10 s (or 1 Hz every 100 s); 50 = half that.
const SAMPLES_PER_TAG_PER_FLUSH = [100, 50];
const T0 = Date.UTC(2025, 0, 1);
const TREND_DAYS_RAW = 30;
const QUERY_RUNS = 15;

const dir = mkdtempSync(join(tmpdir(), 'aqueduct-historian-bench-'));
const clock = new SimulatedClock(T0);
const open = (name: string) =>
  SqliteHistorian.open(join(dir, name), { clock, flushEveryMs: 0, flushAtSamples: Number.MAX_SAFE_INTEGER });

const tagNames = Array.from({ length: TAGS }, (_, i) => `zone${i % 50}/sensor${i}/pressure`);

function batch(flush: number, perTag: number): SampleInput[] {
  const samples: SampleInput[] = [];
  for (let k = 0; k < perTag; k++) {
    const t = T0 + (flush * perTag + k) * 100;
    for (let i = 0; i < TAGS; i++)
      samples.push({ tag: tagNames[i]!, t, value: 40 + ((i * 7 + k) % 13) * 0.25 });
  }
  return samples;
}

// --- ingest --------------------------------------------------------------------------------
function ingest(historian: SqliteHistorian, perTag: number) {
  const flushes = POINTS_PER_CONFIG / (TAGS * perTag);
  const perFlush: number[] = [];
  let points = 0;
  let ms = 0;
  for (let f = 0; f < flushes; f++) {
    const samples = batch(f, perTag); // generating the readings is the caller's cost, not timed
    const start = performance.now();
    historian.append(samples);
    const { written } = historian.flushSync();
    const elapsed = performance.now() - start;
    if (written !== samples.length) throw new Error(`flush ${f} wrote ${written} of ${samples.length}`);
    ms += elapsed;
    points += written;
    perFlush.push(Math.round(written / (elapsed / 1000)));
  }
  const sorted = [...perFlush].sort((a, b) => a - b);
  return {
    tags: TAGS,
    samplesPerTagPerFlush: perTag,
    pointsPerFlush: TAGS * perTag,
    flushes,
    points,
    seconds: +(ms / 1000).toFixed(2),
    pointsPerSecond: Math.round(points / (ms / 1000)),
    perFlushPointsPerSecond: {
      min: sorted[0],
      median: sorted[Math.floor(sorted.length / 2)],
      max: sorted.at(-1),
    },
  };
}

const historian = open('bench.db');
const ingestRuns = [ingest(historian, SAMPLES_PER_TAG_PER_FLUSH[0]!)];
for (const perTag of SAMPLES_PER_TAG_PER_FLUSH.slice(1)) {
  const other = open(`bench-${perTag}.db`);
  ingestRuns.push(ingest(other, perTag));
  other.closeSync();
}

// --- trend queries -------------------------------------------------------------------------
// One tag sampled at 1 Hz: the last 30 days go through append/flush (raw + rollups, as in
// production); the 335 days before are written straight into the rollup tables (raw
// generation for a whole year would take minutes and raw is not read for a 1-year range).
const TREND = 'zone0/trend/pressure';
const end = T0 + 365 * DAY_MS;
const rawFrom = end - TREND_DAYS_RAW * DAY_MS;
const fillStart = performance.now();
const wave = (t: number) => 45 + 5 * Math.sin((2 * Math.PI * (t % DAY_MS)) / DAY_MS);
for (let from = rawFrom; from < end; from += DAY_MS) {
  const day: SampleInput[] = [];
  for (let t = from; t < from + DAY_MS; t += 1_000) day.push({ tag: TREND, t, value: wave(t) });
  historian.append(day);
  historian.flushSync();
}
const db = historian.db;
const tagId = db.prepare('SELECT id FROM tags WHERE name = ?').pluck().get(TREND) as number;
const fillRollup = (table: string, width: number) => {
  const insert = db.prepare(`INSERT INTO ${table} VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
  const perBucket = width / 1_000;
  db.transaction(() => {
    for (let b = T0; b < rawFrom; b += width) {
      const v = wave(b);
      insert.run(tagId, b, v - 0.5, v + 0.5, v * perBucket, perBucket, v, b + width - 1_000);
    }
  })();
};
fillRollup('rollup_1m', MINUTE_MS);
fillRollup('rollup_1h', HOUR_MS);
const fillSeconds = +((performance.now() - fillStart) / 1000).toFixed(1);
clock.advanceTo(end);

async function time(label: string, days: number, maxPoints?: number) {
  const ms: number[] = [];
  let tier = '';
  let count = 0;
  for (let i = 0; i < QUERY_RUNS; i++) {
    const start = performance.now();
    const result = await historian.query(TREND, end - days * DAY_MS, end, maxPoints);
    ms.push(performance.now() - start);
    tier = result.tier;
    count = result.points.length;
  }
  ms.sort((a, b) => a - b);
  return {
    range: label,
    maxPoints: maxPoints ?? null,
    tier,
    points: count,
    medianMs: +ms[Math.floor(ms.length / 2)]!.toFixed(2),
    maxMs: +ms.at(-1)!.toFixed(2),
  };
}

const queries = [];
for (const maxPoints of [undefined, 1_500]) {
  queries.push(await time('1 day', 1, maxPoints));
  queries.push(await time('30 days', 30, maxPoints));
  queries.push(await time('1 year', 365, maxPoints));
}

historian.closeSync();
const fileMiB = +(statSync(join(dir, 'bench.db')).size / 2 ** 20).toFixed(1);
rmSync(dir, { recursive: true, force: true });

console.log(
  JSON.stringify(
    {
      ingest: {
        floorPointsPerSecond: 500_000,
        timed:
          'append (validation + buffering) + flush (one transaction: raw inserts + 1m/1h rollup upserts, WAL checkpoints included), synchronous=NORMAL',
        runs: ingestRuns,
      },
      trend: {
        tag: `${TREND}, 1 Hz, in a file also holding the ingest data above`,
        synthetic: `last ${TREND_DAYS_RAW} days via append/flush (raw + rollups); the 335 days before written directly into rollup_1m and rollup_1h (raw generation for a year would take too long)`,
        fillSeconds,
        runsPerQuery: QUERY_RUNS,
        queries,
      },
      fileMiB,
    },
    null,
    2,
  ),
);
