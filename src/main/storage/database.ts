// Opening the storage database: refuse a newer schema before touching anything, then set the
// pragmas the historian depends on and migrate.
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { assertSchemaNotNewer, migrate, STORAGE_MIGRATIONS, type Migration } from './migrations';

export interface OpenDatabaseOptions {
  migrations?: readonly Migration[];
  /** page cache in MiB; the ingest working set is about one leaf page per active tag */
  cacheMiB?: number;
}

export function openStorageDatabase(path: string, options: OpenDatabaseOptions = {}): Database {
  const migrations = options.migrations ?? STORAGE_MIGRATIONS;
  const db = new BetterSqlite3(path);
  try {
    // before any pragma that writes (journal_mode=WAL rewrites the header)
    assertSchemaNotNewer(db, migrations);
    // 8 KiB pages: measurably faster ingest than 4 KiB for clustered (tag, t) inserts; only
    // takes effect on a new file
    db.pragma('page_size = 8192');
    db.pragma('journal_mode = WAL');
    // with WAL, NORMAL loses no committed transaction on a process crash (only on power loss
    // can the last commits before a checkpoint roll back), and it saves an fsync per commit
    db.pragma('synchronous = NORMAL');
    db.pragma(`cache_size = ${-1024 * (options.cacheMiB ?? 128)}`);
    // A flush of a few hundred thousand samples dirties one leaf page per tag; checkpointing
    // after every such commit (the default 1,000 pages) costs ~15 % of ingest. Checkpoint every
    // ~128 MiB of WAL instead, and cut the file back to 64 MiB afterwards.
    db.pragma('wal_autocheckpoint = 16384');
    db.pragma(`journal_size_limit = ${64 * 2 ** 20}`);
    migrate(db, migrations);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
