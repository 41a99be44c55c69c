// The historian on the console's embedded SQLite file (better-sqlite3, WAL).
// Appends only validate and buffer; a flush runs every `flushEveryMs` on the injected clock,
// or at once when the buffer reaches `flushAtSamples`, and writes one transaction.
import { once } from 'node:events';
import type { Database, Statement } from 'better-sqlite3';
import type { Cancel, Clock } from '../../agents/runtime/clock';
import { BatchWriter } from './batch-writer';
import { CSV_HEADER, csvField, csvLine } from './csv';
import { openStorageDatabase } from './database';
import type {
  FlushResult,
  Historian,
  IntegrityReport,
  QueryResult,
  RawPoint,
  RetentionResult,
  RollupPoint,
  TagInfo,
} from './historian';
import { SampleBuffer } from './sample-buffer';
import { checkSample, type AppendResult, type RejectedSample, type SampleInput } from './samples';
import { checkQueryArgs, chooseTier, TIER_WIDTH_MS } from './tier-choice';
import { DEFAULT_RETENTION, type RetentionPolicy } from './tiers';

export interface SqliteHistorianOptions {
  clock: Clock;
  /** flush period on the clock; 0 = only when full or asked */
  flushEveryMs?: number;
  /**
   * Flush at once when this many samples are buffered (default 1,000,000, ~40 MB). Ingest cost
   * is about one page write per tag per flush, so larger batches per tag are cheaper per sample.
   */
  flushAtSamples?: number;
  /** while flushes fail, buffer at most this many samples, then reject new ones (default 4 × flushAtSamples) */
  maxBufferedSamples?: number;
  retention?: Partial<RetentionPolicy>;
  /**
   * Failures of flushes nobody awaits. Default: a scheduled flush rethrows to the clock's error
   * handling; a flush started because the buffer filled up is silent (the samples stay buffered).
   */
  onFlushError?: (error: unknown) => void;
}

const EXPORT_PAGE_ROWS = 10_000;

export class SqliteHistorian implements Historian {
  private buffer = new SampleBuffer();
  private readonly writer: BatchWriter;
  private readonly retention: RetentionPolicy;
  private readonly flushAtSamples: number;
  private readonly maxBufferedSamples: number;
  private readonly cancelSchedule: Cancel;
  private readonly statements: ReturnType<typeof prepareReads>;
  private closed = false;
  private nextFlushAt: number;

  /** Open (create, migrate) a database file that this historian owns and closes. */
  static open(path: string, options: SqliteHistorianOptions): SqliteHistorian {
    return new SqliteHistorian(openStorageDatabase(path), options, true);
  }

  /** Use an already opened and migrated database, e.g. one shared with the audit log. */
  constructor(
    readonly db: Database,
    private readonly options: SqliteHistorianOptions,
    private readonly ownsDatabase = false,
  ) {
    this.writer = new BatchWriter(db);
    this.statements = prepareReads(db);
    this.retention = { ...DEFAULT_RETENTION, ...options.retention };
    this.flushAtSamples = options.flushAtSamples ?? 1_000_000;
    this.maxBufferedSamples = options.maxBufferedSamples ?? 4 * this.flushAtSamples;
    this.nextFlushAt = this.flushAtSamples;
    const every = options.flushEveryMs ?? 1_000;
    this.cancelSchedule = every > 0 ? options.clock.every(every, () => this.flushUnattended()) : () => {};
  }

  get buffered(): number {
    return this.buffer.length;
  }

  async defineTag(tag: string, unit?: string): Promise<void> {
    this.defineTagSync(tag, unit);
  }

  defineTagSync(tag: string, unit?: string): void {
    if (typeof tag !== 'string' || tag.length === 0) throw new TypeError('tag must be a non-empty string');
    this.statements.defineTag.run(tag, unit ?? null);
  }

  async tags(): Promise<TagInfo[]> {
    return this.tagsSync();
  }

  tagsSync(): TagInfo[] {
    return this.statements.tags.all() as TagInfo[];
  }

  append(samples: readonly SampleInput[]): AppendResult {
    this.assertOpen();
    const rejected: RejectedSample[] = [];
    let accepted = 0;
    for (let index = 0; index < samples.length; index++) {
      const sample = samples[index]!;
      const quality = checkSample(sample);
      if (typeof quality === 'string') {
        rejected.push({ index, tag: sample?.tag, error: quality });
      } else if (this.buffer.length >= this.maxBufferedSamples) {
        rejected.push({
          index,
          tag: sample.tag,
          error: 'historian buffer is full: storage is failing to flush',
        });
      } else {
        this.buffer.push(sample.tag, sample.t, sample.value, quality);
        accepted++;
        if (this.buffer.length >= this.nextFlushAt) this.flushWhenFull();
      }
    }
    return { accepted, rejected };
  }

