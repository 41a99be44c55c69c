// Helpers for the storage tests: real database files in a fresh temp directory per test.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SimulatedClock } from '../../agents/runtime/clock';
import { SqliteHistorian, type SqliteHistorianOptions } from './sqlite-historian';

export class TempDir {
  readonly path = mkdtempSync(join(tmpdir(), 'aqueduct-storage-'));

  file(name: string): string {
    return join(this.path, name);
  }

  remove(): void {
    rmSync(this.path, { recursive: true, force: true });
  }
}

/** 2024-01-01T00:00:00Z: a round start makes bucket arithmetic in expectations readable. */
export const T0 = Date.UTC(2024, 0, 1);

export function openTestHistorian(
  dir: TempDir,
  options: Partial<SqliteHistorianOptions> = {},
  name = 'historian.db',
): { historian: SqliteHistorian; clock: SimulatedClock } {
  const clock = (options.clock as SimulatedClock | undefined) ?? new SimulatedClock(T0);
  const historian = SqliteHistorian.open(dir.file(name), { flushEveryMs: 0, ...options, clock });
  return { historian, clock };
}
