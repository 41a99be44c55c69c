import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../agents/runtime/clock';
import { openStorage } from './storage';
import { T0, TempDir } from './test-support';

describe('openStorage', () => {
  let dir: TempDir;
  beforeEach(() => (dir = new TempDir()));
  afterEach(() => dir.remove());

  it('keeps historian and audit log in one file, flushing on close', async () => {
    const clock = new SimulatedClock(T0);
    const path = dir.file('aqueduct.db');
    const storage = openStorage(path, { clock, flushEveryMs: 1_000 });
    storage.historian.append([{ tag: 'tank1/level', t: T0, value: 3.5 }]);
    await storage.audit.append({ user: 'alice', source: 'ipc', action: 'login', result: 'success' });
    await storage.close(); // the sample was only buffered: close must write it

    const again = openStorage(path, { clock });
    expect((await again.historian.query('tank1/level', T0, T0 + 1)).points).toEqual([
      { t: T0, value: 3.5, quality: 0 },
    ]);
    expect(await again.audit.verify()).toEqual({ ok: true, count: 1 });
    expect((await again.historian.integrityCheck()).ok).toBe(true);
    await again.close();
  });
});
