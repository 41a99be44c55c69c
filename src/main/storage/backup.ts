// Backup and restore of the console's storage file (historian, audit trail, users, alarm
// journal), each recorded in the audit trail. A backup is SQLite's online copy, checked
// before it is called done; a restore first checks the backup (schema, integrity, unbroken
// audit chain), keeps the file it replaces beside it, and refuses while a console is running
// on the folder: nothing already stored is lost either way.
import {
  copyFileSync,
  existsSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import type { Clock } from '../../agents/runtime/clock';
import { SqliteAuditLog } from './audit-log';
import { openStorageDatabase } from './database';
import { STORAGE_FILE } from './storage';

/** written by a running console into its data folder, removed when it stops */
export const LOCK_FILE = 'console.lock';

export interface Actor {
  user: string;
  source: string;
}

export class BackupError extends Error {
  override name = 'BackupError';
}

export async function backupStorage(dataDir: string, outFile: string, actor: Actor, clock: Clock) {
  const file = join(dataDir, STORAGE_FILE);
  if (!existsSync(file)) throw new BackupError(`no storage file at ${file}`);
  if (existsSync(outFile)) throw new BackupError(`${outFile} exists already: choose a new file`);
  const db = openStorageDatabase(file);
  try {
    const audit = new SqliteAuditLog(db, clock);
    const at = { ...actor, action: 'backup', target: outFile };
    try {
      await db.backup(outFile);
      const copy = checkStorageFile(outFile, clock);
      audit.appendSync({
        ...at,
        result: 'success',
        details: { bytes: statSync(outFile).size, auditRecords: copy.records },
      });
      return { file: outFile, bytes: statSync(outFile).size, auditRecords: copy.records };
    } catch (error) {
      audit.appendSync({ ...at, result: 'failed', details: { error: (error as Error).message } });
      throw error;
    }
  } finally {
    db.close();
  }
}

export function restoreStorage(
  dataDir: string,
  backupFile: string,
  actor: Actor,
  clock: Clock,
  stamp: string,
) {
  const running = runningConsole(dataDir);
  if (running !== undefined)
    throw new BackupError(
      `a console is running on ${dataDir} (process ${running}): stop it before restoring`,
    );
  // checked as a copy beside the live file (an older backup is migrated there, the backup
  // itself is left as it is); a damaged one never replaces anything
  const file = join(dataDir, STORAGE_FILE);
  const incoming = `${file}.restoring`;
  copyFileSync(backupFile, incoming);
  let checked: { records: number };
  try {
    checked = checkStorageFile(incoming, clock);
  } catch (error) {
    unlinkSync(incoming);
    throw error;
  }
  const kept = existsSync(file) ? `${file}.before-restore-${stamp}` : undefined;
  if (kept) {
    renameSync(file, kept);
    for (const side of ['-wal', '-shm']) if (existsSync(file + side)) renameSync(file + side, kept + side);
  }
  renameSync(incoming, file);
  const db = openStorageDatabase(file);
  try {
    new SqliteAuditLog(db, clock).appendSync({
      ...actor,
      action: 'restore',
      target: backupFile,
      result: 'success',
      details: { auditRecords: checked.records, ...(kept && { replacedFileKeptAs: kept }) },
    });
  } finally {
    db.close();
  }
  return { restoredFrom: backupFile, keptAs: kept, auditRecords: checked.records };
}

/** A storage file fit to use: a schema this Aqueduct knows, SQLite's integrity check, an unbroken audit chain. */
export function checkStorageFile(path: string, clock: Clock): { records: number } {
  if (!existsSync(path)) throw new BackupError(`no file ${path}`);
  let db;
  try {
    db = openStorageDatabase(path);
  } catch (error) {
    throw new BackupError(`${path} is not an Aqueduct storage file: ${(error as Error).message}`);
  }
  try {
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') throw new BackupError(`${path} is damaged: ${String(integrity)}`);
    const chain = new SqliteAuditLog(db, clock).verifySync();
    if (!chain.ok)
      throw new BackupError(
        `${path}: its audit trail is broken at record ${chain.firstBadSeq} (${chain.reason})`,
      );
    return { records: chain.count };
  } finally {
    db.close();
  }
}

/** Mark the folder as in use by this process; the returned function releases it. */
export function lockDataFolder(dataDir: string): () => void {
  const lock = join(dataDir, LOCK_FILE);
  writeFileSync(lock, String(process.pid));
  return () => {
    try {
      if (readFileSync(lock, 'utf8') === String(process.pid)) unlinkSync(lock);
    } catch {
      // already gone
    }
  };
}

/** the process id of a console holding the folder, if one is alive */
function runningConsole(dataDir: string): number | undefined {
  const lock = join(dataDir, LOCK_FILE);
  if (!existsSync(lock)) return undefined;
  const pid = Number(readFileSync(lock, 'utf8'));
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined; // a console that died without cleaning up
  }
}