  async flush(): Promise<FlushResult> {
    return this.flushSync();
  }

  /** The same as flush(), for callers on the synchronous path (tests, the crash-safety child). */
  flushSync(): FlushResult {
    if (this.buffer.length === 0) return { written: 0, duplicates: 0, buckets: 0 };
    const batch = this.buffer;
    this.buffer = new SampleBuffer();
    try {
      return this.writer.write(batch);
    } catch (error) {
      this.buffer.prepend(batch); // nothing of it was committed: retry with the next flush
      throw error;
    }
  }

  async query(tag: string, from: number, to: number, maxPoints?: number): Promise<QueryResult> {
    return this.querySync(tag, from, to, maxPoints);
  }

  querySync(tag: string, from: number, to: number, maxPoints?: number): QueryResult {
    checkQueryArgs(from, to, maxPoints);
    const id = this.tagIdOrThrow(tag);
    const s = this.statements;
    const plan = chooseTier({
      from,
      to,
      now: this.options.clock.now(),
      maxPoints,
      retention: this.retention,
      countRaw: (limit) => s.countRaw.get(id, from, to, limit + 1) as number,
    });
    if (plan.tier === 'raw') return { tier: 'raw', points: s.raw.all(id, from, to) as RawPoint[] };

    const reads = plan.tier === '1m' ? s.minutes : s.hours;
    const points =
      plan.bucketMs === TIER_WIDTH_MS[plan.tier]
        ? reads.buckets.all(id, plan.origin, to)
        : reads.merged.all({ tagId: id, origin: plan.origin, width: plan.bucketMs, to });
    return { tier: plan.tier, bucketMs: plan.bucketMs, points: points as RollupPoint[] };
  }

  async applyRetention(now: number): Promise<RetentionResult> {
    return this.applyRetentionSync(now);
  }

  applyRetentionSync(now: number): RetentionResult {
    if (!Number.isFinite(now)) throw new RangeError(`retention time must be finite, got ${now}`);
    const s = this.statements;
    const ids = s.tagIds.all() as number[];
    // per tag, so each delete is a range on the clustered key rather than a full-table scan
    const purge = (statement: Statement, cutoff: number) =>
      this.db.transaction(() => ids.reduce((sum, id) => sum + statement.run(id, cutoff).changes, 0))();
    return {
      raw: purge(s.purgeRaw, now - this.retention.rawMs),
      minute: purge(s.purgeMinutes, now - this.retention.minuteMs),
      hour: purge(s.purgeHours, now - this.retention.hourMs),
    };
  }

  exportCsv(tags: readonly string[], from: number, to: number): Promise<string>;
  exportCsv(
    tags: readonly string[],
    from: number,
    to: number,
    out: NodeJS.WritableStream,
  ): Promise<{ rows: number }>;
  async exportCsv(
    tags: readonly string[],
    from: number,
    to: number,
    out?: NodeJS.WritableStream,
  ): Promise<string | { rows: number }> {
    checkQueryArgs(from, to, undefined);
    const ids = tags.map((tag) => this.tagIdOrThrow(tag));
    const units = new Map(
      (this.statements.tags.all() as TagInfo[]).map((info) => [info.tag, info.unit ?? '']),
    );
    const parts: string[] = [CSV_HEADER];
    let rows = 0;
    const emit = async (text: string) => {
      if (out === undefined) parts.push(text);
      else if (!out.write(text)) await once(out, 'drain');
    };
    if (out !== undefined) await emit(parts.pop()!);
    for (const [k, tag] of tags.entries()) {
      const tagField = csvField(tag);
      const unitField = csvField(units.get(tag) ?? '');
      // keyset pages, not an open iterator: the connection stays free for flushes while we
      // wait for a slow reader to drain
      for (let after = from - 1; ;) {
        const page = this.statements.exportPage.all(ids[k]!, after, to, EXPORT_PAGE_ROWS) as RawPoint[];
        if (page.length === 0) break;
        await emit(page.map((p) => csvLine(p.t, tagField, p.value, unitField, p.quality)).join(''));
        rows += page.length;
        after = page[page.length - 1]!.t;
      }
    }
    return out === undefined ? parts.join('') : { rows };
  }

