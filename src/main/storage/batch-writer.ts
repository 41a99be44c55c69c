// One flush: the whole buffered batch in one transaction, with prepared statements.
//
// The batch is sorted by (tag, t) so inserts walk each tag's part of the clustered index in
// order and rollup buckets come out as contiguous runs, aggregated in memory and upserted
// once per bucket. Samples newer than everything stored for their tag (the normal case)
// cannot collide with a stored row, so they go in with multi-row INSERTs; late samples go one
// by one with ON CONFLICT DO NOTHING so a duplicate is detected and kept out of the rollups.
// Caches (tag ids, newest stored time per tag) change only after a commit.
import type { Database, Statement } from 'better-sqlite3';
import type { FlushResult } from './historian';
import { addSample, bucketStart, coarsen, newBucket, type Bucket } from './rollup';
import { QUALITY } from './samples';
import type { SampleBuffer } from './sample-buffer';
import { HOUR_MS, MINUTE_MS } from './tiers';

const ROWS_PER_INSERT = 256;

/** The raw table held a row the historian did not know of: another process writes to the file. */
export class ConcurrentWriterError extends Error {
  constructor() {
    super('samples_raw changed outside this historian (another writer on the same file?); batch rolled back');
    this.name = 'ConcurrentWriterError';
  }
}

export class BatchWriter {
  private readonly tagIds = new Map<string, number>();
  /** newest stored t per tag id; a sample after it cannot be a duplicate */
  private readonly newestStored = new Map<number, number>();
  private readonly insertMany: Statement;
  private readonly insertOne: Statement;
  private readonly insertLate: Statement;
  private readonly newestOf: Statement;
  private readonly tagIdOf: Statement;
  private readonly insertTag: Statement;
  private readonly upsertMinute: Statement;
  private readonly upsertHour: Statement;

  constructor(private readonly db: Database) {
    const row = '(?, ?, ?, ?)';
    this.insertMany = db.prepare(
      `INSERT INTO samples_raw (tag_id, t, value, quality) VALUES ${Array(ROWS_PER_INSERT).fill(row).join(', ')}`,
    );
    this.insertOne = db.prepare(`INSERT INTO samples_raw (tag_id, t, value, quality) VALUES ${row}`);
    this.insertLate = db.prepare(
      `INSERT INTO samples_raw (tag_id, t, value, quality) VALUES ${row} ON CONFLICT DO NOTHING`,
    );
    this.newestOf = db.prepare('SELECT max(t) FROM samples_raw WHERE tag_id = ?').pluck();
    this.tagIdOf = db.prepare('SELECT id FROM tags WHERE name = ?').pluck();
    this.insertTag = db.prepare('INSERT INTO tags (name) VALUES (?) RETURNING id').pluck();
    this.upsertMinute = db.prepare(upsertSql('rollup_1m'));
    this.upsertHour = db.prepare(upsertSql('rollup_1h'));
  }

  /** Id of a tag already stored, or undefined. */
  knownTagId(tag: string): number | undefined {
    let id = this.tagIds.get(tag);
    if (id === undefined) {
      id = this.tagIdOf.get(tag) as number | undefined;
      if (id !== undefined) this.tagIds.set(tag, id);
    }
    return id;
  }

  write(batch: SampleBuffer): FlushResult {
    const newTags = new Map<string, number>();
    const newest = new Map<number, number>();
    try {
      const result = this.db.transaction(() => this.writeInTransaction(batch, newTags, newest))();
      for (const [tag, id] of newTags) this.tagIds.set(tag, id);
      for (const [id, t] of newest) this.newestStored.set(id, t);
      return result;
    } catch (error) {
      // the transaction rolled back; the newest-time cache may be what was wrong
      if (error instanceof ConcurrentWriterError) this.newestStored.clear();
      throw error;
    }
  }

