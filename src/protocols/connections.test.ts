// The Connections back end over a real Modbus link (our slave on 127.0.0.1): list with live
// status and counters, the tag monitor, a connection test that fails with the reason, and the
// command path's FieldWriter writing a start and reading the pump's state back.
import { describe, expect, it } from 'vitest';
import { readbackConfirms } from '../main/commands/field';
import { systemClock } from '../main/core/system-clock';
import { ConnectionManager } from './connections';
import { TagFieldWriter } from './field-writer';
import { ModbusSlave } from './modbus/slave';
import { parseTagMap } from './tags/parse';
import { freePort, until } from './testing/peers';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const map = parseTagMap(
  `version: 1
tags:
  - { point: pump.PU-3.cmd, modbus: { table: holding, address: 0 }, type: uint16, access: readwrite }
  - { point: pump.PU-3.state, modbus: { table: holding, address: 1 }, type: uint16 }
  - { point: pump.PU-3.speed, modbus: { table: input, address: 0 }, type: float32, units: "%" }
`,
  'pu3.yaml',
);

describe('connections', () => {
  it('lists live status, monitors tags, tests configurations, and carries commands with readback', async () => {
    // a station whose PLC reflects a start command in its state register
    const slave: ModbusSlave = new ModbusSlave(map.tags, (tag, value) => {
      if (tag.point === 'pump.PU-3.cmd') slave.set('pump.PU-3.state', value === 1 ? 1 : 0);
    });
    slave.set('pump.PU-3.speed', 0);
    const port = await slave.listen(await freePort());
    const manager = new ConnectionManager(systemClock, mkdtempSync(join(tmpdir(), 'aq-conn-')));
    const pushes: string[] = [];
    manager.onStatus((s) => pushes.push(`${s.id}:${s.state}`));
    try {
      manager.add(
        { id: 'pu3', protocol: 'modbus', transport: { kind: 'tcp', host: '127.0.0.1', port }, pollMs: 50 },
        map.tags,
      );
      await until(() => manager.monitor('pu3').some((s) => s.point === 'pump.PU-3.speed'), 'a first poll');
      const [row] = manager.list();
      expect(row).toMatchObject({
        id: 'pu3',
        protocol: 'modbus',
        state: 'connected',
        tags: 3,
        notGood: 0,
        endpoint: `tcp://127.0.0.1:${port}`,
      });
      expect(row!.counters.reads).toBeGreaterThan(0);
      expect(pushes).toEqual(['pu3:connecting', 'pu3:connected']);
      expect(manager.monitor('pu3', ['pump.PU-3.speed'])[0]).toMatchObject({ value: 0, quality: 'good' });

      const writer = new TagFieldWriter(
        [
          {
            target: 'PU-3',
            actions: {
              start: [{ point: 'pump.PU-3.cmd', value: 1 }],
              stop: [{ point: 'pump.PU-3.cmd', value: 2 }],
            },
            readback: {
              state: { point: 'pump.PU-3.state', states: { '1': 'running', '0': 'stopped' } },
              value: 'pump.PU-3.speed',
            },
          },
        ],
        () => manager.driver('pu3'),
      );
      await writer.write('PU-3', 'start');
      const back = await writer.read('PU-3');
      expect(back).toEqual({ quality: 'good', state: 'running', value: 0 });
      expect(readbackConfirms({ kind: 'state', equals: 'running' }, undefined, back)).toBe(true);
      await expect(writer.write('PU-3', 'open')).rejects.toThrow(/no field binding for open/);

      const refused = await manager.test({
        id: 'probe',
        protocol: 'modbus',
        transport: { kind: 'tcp', host: '127.0.0.1', port: await freePort() },
      });
      expect(refused).toMatchObject({ ok: false, detail: expect.stringMatching(/ECONNREFUSED/) });
      expect(
        await manager.test({
          id: 'probe',
          protocol: 'modbus',
          transport: { kind: 'tcp', host: '127.0.0.1', port },
        }),
      ).toMatchObject({ ok: true });
      expect(
        (
          await manager.test({
            id: 'bad id!',
            protocol: 'modbus',
            transport: { kind: 'tcp', host: 'x' },
          } as never)
        ).detail,
      ).toMatch(/letters, digits/);
      expect(Array.isArray(await manager.serialPorts())).toBe(true);
    } finally {
      await manager.close();
      await slave.close();
    }
  });
});
