// The historian seen by the rest of the console. Kept storage-neutral so a PostgreSQL /
// TimescaleDB implementation for the distributed deployment can sit behind the same shape:
// everything that touches the store is async; only `append` is synchronous, because it only
// buffers and sits on the hot path of every reading.
import type { AppendResult, SampleInput } from './samples';

export type { AppendResult, QualityCode, QualityName, RejectedSample, SampleInput } from './samples';
export { QUALITY, qualityName } from './samples';
export { DAY_MS, DEFAULT_RETENTION, HOUR_MS, MINUTE_MS, type RetentionPolicy, type Tier } from './tiers';

export interface RawPoint {
  t: number;
  value: number;
  quality: number;
}

/** One bucket; `t` is its start. Bad-quality samples are not aggregated. */
export interface RollupPoint {
  t: number;
  min: number;
  max: number;
  avg: number;
  last: number;
  count: number;
}

export type QueryResult =
  | { tier: 'raw'; points: RawPoint[] }
  | {
      tier: '1m' | '1h';
      /** width of each returned bucket: the tier's, or a multiple to honour maxPoints */ bucketMs: number;
      points: RollupPoint[];
    };

export interface FlushResult {
  /** samples written to the raw table */
  written: number;
  /** samples whose (tag, t) was already stored or repeated in the batch: the first one wins */
  duplicates: number;
  /** rollup buckets inserted or updated, both tiers */
  buckets: number;
}

export interface RetentionResult {
  raw: number;
  minute: number;
  hour: number;
}

export interface IntegrityReport {
  ok: boolean;
  /** 'ok' or SQLite's findings */
  integrityCheck: string[];
  quickCheck: string[];
}

export interface TagInfo {
  tag: string;
  unit: string | null;
}

export interface Historian {
  /** Declare a tag (idempotent); appending to an undeclared tag declares it without a unit. */
  defineTag(tag: string, unit?: string): Promise<void>;
  tags(): Promise<TagInfo[]>;
  /** Validate and buffer; bad samples are rejected one by one with a reason. */
  append(samples: readonly SampleInput[]): AppendResult;
  /** Samples waiting for the next flush. */
  readonly buffered: number;
  /** Write everything buffered in one transaction and update the rollups. */
  flush(): Promise<FlushResult>;
  /**
   * Points of `tag` with from <= t < to, from the tier that suits the range (see tier-choice.ts).
   * Reads stored data only: flush first to see samples still buffered.
   */
  query(tag: string, from: number, to: number, maxPoints?: number): Promise<QueryResult>;
  /** Delete what each tier's retention no longer covers at `now`. */
  applyRetention(now: number): Promise<RetentionResult>;
  /** Raw samples as CSV (header line, ISO-8601 UTC times), one tag after the other, each in time order. */
  exportCsv(tags: readonly string[], from: number, to: number): Promise<string>;
  exportCsv(
    tags: readonly string[],
    from: number,
    to: number,
    out: NodeJS.WritableStream,
  ): Promise<{ rows: number }>;
  integrityCheck(): Promise<IntegrityReport>;
  /** Stop the flush schedule and write what is buffered. */
  close(): Promise<void>;
}

export { SqliteHistorian, type SqliteHistorianOptions } from './sqlite-historian';