  private writeInTransaction(
    batch: SampleBuffer,
    newTags: Map<string, number>,
    newest: Map<number, number>,
  ): FlushResult {
    const { times, values, qualities } = batch;
    const ids = this.resolveTags(batch.tags, newTags);
    const order = sortedOrder(ids, times);

    const args: number[] = [];
    const minutes: Bucket[] = [];
    let bucket: Bucket | undefined;
    let written = 0;
    let duplicates = 0;
    let prevId = -1;
    let prevT = 0;
    let newestOfTag = -Infinity;

    for (const i of order) {
      const id = ids[i]!;
      const t = times[i]!;
      const value = values[i]!;
      const quality = qualities[i]!;
      if (id !== prevId) {
        newestOfTag = newest.get(id) ?? this.newestStoredOf(id);
      } else if (t === prevT) {
        duplicates++; // same (tag, t) twice in this batch: the first appended wins
        continue;
      }
      prevId = id;
      prevT = t;
      if (t > newestOfTag) {
        args.push(id, t, value, quality);
        if (args.length === ROWS_PER_INSERT * 4) this.insertChunk(args);
      } else if (this.insertLate.run(id, t, value, quality).changes === 0) {
        duplicates++;
        continue;
      }
      written++;
      if (t > (newest.get(id) ?? newestOfTag)) newest.set(id, t);
      if (quality === QUALITY.bad) continue; // kept raw, but not allowed to skew aggregates
      const start = bucketStart(t, MINUTE_MS);
      if (bucket !== undefined && bucket.tagId === id && bucket.start === start) {
        addSample(bucket, t, value);
      } else {
        bucket = newBucket(id, start, t, value);
        minutes.push(bucket);
      }
    }
    for (let j = 0; j < args.length; j += 4)
      this.insertOne.run(args[j], args[j + 1], args[j + 2], args[j + 3]);

    const hours = coarsen(minutes, (start) => bucketStart(start, HOUR_MS));
    for (const b of minutes)
      this.upsertMinute.run(b.tagId, b.start, b.min, b.max, b.sum, b.count, b.last, b.lastT);
    for (const b of hours)
      this.upsertHour.run(b.tagId, b.start, b.min, b.max, b.sum, b.count, b.last, b.lastT);
    return { written, duplicates, buckets: minutes.length + hours.length };
  }

  private insertChunk(args: number[]): void {
    if (this.insertMany.run(args).changes !== ROWS_PER_INSERT) throw new ConcurrentWriterError();
    args.length = 0;
  }

  private newestStoredOf(id: number): number {
    let t = this.newestStored.get(id);
    if (t === undefined) {
      t = (this.newestOf.get(id) as number | null) ?? -Infinity;
      // safe to cache before commit: it describes what was stored before this batch
      this.newestStored.set(id, t);
    }
    return t;
  }

  private resolveTags(tags: readonly string[], newTags: Map<string, number>): Int32Array {
    const ids = new Int32Array(tags.length);
    let lastTag: string | undefined;
    let lastId = 0;
    for (let i = 0; i < tags.length; i++) {
      const tag = tags[i]!;
      if (tag !== lastTag) {
        lastTag = tag;
        lastId =
          this.tagIds.get(tag) ?? this.knownTagId(tag) ?? newTags.get(tag) ?? this.createTag(tag, newTags);
      }
      ids[i] = lastId;
    }
    return ids;
  }

  private createTag(tag: string, newTags: Map<string, number>): number {
    const id = this.insertTag.get(tag) as number;
    newTags.set(tag, id);
    return id;
  }
}

/**
 * Sample indices ordered by (tag id, t, arrival). A counting sort groups the tags in O(n);
 * within a tag, samples usually arrive in time order already, and only a group that does not
 * is sorted. Arrival order breaks ties, so of two equal (tag, t) the first appended comes first.
 */
function sortedOrder(ids: Int32Array, times: readonly number[]): Uint32Array {
  let maxId = 0;
  for (const id of ids) if (id > maxId) maxId = id;
  const starts = new Uint32Array(maxId + 2);
  for (const id of ids) starts[id + 1]!++;
  for (let id = 1; id < starts.length; id++) starts[id]! += starts[id - 1]!;
  const order = new Uint32Array(ids.length);
  const next = starts.slice(0, maxId + 1);
  for (let i = 0; i < ids.length; i++) order[next[ids[i]!]!++] = i;
  for (let id = 0; id <= maxId; id++) {
    const from = starts[id]!;
    const to = starts[id + 1]!;
    for (let k = from + 1; k < to; k++) {
      if (times[order[k]!]! <= times[order[k - 1]!]!) {
        order.subarray(from, to).sort((a, b) => times[a]! - times[b]! || a - b);
        break;
      }
    }
  }
  return order;
}

function upsertSql(table: string): string {
  // In DO UPDATE, bare column names are the stored row and every SET reads the old values,
  // so last_value and last_t are decided on the same comparison.
  return `INSERT INTO ${table} (tag_id, bucket, min_value, max_value, sum_value, count, last_value, last_t)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (tag_id, bucket) DO UPDATE SET
      min_value = min(min_value, excluded.min_value),
      max_value = max(max_value, excluded.max_value),
      sum_value = sum_value + excluded.sum_value,
      count = count + excluded.count,
      last_value = CASE WHEN excluded.last_t >= last_t THEN excluded.last_value ELSE last_value END,
      last_t = max(last_t, excluded.last_t)`;
}
