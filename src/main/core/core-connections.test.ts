// Field connections through the contract on a real core, against a real Modbus server
// (Debian's pymodbus): an engineer adds one, the tag monitor shows its values, the historian
// keeps them, killing the server raises the comms-loss alarm, and a restarted console
// reconnects to what it had. Bad settings and bad tag maps are refused with where they are wrong.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pymodbusMissing, startPymodbus, type Peer } from '../../protocols/testing/peers';
import type { AlarmSummary, ConnectionView, TagSampleView } from '../../shared/operations';
import { Core } from './core';
import { ask, loginAs } from './testing';

const fixture = join(__dirname, '../../protocols/sim/fixtures/two-zone.inp');
const tagMap = {
  fileName: 'station.yaml',
  text: `version: 1
revision: test
tags:
  - { point: pump.P1.count, modbus: { table: holding, address: 0 }, type: uint16 }
  - { point: node.J1.pressure, modbus: { table: input, address: 0 }, type: uint16, scale: { factor: 0.1 }, units: m }
`,
};
const skip = pymodbusMissing();

describe.skipIf(skip)(`field connections through the contract${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let server: Peer;
  beforeAll(async () => {
    server = await startPymodbus();
  });
  afterAll(async () => server?.kill());

  it('add, monitor, historian, comms-loss alarm on a killed server, and back after a restart of the console', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'aqueduct-conn-'));
    const options = {
      network: fixture,
      assetsDir: '/x',
      startMs: Date.UTC(2026, 0, 1),
      paced: false,
      hydraulicStep: 60,
      dataDir,
    };
    const core = await Core.create(options);
    const engineer = await loginAs(core, 'engineer');
    const operator = await loginAs(core, 'operator');
    const settings = {
      id: 'station-1',
      protocol: 'modbus',
      transport: { kind: 'tcp', host: '127.0.0.1', port: server.port },
      pollMs: 100,
      timeoutMs: 300,
      retries: 0,
    };
    try {
      expect(await ask(core, operator, 'connections.add', { settings, tagMap })).toMatchObject({
        error: { code: 'forbidden' },
      });
      expect(
        await ask(core, engineer, 'connections.add', { settings: { ...settings, pollMs: 'often' }, tagMap }),
      ).toMatchObject({
        error: { code: 'bad_args', message: expect.stringMatching(/pollMs/) },
      });
      expect(
        await ask(core, engineer, 'connections.add', {
          settings,
          tagMap: { fileName: 'bad.yaml', text: 'version: 1\ntags:\n  - { point: x }\n' },
        }),
      ).toMatchObject({
        error: { code: 'invalid_file', message: expect.stringMatching(/bad\.yaml: line 3/) },
      });
      const tested = await ask(core, engineer, 'connections.test', { settings });
      expect(tested).toMatchObject({ ok: true, result: { ok: true } });

      const added = await ask(core, engineer, 'connections.add', { settings, tagMap });
      expect(added).toMatchObject({ ok: true, result: { id: 'station-1', protocol: 'modbus', tags: 2 } });
      const monitor = async () =>
        (
          (await ask(core, operator, 'connections.monitor', {
            id: 'station-1',
            points: ['pump.P1.count', 'node.J1.pressure'],
          })) as {
            result: { samples: TagSampleView[] };
          }
        ).result.samples;
      await waitFor(
        async () => (await monitor()).filter((s) => s.quality === 'good').length === 2,
        'good values',
      );
      await core.stored.historian.flush();
      await waitFor(
        async () => (await core.stored.historian.tags()).some((t) => t.tag === 'node.J1.pressure'),
        'historian tag',
      );

      await server.kill('SIGKILL');
      await waitFor(
        async () =>
          (await monitor()).every((s) => s.quality === 'bad' && /comms|ECONN|timeout/i.test(s.reason ?? '')),
        'bad with a reason',
      );
      core.advance(1_000); // the alarm summary is pushed with the console's tick
      const summary = (await ask(core, operator, 'alarms.summary')) as { result: AlarmSummary };
      expect(summary.result.alarms.find((a) => a.id === 'station-1.comms_lost')).toMatchObject({
        priority: 2,
        element: 'station-1',
      });
      await server.restart();
      await waitFor(async () => (await monitor()).every((s) => s.quality === 'good'), 'reconnected');
      const list = (await ask(core, operator, 'connections.list')) as {
        result: { connections: ConnectionView[] };
      };
      expect(list.result.connections[0]).toMatchObject({
        state: 'connected',
        counters: { reconnects: expect.any(Number) },
      });
      expect(list.result.connections[0]!.counters.reconnects).toBeGreaterThanOrEqual(1);
    } finally {
      await core.close();
    }
    const again = await Core.create(options);
    try {
      const viewer = await loginAs(again, 'viewer');
      const list = (await ask(again, viewer, 'connections.list')) as {
        result: { connections: ConnectionView[] };
      };
      expect(list.result.connections.map((c) => c.id)).toEqual(['station-1']);
    } finally {
      await again.close();
    }
  });
});

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
