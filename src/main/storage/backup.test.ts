// Backup and restore of the storage file, on real SQLite files.
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../agents/runtime/clock';
import { SqliteAuditLog } from './audit-log';
import { backupStorage, checkStorageFile, LOCK_FILE, lockDataFolder, restoreStorage } from './backup';
import { openStorageDatabase } from './database';
import { STORAGE_FILE } from './storage';
import { T0, TempDir } from './test-support';

const actor = { user: 'ops', source: 'cli' };
let dir: TempDir;
let clock: SimulatedClock;
beforeEach(() => {
  dir = new TempDir();
  clock = new SimulatedClock(T0);
});
afterEach(() => dir.remove());

/** a data folder whose audit trail holds `records` entries */
function dataFolder(name: string, records: number): string {
  const data = dir.file(name);
  const db = openStorageDatabase(join(mkdir(data), STORAGE_FILE));
  const audit = new SqliteAuditLog(db, clock);
  for (let i = 0; i < records; i++)
    audit.appendSync({ user: 'ana', source: 'ipc', action: 'alarm.ack', result: 'success' });
  db.close();
  return data;
}

function trail(data: string) {
  const db = openStorageDatabase(join(data, STORAGE_FILE));
  const records = new SqliteAuditLog(db, clock).verifySync();
  const actions = (
    db.prepare('SELECT action, result FROM audit_log ORDER BY seq').all() as {
      action: string;
      result: string;
    }[]
  ).map((r) => `${r.action}:${r.result}`);
  db.close();
  return { records, actions };
}

describe('backup and restore', () => {
  it('a backup is a checked copy, and both files record it', async () => {
    const data = dataFolder('live', 3);
    const out = dir.file('copy.db');
    const done = await backupStorage(data, out, actor, clock);
    expect(done.auditRecords).toBe(3);
    expect(checkStorageFile(out, clock)).toEqual({ records: 3 });
    expect(trail(data).actions.at(-1)).toBe('backup:success');
    await expect(backupStorage(data, out, actor, clock)).rejects.toThrow(/exists already/);
  });

  it('a restore keeps the file it replaces and records itself in the restored trail', async () => {
    const data = dataFolder('live', 2);
    const out = dir.file('copy.db');
    await backupStorage(data, out, actor, clock);
    // work goes on after the backup: that file must not be lost by a restore
    const db = openStorageDatabase(join(data, STORAGE_FILE));
    new SqliteAuditLog(db, clock).appendSync({
      user: 'ben',
      source: 'ipc',
      action: 'command.result',
      result: 'succeeded',
    });
    db.close();
    const restored = restoreStorage(data, out, actor, clock, 'now');
    expect(restored.keptAs).toBe(join(data, `${STORAGE_FILE}.before-restore-now`));
    expect(trail(data).actions).toEqual(['alarm.ack:success', 'alarm.ack:success', 'restore:success']);
    expect(trail(data).records).toMatchObject({ ok: true });
    const kept = openStorageDatabase(restored.keptAs!);
    expect(new SqliteAuditLog(kept, clock).verifySync()).toEqual({ ok: true, count: 4 });
    kept.close();
  });

  it('refuses a damaged backup, a file that is not one, and a folder a console is running on', async () => {
    const data = dataFolder('live', 1);
    const before = readdirSync(data).sort();
    const junk = dir.file('junk.db');
    writeFileSync(junk, 'this is not a database, it is a note');
    expect(() => restoreStorage(data, junk, actor, clock, 'x')).toThrow(/not an Aqueduct storage file/);
    const tampered = dir.file('tampered.db');
    await backupStorage(dataFolder('other', 3), tampered, actor, clock);
    const t = openStorageDatabase(tampered);
    t.exec('DROP TRIGGER IF EXISTS audit_log_no_update');
    t.prepare("UPDATE audit_log SET user = 'mallory' WHERE seq = 2").run();
    t.close();
    expect(() => restoreStorage(data, tampered, actor, clock, 'x')).toThrow(
      /audit trail is broken at record 2/,
    );
    expect(readdirSync(data).sort()).toEqual(before); // nothing replaced, nothing left behind
    const release = lockDataFolder(data);
    expect(existsSync(join(data, LOCK_FILE))).toBe(true);
    const good = dir.file('good.db');
    await backupStorage(data, good, actor, clock);
    expect(() => restoreStorage(data, good, actor, clock, 'x')).toThrow(/a console is running/);
    release();
    // the copy holds what was there when it was taken; the backup's own record came after
    expect(restoreStorage(data, good, actor, clock, 'x').auditRecords).toBe(1);
  });
});

function mkdir(path: string): string {
  mkdirSync(path, { recursive: true });
  return path;
}
