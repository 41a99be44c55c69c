// `aqueduct plant` as a user runs it: one process serving the demo town over OPC UA, Modbus TCP
// and an embedded MQTT broker, read by independent clients (mbpoll, mosquitto_sub) and by our
// OPC UA driver, with the register map CSV it writes for integrators.
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { systemClock } from './core/system-clock';
import { OpcuaDriver } from '../protocols/opcua/client';
import { asOpcuaTags } from '../protocols/plant/points';
import { parseModbusCsv } from '../protocols/tags/parse';
import { freePort, missing, until } from '../protocols/testing/peers';

const run = promisify(execFile);
const root = join(__dirname, '../..');
const skip = missing('mbpoll') ?? missing('mosquitto_sub');

describe.skipIf(skip)(`aqueduct plant${skip ? ` (skipped: ${skip})` : ''}`, () => {
  it('serves the twin over OPC UA, Modbus and MQTT, and writes the register map', async () => {
    const [opcua, modbus, mqtt] = [await freePort(), await freePort(), await freePort()];
    const data = mkdtempSync(join(tmpdir(), 'aq-plant-cli-'));
    const child = spawn(
      join(root, 'node_modules/.bin/tsx'),
      [
        join(root, 'src/main/cli.ts'),
        'plant',
        '--opcua',
        String(opcua),
        '--modbus',
        String(modbus),
        '--mqtt',
        String(mqtt),
        '--speed',
        '120',
        '--data',
        data,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (out += b.toString()));
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    try {
      await until(() => out.includes('real time; Ctrl+C stops'), `the plant to start (said: ${out})`, 60_000);
      expect(out).toContain(`OPC UA server: opc.tcp://127.0.0.1:${opcua}/aqueduct`);
      const csvFile = readdirSync(data).find((f) => f.endsWith('-registers.csv'))!;
      const map = parseModbusCsv(readFileSync(join(data, csvFile), 'utf8'), csvFile);
      const first = map.tags[0]!;
      expect(first).toMatchObject({ modbus: { unit: 1, table: 'input', address: 0 }, type: 'float32' });
      // mbpoll reads the first instrument once the twin has stepped (input registers, float, big-endian words)
      let value = 0;
      for (let i = 0; i < 40 && !(value > 0); i++) {
        const { stdout } = await run('mbpoll', [
          '-m',
          'tcp',
          '-p',
          String(modbus),
          '-a',
          '1',
          '-0',
          '-1',
          '-t',
          '3:float',
          '-B',
          '-r',
          '0',
          '-c',
          '1',
          '127.0.0.1',
        ]);
        value = Number(/\[0\]:\s+(\S+)/.exec(stdout)?.[1]);
        if (!(value > 0)) await new Promise((r) => setTimeout(r, 250));
      }
      expect(value).toBeGreaterThan(0);
      const { stdout } = await run('mosquitto_sub', [
        '-h',
        '127.0.0.1',
        '-p',
        String(mqtt),
        '-t',
        'aqueduct/plant/+/+/+',
        '-C',
        '1',
        '-W',
        '10',
      ]);
      expect(JSON.parse(stdout)).toMatchObject({
        value: expect.any(Number),
        time: expect.any(Number),
        quality: 'good',
      });
      const d = new OpcuaDriver(systemClock, {
        id: 'cli',
        endpointUrl: `opc.tcp://127.0.0.1:${opcua}/aqueduct`,
        tags: asOpcuaTags(map).slice(0, 4),
        pkiFolder: mkdtempSync(join(tmpdir(), 'aq-plant-cli-client-')),
      });
      d.start();
      await until(() => d.status().state === 'connected', 'the OPC UA session', 30_000);
      const [sample] = await d.read([first.point]);
      expect(sample).toMatchObject({ quality: 'good', value: expect.any(Number) });
      await d.stop();
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  }, 120_000);
});
