// One temporary folder per test run (vitest and Playwright both use it as globalSetup):
// every test's mkdtemp, data folder, PKI and broker config lands under it, and it is
// removed when the run ends, so repeated runs on an engineer's laptop or a CI machine do
// not fill /tmp. TMPDIR is what os.tmpdir() reads; test workers and the consoles and peers
// the tests start inherit it.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const folder = mkdtempSync(join(tmpdir(), 'aqueduct-test-run-'));
  // as /tmp is: peers that drop root for their own user (mosquitto does) must reach their files
  chmodSync(folder, 0o1777);
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = folder;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    rmSync(folder, { recursive: true, force: true });
  };
}