  async integrityCheck(): Promise<IntegrityReport> {
    return this.integrityCheckSync();
  }

  integrityCheckSync(): IntegrityReport {
    const integrityCheck = this.db.pragma('integrity_check', { simple: false }) as {
      integrity_check: string;
    }[];
    const quickCheck = this.db.pragma('quick_check', { simple: false }) as { quick_check: string }[];
    const a = integrityCheck.map((r) => r.integrity_check);
    const b = quickCheck.map((r) => r.quick_check);
    return { ok: isOk(a) && isOk(b), integrityCheck: a, quickCheck: b };
  }

  async close(): Promise<void> {
    this.closeSync();
  }

  closeSync(): void {
    if (this.closed) return;
    this.cancelSchedule();
    try {
      this.flushSync();
    } finally {
      this.closed = true;
      if (this.ownsDatabase) this.db.close();
    }
  }

  private flushWhenFull(): void {
    try {
      this.flushSync();
      this.nextFlushAt = this.flushAtSamples;
    } catch (error) {
      // the samples stay buffered; don't retry on every append, and don't make append throw
      // after it has buffered part of its input: the next scheduled flush reports the failure
      this.nextFlushAt = this.buffer.length + this.flushAtSamples;
      this.options.onFlushError?.(error);
    }
  }

  private flushUnattended(): void {
    try {
      this.flushSync();
    } catch (error) {
      if (this.options.onFlushError) this.options.onFlushError(error);
      else throw error;
    }
  }

  private tagIdOrThrow(tag: string): number {
    const id = this.writer.knownTagId(tag);
    if (id === undefined) throw new Error(`unknown tag ${JSON.stringify(tag)}`);
    return id;
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('historian is closed');
  }
}

function prepareReads(db: Database) {
  // The points are built by SQLite in their final shape: reading them is most of a trend
  // query's time, so no second pass in JS.
  const rollup = (table: string) => ({
    buckets: db.prepare(
      `SELECT bucket AS t, min_value AS min, max_value AS max, sum_value / count AS avg, last_value AS last, count
       FROM ${table} WHERE tag_id = ? AND bucket >= ? AND bucket < ? ORDER BY bucket`,
    ),
    // Wider buckets for maxPoints, merged exactly; the last value of a merged bucket is that of
    // its latest stored bucket. CAST: numbers are bound as REAL, and the group must be integral.
    merged: db.prepare(
      `SELECT g.t AS t, g.min AS min, g.max AS max, g.sum / g.count AS avg, r.last_value AS last, g.count AS count
       FROM (
         SELECT @origin + CAST((bucket - @origin) / @width AS INTEGER) * @width AS t, min(min_value) AS min,
           max(max_value) AS max, sum(sum_value) AS sum, sum(count) AS count, max(bucket) AS lastBucket
         FROM ${table} WHERE tag_id = @tagId AND bucket >= @origin AND bucket < @to GROUP BY 1
       ) AS g JOIN ${table} AS r ON r.tag_id = @tagId AND r.bucket = g.lastBucket
       ORDER BY g.t`,
    ),
  });
  return {
    defineTag: db.prepare(
      'INSERT INTO tags (name, unit) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET unit = coalesce(excluded.unit, unit)',
    ),
    tags: db.prepare('SELECT name AS tag, unit FROM tags ORDER BY name'),
    tagIds: db.prepare('SELECT id FROM tags').pluck(),
    countRaw: db
      .prepare(
        'SELECT count(*) FROM (SELECT 1 FROM samples_raw WHERE tag_id = ? AND t >= ? AND t < ? LIMIT ?)',
      )
      .pluck(),
    raw: db.prepare(
      'SELECT t, value, quality FROM samples_raw WHERE tag_id = ? AND t >= ? AND t < ? ORDER BY t',
    ),
    exportPage: db.prepare(
      'SELECT t, value, quality FROM samples_raw WHERE tag_id = ? AND t > ? AND t < ? ORDER BY t LIMIT ?',
    ),
    minutes: rollup('rollup_1m'),
    hours: rollup('rollup_1h'),
    purgeRaw: db.prepare('DELETE FROM samples_raw WHERE tag_id = ? AND t < ?'),
    purgeMinutes: db.prepare('DELETE FROM rollup_1m WHERE tag_id = ? AND bucket < ?'),
    purgeHours: db.prepare('DELETE FROM rollup_1h WHERE tag_id = ? AND bucket < ?'),
  };
}

function isOk(lines: string[]): boolean {
  return lines.length === 1 && lines[0] === 'ok';
}
