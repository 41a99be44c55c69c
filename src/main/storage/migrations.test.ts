import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStorageDatabase } from './database';
import { migrate, SchemaTooNewError, schemaVersion, STORAGE_MIGRATIONS, type Migration } from './migrations';
import { TempDir } from './test-support';

const tables = (db: BetterSqlite3.Database) =>
  db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('storage migrations', () => {
  let dir: TempDir;
  beforeEach(() => (dir = new TempDir()));
  afterEach(() => dir.remove());

  it('creates the newest schema on a fresh file, in WAL mode with synchronous=NORMAL', () => {
    const db = openStorageDatabase(dir.file('fresh.db'));
    expect(schemaVersion(db)).toBe(STORAGE_MIGRATIONS.length);
    expect(tables(db)).toEqual([
      'alarm_journal',
      'audit_head',
      'audit_log',
      'login_throttle',
      'rollup_1h',
      'rollup_1m',
      'samples_raw',
      'tags',
      'users',
    ]);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(1);
    db.close();
  });

  it('reopening an up-to-date file applies nothing', () => {
    openStorageDatabase(dir.file('twice.db')).close();
    const db = openStorageDatabase(dir.file('twice.db'));
    const latest = STORAGE_MIGRATIONS.length;
    expect(migrate(db)).toEqual({ from: latest, to: latest, applied: [] });
    db.close();
  });

  it('upgrades a version-1 file and keeps its data', () => {
    const path = dir.file('v1.db');
    const old = new BetterSqlite3(path);
    expect(migrate(old, STORAGE_MIGRATIONS.slice(0, 1))).toEqual({ from: 0, to: 1, applied: [1] });
    old.prepare("INSERT INTO tags (name, unit) VALUES ('zone1/pressure', 'm')").run();
    old.close();

    const db = openStorageDatabase(path);
    expect(schemaVersion(db)).toBe(STORAGE_MIGRATIONS.length);
    expect(db.prepare('SELECT name, unit FROM tags').all()).toEqual([{ name: 'zone1/pressure', unit: 'm' }]);
    expect(db.prepare('SELECT seq FROM audit_head').pluck().get()).toBe(0);
    db.close();
  });

  it('a failing migration leaves the file at its previous version with nothing half-applied', () => {
    const path = dir.file('fail.db');
    const broken: Migration[] = [
      { version: 1, description: 'ok', up: (db) => db.exec('CREATE TABLE a (x)') },
      {
        version: 2,
        description: 'fails halfway',
        up: (db) => {
          db.exec('CREATE TABLE b (x)');
          throw new Error('boom');
        },
      },
    ];
    const db = new BetterSqlite3(path);
    expect(() => migrate(db, broken)).toThrow('boom');
    expect(schemaVersion(db)).toBe(0);
    expect(tables(db)).toEqual([]);
    db.close();
  });

  it('refuses a file from a newer Aqueduct with a clear error and does not modify it', () => {
    const path = dir.file('newer.db');
    const future = new BetterSqlite3(path);
    future.exec('CREATE TABLE from_the_future (x); INSERT INTO from_the_future VALUES (1)');
    future.pragma('user_version = 99');
    future.close();
    const before = sha(path);

    expect(() => openStorageDatabase(path)).toThrow(SchemaTooNewError);
    expect(() => openStorageDatabase(path)).toThrow(
      new RegExp(
        `schema version 99 is newer than this Aqueduct understands \\(${STORAGE_MIGRATIONS.length}\\)`,
      ),
    );

    expect(sha(path)).toBe(before);
    const check = new BetterSqlite3(path, { readonly: true });
    expect(schemaVersion(check)).toBe(99);
    expect(check.pragma('journal_mode', { simple: true })).toBe('delete'); // WAL was never switched on
    expect(tables(check)).toEqual(['from_the_future']);
    check.close();
  });

  it('rejects a migration list with a gap', () => {
    const db = new BetterSqlite3(dir.file('gap.db'));
    const gap: Migration[] = [{ version: 2, description: 'no 1', up: () => {} }];
    expect(() => migrate(db, gap)).toThrow(/position 0 holds version 2, expected 1/);
    db.close();
  });
});
