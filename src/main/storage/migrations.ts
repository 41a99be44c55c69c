// Schema migrations for the console's embedded database. The schema version lives in SQLite's
// `user_version` header field, which is transactional: a migration and its version bump
// commit together or not at all. A file written by a newer Aqueduct is refused before
// anything is written to it, so an older console can never half-upgrade or damage it.
import type { Database } from 'better-sqlite3';
import { AUDIT_SCHEMA } from './audit-schema';
import { HISTORIAN_SCHEMA } from './historian-schema';
import { AUTH_MIGRATIONS } from '../auth/schema';
import { ALARM_JOURNAL_SCHEMA } from './alarm-journal';

export interface Migration {
  /** 1, 2, 3, … with no gaps: migration N takes the schema from version N-1 to N */
  version: number;
  description: string;
  up(db: Database): void;
}

export class SchemaTooNewError extends Error {
  constructor(
    readonly fileVersion: number,
    readonly knownVersion: number,
  ) {
    super(
      `database schema version ${fileVersion} is newer than this Aqueduct understands (${knownVersion}); ` +
        'open it with a newer Aqueduct. The file was not modified.',
    );
    this.name = 'SchemaTooNewError';
  }
}

/** The migrations of Aqueduct's storage database, oldest first. Append only: never edit a shipped one. */
export const STORAGE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'historian: tags, raw samples, 1-minute and 1-hour rollups',
    up: (db) => db.exec(HISTORIAN_SCHEMA),
  },
  {
    version: 2,
    description: 'audit log: hash-chained records and the chain head',
    up: (db) => db.exec(AUDIT_SCHEMA),
  },
  ...AUTH_MIGRATIONS,
  {
    version: 4,
    description: 'alarm journal: every alarm state change, with who did it',
    up: (db) => db.exec(ALARM_JOURNAL_SCHEMA),
  },
];

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Throws SchemaTooNewError when the file is ahead of `migrations`; reads only. */
export function assertSchemaNotNewer(
  db: Database,
  migrations: readonly Migration[] = STORAGE_MIGRATIONS,
): void {
  const known = latestVersion(migrations);
  const current = schemaVersion(db);
  if (current > known) throw new SchemaTooNewError(current, known);
}

export interface MigrationOutcome {
  from: number;
  to: number;
  applied: number[];
}

/**
 * Bring the schema up to the newest of `migrations`, all pending steps in one IMMEDIATE
 * transaction (so two processes opening the same file cannot both migrate it).
 */
export function migrate(
  db: Database,
  migrations: readonly Migration[] = STORAGE_MIGRATIONS,
): MigrationOutcome {
  checkSequence(migrations);
  assertSchemaNotNewer(db, migrations);
  return db
    .transaction((): MigrationOutcome => {
      // read again under the write lock: another process may have migrated meanwhile
      const from = schemaVersion(db);
      assertSchemaNotNewer(db, migrations);
      const applied: number[] = [];
      for (const migration of migrations) {
        if (migration.version <= from) continue;
        migration.up(db);
        db.pragma(`user_version = ${migration.version}`);
        applied.push(migration.version);
      }
      return { from, to: schemaVersion(db), applied };
    })
    .immediate();
}

function latestVersion(migrations: readonly Migration[]): number {
  return migrations.length === 0 ? 0 : migrations[migrations.length - 1]!.version;
}

function checkSequence(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(
        `migration list is broken: position ${index} holds version ${migration.version}, expected ${index + 1}`,
      );
    }
  });
}
