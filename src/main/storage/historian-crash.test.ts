// Crash safety: a separate process writes heavy batches and is killed with SIGKILL in the
// middle of a flush. Reopening must find an intact file holding every batch the child
// reported committed, nothing of a half-written batch, and rollups that agree with it.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../agents/runtime/clock';
import { SqliteHistorian } from './sqlite-historian';
import { T0, TempDir } from './test-support';

const REPO = resolve(import.meta.dirname, '../../..');
const TAGS = 500;
const PER_TAG = 100;
const BATCH = TAGS * PER_TAG;

const CHILD = `
import { SimulatedClock } from ${JSON.stringify(pathToFileURL(resolve(REPO, 'src/agents/runtime/clock.ts')).href)};
import { SqliteHistorian } from ${JSON.stringify(pathToFileURL(resolve(import.meta.dirname, 'sqlite-historian.ts')).href)};
const [path, firstBatch] = process.argv.slice(2);
const historian = SqliteHistorian.open(path, { clock: new SimulatedClock(0), flushEveryMs: 0, flushAtSamples: 1e9 });
let committed = Number(historian.db.prepare('SELECT count(*) FROM samples_raw').pluck().get());
for (let b = Number(firstBatch); ; b++) {
  const batch = [];
  for (let k = 0; k < ${PER_TAG}; k++) {
    for (let tag = 0; tag < ${TAGS}; tag++) batch.push({ tag: 'tag-' + tag, t: ${T0} + (b * ${PER_TAG} + k) * 1000, value: Math.sin(b + k + tag) });
  }
  historian.append(batch);
  process.stdout.write('flushing\\n');
  committed += historian.flushSync().written;
  process.stdout.write('committed ' + committed + '\\n');
}
`;

/** Run the writer until its `killAtFlush`-th flush has started, wait `delayMs`, SIGKILL it. */
async function runAndKill(
  script: string,
  db: string,
  firstBatch: number,
  killAtFlush: number,
  delayMs: number,
): Promise<number> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, db, String(firstBatch)], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<NodeJS.Signals | null>((done) =>
    child.on('exit', (_code, signal) => done(signal)),
  );
  let committed = -1;
  let flushes = 0;
  for await (const line of createInterface({ input: child.stdout })) {
    if (line.startsWith('committed ')) committed = Number(line.slice('committed '.length));
    else if (line === 'flushing' && ++flushes === killAtFlush) {
      // the test is about the wall clock of another process: no injected clock can stand in here
      await new Promise((r) => globalThis.setTimeout(r, delayMs));
      child.kill('SIGKILL');
      break;
    }
  }
  expect(await exited, stderr).toBe('SIGKILL');
  return committed;
}

describe('historian crash safety', () => {
  const dir = new TempDir();
  afterAll(() => dir.remove());

  it('survives SIGKILL mid-flush: intact file, every reported batch there, no partial batch', async () => {
    const script = dir.file('writer.ts');
    writeFileSync(script, CHILD);
    const db = dir.file('crash.db');
    let batchesSoFar = 0;
    for (const [cycle, delayMs] of [5, 30, 60].entries()) {
      const reported = await runAndKill(script, db, batchesSoFar, 4, delayMs);
      expect(reported).toBeGreaterThanOrEqual(BATCH * 3);

      const historian = SqliteHistorian.open(db, { clock: new SimulatedClock(T0), flushEveryMs: 0 });
      const integrity = await historian.integrityCheck();
      expect(integrity, `cycle ${cycle}`).toEqual({ ok: true, integrityCheck: ['ok'], quickCheck: ['ok'] });
      const raw = historian.db.prepare('SELECT count(*) FROM samples_raw').pluck().get() as number;
      // the killed flush either committed whole (before it could print) or not at all
      expect([reported, reported + BATCH], `cycle ${cycle}`).toContain(raw);
      expect(raw % BATCH).toBe(0);
      for (const table of ['rollup_1m', 'rollup_1h']) {
        expect(historian.db.prepare(`SELECT sum(count) FROM ${table}`).pluck().get()).toBe(raw);
      }
      batchesSoFar = raw / BATCH;
      historian.closeSync();
    }
  });
});
