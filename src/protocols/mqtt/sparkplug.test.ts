// Sparkplug B through mosquitto: an edge node played by mosquitto_pub (payloads encoded once
// into files), our host driver learning births, following aliases, asking for a rebirth on a
// sequence gap, going bad on NDEATH, and writing through DCMD that mosquitto_sub receives.
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { get } from 'sparkplug-payload';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../main/core/system-clock';
import type { TagSample } from '../driver';
import { parseTagMap } from '../tags/parse';
import { missing, sleep, startMosquitto, until, type Peer } from '../testing/peers';
import { REBIRTH, SparkplugDriver } from './sparkplug';

const spb = get('spBv1.0')!;
const run = promisify(execFile);
const skip = missing('mosquitto') ?? missing('mosquitto_pub');
const map = parseTagMap(
  `version: 1
tags:
  - { point: pump.P1.speed, sparkplug: { group: water, node: station1, device: drive1, metric: Speed }, type: float32, access: readwrite }
  - { point: node.J1.pressure, sparkplug: { group: water, node: station1, metric: Outlet/Pressure }, type: float64 }
`,
  'spb.yaml',
);

describe.skipIf(skip)(`Sparkplug B host driver through mosquitto${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let broker: Peer;
  const dir = mkdtempSync(join(tmpdir(), 'aq-spb-'));
  beforeAll(async () => {
    broker = await startMosquitto();
  });
  afterAll(async () => broker?.kill());
  const send = async (topic: string, payload: Parameters<typeof spb.encodePayload>[0]) => {
    const file = join(dir, `${Math.random().toString(36).slice(2)}.bin`);
    writeFileSync(file, spb.encodePayload(payload));
    await run('mosquitto_pub', [
      '-h',
      '127.0.0.1',
      '-p',
      String(broker.port),
      '-t',
      topic,
      '-f',
      file,
      '-q',
      '0',
    ]);
  };

  it('births, aliases, rebirth on a sequence gap, NDEATH, and DCMD writes', async () => {
    const cmds = spawn('mosquitto_sub', [
      '-h',
      '127.0.0.1',
      '-p',
      String(broker.port),
      '-t',
      'spBv1.0/water/+/station1/#',
      '-v',
      '-F',
      '%t %x',
    ]);
    const seen: { topic: string; names: string[]; values: unknown[] }[] = [];
    let buffer = '';
    cmds.stdout.on('data', (b: Buffer) => {
      buffer += b.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop()!;
      for (const line of lines) {
        const [topic, hex] = line.split(' ');
        if (!topic?.includes('CMD')) continue;
        const p = spb.decodePayload(Buffer.from(hex!, 'hex'));
        seen.push({
          topic,
          names: (p.metrics ?? []).map((m) => m.name!),
          values: (p.metrics ?? []).map((m) => m.value),
        });
      }
    });
    await sleep(300);
    const d = new SparkplugDriver(systemClock, {
      id: 'spb',
      url: `mqtt://127.0.0.1:${broker.port}`,
      tags: map.tags,
      clean: true,
    });
    const got: TagSample[] = [];
    d.onSamples((s) => got.push(...s));
    d.start();
    try {
      // on connecting, the host asks the node for a birth certificate
      await until(
        () => seen.some((c) => c.topic === 'spBv1.0/water/NCMD/station1' && c.names.includes(REBIRTH)),
        'the rebirth request',
      );
      await send('spBv1.0/water/NBIRTH/station1', {
        timestamp: 1,
        seq: 0,
        metrics: [
          { name: 'bdSeq', type: 'UInt64', value: 0 },
          { name: 'Outlet/Pressure', alias: 1, type: 'Double', value: 41.25 },
        ],
      });
      await send('spBv1.0/water/DBIRTH/station1/drive1', {
        timestamp: 2,
        seq: 1,
        metrics: [{ name: 'Speed', alias: 2, type: 'Float', value: 50 }],
      });
      await until(() => got.some((s) => s.point === 'pump.P1.speed'), 'the births');
      expect(got.find((s) => s.point === 'node.J1.pressure')).toMatchObject({
        value: 41.25,
        quality: 'good',
      });
      // data by alias only
      await send('spBv1.0/water/DDATA/station1/drive1', {
        timestamp: 3,
        seq: 2,
        metrics: [{ alias: 2, type: 'Float', value: 55.5 }],
      });
      await until(() => got.at(-1)?.value === 55.5, 'the aliased DDATA');
      expect(got.at(-1)).toMatchObject({ point: 'pump.P1.speed', sourceTime: 3 });
      // seq 3 never arrives: the host notices and asks for a rebirth instead of trusting the data
      const before = d.rebirthsRequested.length;
      await send('spBv1.0/water/DDATA/station1/drive1', {
        timestamp: 4,
        seq: 4,
        metrics: [{ alias: 2, type: 'Float', value: 99 }],
      });
      await until(() => d.rebirthsRequested.length > before, 'a rebirth request after the gap');
      expect(got.some((s) => s.value === 99)).toBe(false);
      // garbage on a Sparkplug topic is an error, not a crash
      await run('mosquitto_pub', [
        '-h',
        '127.0.0.1',
        '-p',
        String(broker.port),
        '-t',
        'spBv1.0/water/NDATA/station1',
        '-m',
        'not protobuf',
        '-q',
        '0',
      ]);
      // write through DCMD
      expect(await d.write('pump.P1.speed', 60)).toMatchObject({ confirmed: false });
      await until(() => seen.some((c) => c.topic === 'spBv1.0/water/DCMD/station1/drive1'), 'the DCMD');
      expect(seen.find((c) => c.topic.includes('DCMD'))).toMatchObject({ names: ['Speed'], values: [60] });
      // the node dies: every one of its points goes bad with the reason
      await send('spBv1.0/water/NDEATH/station1', {
        timestamp: 5,
        metrics: [{ name: 'bdSeq', type: 'UInt64', value: 0 }],
      });
      await until(() => d.latest().find((s) => s.point === 'node.J1.pressure')?.quality === 'bad', 'NDEATH');
      expect(d.latest().find((s) => s.point === 'pump.P1.speed')).toMatchObject({
        quality: 'bad',
        reason: 'sparkplug: NDEATH from station1',
        value: 55.5,
      });
      expect(d.status().counters.errors).toBeGreaterThanOrEqual(2);
    } finally {
      cmds.kill();
      await d.stop();
    }
  });
});
