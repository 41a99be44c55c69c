// The append-only, hash-chained audit trail (IEC 62443: who did what, from where, when, with
// what result), in the same database file as the historian. Every record carries the hash of
// the one before it; the audit_head row, written in the same transaction, carries the newest
// seq and hash so truncating the tail is caught too. Appends are written at once, never
// buffered: an audited action must not be lost in a crash. See audit-verify.ts for what
// verify() detects and its limit (publish head() elsewhere as an anchor).
import type { Database, Statement } from 'better-sqlite3';
import type { Clock } from '../../agents/runtime/clock';
import { canonicalJson, recordHash, type JsonValue } from './audit-hash';
import { verifyChain, type AuditAnchor, type AuditVerification, type StoredRecord } from './audit-verify';

export type { AuditAnchor, AuditVerification, TamperReason } from './audit-verify';
export type { JsonValue } from './audit-hash';

export interface AuditEntry {
  /** unique user id */
  user: string;
  /** where the request came from: 'ipc', 'ws:127.0.0.1:51234', 'cli', 'system', … */
  source: string;
  /** e.g. 'login', 'command.write', 'alarm.ack', 'config.change', 'backup' */
  action: string;
  /** what the action was aimed at (pump id, alarm id, …); empty when none */
  target?: string;
  /** e.g. 'success', 'denied', 'failed', 'timeout' */
  result: string;
  details?: { [key: string]: JsonValue };
}

export interface AuditRecord {
  seq: number;
  /** ms since the epoch, from the injected clock */
  time: number;
  user: string;
  source: string;
  action: string;
  target: string;
  result: string;
  details: { [key: string]: JsonValue };
  prevHash: string;
  hash: string;
}

export interface AuditLog {
  append(entry: AuditEntry): Promise<AuditRecord>;
  /** The newest seq and hash: publish it outside this file to make truncation detectable. */
  head(): Promise<AuditAnchor>;
  /** Records after `afterSeq`, oldest first. */
  records(afterSeq?: number, limit?: number): Promise<AuditRecord[]>;
  verify(anchor?: AuditAnchor): Promise<AuditVerification>;
}

export class SqliteAuditLog implements AuditLog {
  private readonly s: {
    head: Statement;
    insert: Statement;
    advanceHead: Statement;
    page: Statement;
    all: Statement;
    count: Statement;
    newest: Statement;
  };

  /** `db` must be opened with openStorageDatabase (schema version 2 or later). */
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {
    const columns = 'seq, time, user, source, action, target, result, details, prev_hash AS prevHash, hash';
    this.s = {
      head: db.prepare('SELECT seq, hash FROM audit_head WHERE id = 1'),
      insert: db.prepare(
        `INSERT INTO audit_log (seq, time, user, source, action, target, result, details, prev_hash, hash)
         VALUES (@seq, @time, @user, @source, @action, @target, @result, @details, @prevHash, @hash)`,
      ),
      advanceHead: db.prepare('UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1'),
      page: db.prepare(`SELECT ${columns} FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?`),
      all: db.prepare(`SELECT ${columns} FROM audit_log ORDER BY seq`),
      count: db.prepare('SELECT count(*) FROM audit_log').pluck(),
      newest: db.prepare(
        `SELECT ${columns} FROM audit_log
         WHERE seq < @before AND (@user IS NULL OR user = @user)
           AND (@action IS NULL OR action LIKE @action ESCAPE '\\')
         ORDER BY seq DESC LIMIT @limit`,
      ),
    };
  }

  async append(entry: AuditEntry): Promise<AuditRecord> {
    return this.appendSync(entry);
  }

  appendSync(entry: AuditEntry): AuditRecord {
    const fields = checkEntry(entry);
    const details = canonicalJson(entry.details ?? {});
    // IMMEDIATE: take the write lock before reading the head, so two writers cannot fork the chain
    return this.db
      .transaction((): AuditRecord => {
        const head = this.headSync();
        const stored = { ...fields, seq: head.seq + 1, time: this.clock.now(), details, prevHash: head.hash };
        const hash = recordHash(stored);
        this.s.insert.run({ ...stored, hash });
        this.s.advanceHead.run(stored.seq, hash);
        return { ...stored, hash, details: JSON.parse(details) as AuditRecord['details'] };
      })
      .immediate();
  }

  async head(): Promise<AuditAnchor> {
    return this.headSync();
  }

  headSync(): AuditAnchor {
    const head = this.s.head.get() as AuditAnchor | undefined;
    if (head === undefined) throw new Error('audit_head is missing: the audit log has been tampered with');
    return head;
  }

  async records(afterSeq = 0, limit = 1_000): Promise<AuditRecord[]> {
    return (this.s.page.all(afterSeq, limit) as StoredRecord[]).map((r) => ({
      ...r,
      details: JSON.parse(r.details) as AuditRecord['details'],
    }));
  }

  /**
   * The newest records first, for the admin's audit view: `limit` of them before `beforeSeq`
   * (paging back), optionally of one user or of actions starting with `action`.
   */
  async newest(query: {
    beforeSeq?: number;
    limit: number;
    user?: string;
    action?: string;
  }): Promise<AuditRecord[]> {
    const rows = this.s.newest.all({
      before: query.beforeSeq ?? Number.MAX_SAFE_INTEGER,
      user: query.user ?? null,
      action: query.action === undefined ? null : `${query.action.replace(/[\\%_]/g, (c) => `\\${c}`)}%`,
      limit: query.limit,
    }) as StoredRecord[];
    return rows.map((r) => ({ ...r, details: JSON.parse(r.details) as AuditRecord['details'] }));
  }

  async verify(anchor?: AuditAnchor): Promise<AuditVerification> {
    return this.verifySync(anchor);
  }

  verifySync(anchor?: AuditAnchor): AuditVerification {
    // one read transaction: the rows, their count and the head are one consistent snapshot
    return this.db.transaction(() =>
      verifyChain(
        this.s.all.iterate() as Iterable<StoredRecord>,
        this.s.count.get() as number,
        this.s.head.get() as AuditAnchor | undefined,
        anchor,
      ),
    )();
  }
}

function checkEntry(entry: AuditEntry): Omit<AuditRecord, 'seq' | 'time' | 'details' | 'prevHash' | 'hash'> {
  const text = (name: keyof AuditEntry, value: unknown, required: boolean): string => {
    if (value === undefined && !required) return '';
    if (typeof value !== 'string' || (required && value.length === 0)) {
      throw new TypeError(`audit entry: ${name} must be a ${required ? 'non-empty ' : ''}string`);
    }
    return value;
  };
  return {
    user: text('user', entry.user, true),
    source: text('source', entry.source, true),
    action: text('action', entry.action, true),
    target: text('target', entry.target, false),
    result: text('result', entry.result, true),
  };
}
