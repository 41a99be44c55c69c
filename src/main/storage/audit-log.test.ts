import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../agents/runtime/clock';
import { canonicalJson, recordHash } from './audit-hash';
import { SqliteAuditLog } from './audit-log';
import { openStorageDatabase } from './database';
import { T0, TempDir } from './test-support';

const UNLOCK = `
  DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete;
  DROP TRIGGER IF EXISTS audit_log_in_sequence;
  DROP TRIGGER IF EXISTS audit_head_forward_only; DROP TRIGGER IF EXISTS audit_head_no_delete;`;

describe('SqliteAuditLog', () => {
  let dir: TempDir;
  let db: Database;
  let clock: SimulatedClock;
  let audit: SqliteAuditLog;

  beforeEach(async () => {
    dir = new TempDir();
    db = openStorageDatabase(dir.file('audit.db'));
    clock = new SimulatedClock(T0);
    audit = new SqliteAuditLog(db, clock);
    for (let i = 1; i <= 6; i++) {
      clock.advanceBy(1_000);
      await audit.append({
        user: i % 2 ? 'alice' : 'bob',
        source: 'ws:127.0.0.1',
        action: 'command.write',
        target: `pump-${i}`,
        result: i === 4 ? 'denied' : 'success',
        details: { speed: i * 10, note: 'ramp', nested: { b: 1, a: [1, 'x'] } },
      });
    }
  });
  afterEach(() => {
    db.close();
    dir.remove();
  });

  /** raw SQL on the file, as someone with write access and no respect for the triggers would */
  const tamper = (sql: string) => db.exec(UNLOCK + sql);

  it('appends chained records with the clock time and a canonical, verifiable hash', async () => {
    const records = await audit.records();
    expect(records).toHaveLength(6);
    const third = records[2]!;
    expect(third).toMatchObject({
      seq: 3,
      time: T0 + 3_000,
      user: 'alice',
      target: 'pump-3',
      result: 'success',
    });
    expect(third.details).toEqual({ speed: 30, note: 'ramp', nested: { b: 1, a: [1, 'x'] } });
    expect(third.prevHash).toBe(records[1]!.hash);
    expect(records[0]!.prevHash).toBe('0'.repeat(64));
    expect(third.hash).toBe(recordHash({ ...third, details: canonicalJson(third.details) }));
    expect(db.prepare('SELECT details FROM audit_log WHERE seq = 3').pluck().get()).toBe(
      '{"nested":{"a":[1,"x"],"b":1},"note":"ramp","speed":30}',
    );
    expect(await audit.head()).toEqual({ seq: 6, hash: records[5]!.hash });
    expect(await audit.verify()).toEqual({ ok: true, count: 6 });
  });

  it('verifies an empty log', async () => {
    const empty = openStorageDatabase(dir.file('empty.db'));
    expect(await new SqliteAuditLog(empty, clock).verify()).toEqual({ ok: true, count: 0 });
    empty.close();
  });

  it('rejects malformed entries', async () => {
    await expect(audit.append({ user: '', source: 's', action: 'a', result: 'r' })).rejects.toThrow(
      'audit entry: user must be a non-empty string',
    );
    await expect(
      audit.append({
        user: 'u',
        source: 's',
        action: 'a',
        result: 'r',
        details: { at: new Date(0) as never },
      }),
    ).rejects.toThrow('details.at: only plain objects are allowed');
    await expect(
      audit.append({ user: 'u', source: 's', action: 'a', result: 'r', details: { x: NaN } }),
    ).rejects.toThrow('details.x: NaN is not representable in JSON');
    expect((await audit.head()).seq).toBe(6);
  });

  it('refuses ordinary updates and deletes (append-only triggers)', () => {
    expect(() => db.exec("UPDATE audit_log SET result = 'success' WHERE seq = 4")).toThrow(/append-only/);
    expect(() => db.exec('DELETE FROM audit_log WHERE seq = 6')).toThrow(/append-only/);
    expect(() => db.exec('UPDATE audit_head SET seq = 5')).toThrow(/only moves forward/);
  });

  it('detects an edited record', async () => {
    tamper("UPDATE audit_log SET result = 'success' WHERE seq = 4");
    expect(await audit.verify()).toEqual({ ok: false, firstBadSeq: 4, reason: 'edited' });
  });

  it('detects an edited record whose hash was recomputed (its successor no longer links)', async () => {
    const row = (await audit.records(3, 1))[0]!;
    const forged = { ...row, details: canonicalJson(row.details), result: 'success' };
    expect(recordHash({ ...forged, result: row.result })).toBe(row.hash); // the forger's recipe is right
    tamper(`UPDATE audit_log SET result = 'success', hash = '${recordHash(forged)}' WHERE seq = 4`);
    expect(await audit.verify()).toEqual({ ok: false, firstBadSeq: 4, reason: 'edited' });
  });

  it('detects a deleted record in the middle', async () => {
    tamper('DELETE FROM audit_log WHERE seq = 3');
    expect(await audit.verify()).toEqual({ ok: false, firstBadSeq: 3, reason: 'deleted' });
  });

  it('detects a deleted record in the middle even when the rest were renumbered', async () => {
    tamper('DELETE FROM audit_log WHERE seq = 3; UPDATE audit_log SET seq = seq - 1 WHERE seq > 3');
    expect(await audit.verify()).toEqual({ ok: false, firstBadSeq: 3, reason: 'deleted' });
  });

  it('detects deleted records at the tail through the head', async () => {
    tamper('DELETE FROM audit_log WHERE seq = 6');
    expect(await audit.verify()).toEqual({ ok: false, firstBadSeq: 6, reason: 'deleted' });
    tamper('DELETE FROM audit_log WHERE seq >= 4');
    expect(await audit.verify()).toEqual({ ok: false, firstBadSeq: 4, reason: 'deleted' });
  });

  it('needs an outside anchor when the tail and the head are cut back together (documented limit)', async () => {
    const anchor = await audit.head(); // published elsewhere, e.g. to the plant's syslog
    const earlier = db.prepare('SELECT seq, hash FROM audit_log WHERE seq = 4').get() as {
      seq: number;
      hash: string;
    };
    tamper(
      `DELETE FROM audit_log WHERE seq > 4; UPDATE audit_head SET seq = ${earlier.seq}, hash = '${earlier.hash}'`,
    );
    expect(await audit.verify()).toEqual({ ok: true, count: 4 }); // consistent on its own
    expect(await audit.verify(anchor)).toEqual({ ok: false, firstBadSeq: 5, reason: 'deleted' });
  });

  it('detects reordered records', async () => {
    tamper(
      'UPDATE audit_log SET seq = -2 WHERE seq = 2; UPDATE audit_log SET seq = 2 WHERE seq = 3; UPDATE audit_log SET seq = 3 WHERE seq = -2',
    );
    expect(await audit.verify()).toEqual({ ok: false, firstBadSeq: 2, reason: 'reordered' });
  });

  it('detects a record appended behind the head', async () => {
    const head = await audit.head();
    const forged = {
      seq: 7,
      time: T0 + 7_000,
      user: 'mallory',
      source: 'cli',
      action: 'config.change',
      target: '',
      result: 'success',
      details: '{}',
      prevHash: head.hash,
    };
    tamper(
      `INSERT INTO audit_log VALUES (7, ${forged.time}, 'mallory', 'cli', 'config.change', '', 'success', '{}',
        '${head.hash}', '${recordHash(forged)}')`,
    );
    expect(await audit.verify()).toEqual({ ok: false, firstBadSeq: 7, reason: 'inserted' });
  });

  it('detects a record inserted in the middle, even with a valid hash, renumbering and the head moved on', async () => {
    const before = db.prepare('SELECT hash FROM audit_log WHERE seq = 2').pluck().get() as string;
    const forged = {
      seq: 3,
      time: T0 + 2_500,
      user: 'mallory',
      source: 'cli',
      action: 'alarm.ack',
      target: 'A-1',
      result: 'success',
      details: '{}',
      prevHash: before,
    };
    const head = await audit.head();
    tamper(`
      UPDATE audit_log SET seq = seq + 100 WHERE seq >= 3;
      UPDATE audit_log SET seq = seq - 99 WHERE seq >= 100;
      INSERT INTO audit_log VALUES (3, ${forged.time}, 'mallory', 'cli', 'alarm.ack', 'A-1', 'success', '{}',
        '${before}', '${recordHash(forged)}');
      UPDATE audit_head SET seq = 7, hash = '${head.hash}';`);
    expect(await audit.verify()).toEqual({ ok: false, firstBadSeq: 3, reason: 'inserted' });
  });

  it('keeps appending after a reopen, continuing the chain', async () => {
    db.close();
    db = openStorageDatabase(dir.file('audit.db'));
    audit = new SqliteAuditLog(db, clock);
    const record = await audit.append({ user: 'alice', source: 'ipc', action: 'logout', result: 'success' });
    expect(record).toMatchObject({ seq: 7, target: '', details: {} });
    expect(await audit.verify()).toEqual({ ok: true, count: 7 });
  });
});
