// One storage database for the console: historian and audit log side by side in one file.
import type { Database } from 'better-sqlite3';
import type { Clock } from '../../agents/runtime/clock';
import { SqliteAuditLog } from './audit-log';
import { openStorageDatabase } from './database';
import { SqliteHistorian, type SqliteHistorianOptions } from './sqlite-historian';

export interface Storage {
  db: Database;
  historian: SqliteHistorian;
  audit: SqliteAuditLog;
  /** flush the historian and close the file */
  close(): Promise<void>;
}

/** the console's storage file inside its data folder */
export const STORAGE_FILE = 'aqueduct.db';

/**
 * `clock` drives the historian (sample times and flushes follow the console's clock);
 * `auditClock`, when given, stamps the audit trail instead: real time, even in a simulation.
 */
export function openStorage(
  path: string,
  options: SqliteHistorianOptions & { clock: Clock; auditClock?: Clock },
): Storage {
  const db = openStorageDatabase(path);
  const historian = new SqliteHistorian(db, options);
  const audit = new SqliteAuditLog(db, options.auditClock ?? options.clock);
  return {
    db,
    historian,
    audit,
    close: async () => {
      try {
        await historian.close();
      } finally {
        db.close();
      }
    },
  };
}
