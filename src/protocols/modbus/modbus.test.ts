// The Modbus driver against independent peers: our master reads and writes a pymodbus server,
// mbpoll (a Debian Modbus master) reads and writes our slave, and the pymodbus server is killed
// and restarted mid-run (bad quality with the reason, a comms-loss alarm, reconnect, and no
// sample lost on the way upstream).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlarmEngine, defineAlarm } from '../../main/alarms';
import { systemClock } from '../../main/core/system-clock';
import { statusPoint, type TagSample } from '../driver';
import { Backoff } from '../driver-base';
import { StoreAndForward } from '../store-forward';
import {
  missing,
  type Peer,
  pymodbusMissing,
  startPymodbus,
  until,
  freePort,
  sleep,
  SYSTEM_PYTHON,
} from '../testing/peers';
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Socket } from 'node:net';
import { promisify } from 'node:util';
import { parseTagMap } from '../tags/parse';
import { ModbusDriver } from './master';
import { ModbusSlave } from './slave';

const map = parseTagMap(
  `
version: 1
revision: test
tags:
  - { point: pump.P1.count, modbus: { table: holding, address: 0 }, type: uint16, access: readwrite }
  - { point: pump.P1.delta, modbus: { table: holding, address: 1 }, type: int16 }
  - { point: pump.P1.speed, modbus: { table: holding, address: 10 }, type: float32, access: readwrite }
  - { point: pump.P1.total, modbus: { table: holding, address: 20 }, type: int32, wordOrder: little }
  - { point: pump.P1.running, modbus: { table: coil, address: 0 }, type: bool, access: readwrite }
  - { point: pump.P1.tripped, modbus: { table: coil, address: 1 }, type: bool }
  - { point: pump.P1.remote, modbus: { table: discrete, address: 5 }, type: bool }
  - { point: node.J1.pressure, modbus: { table: input, address: 0 }, type: uint16, scale: { factor: 0.1 }, units: m }
`,
  'station.yaml',
);
const bad = parseTagMap(
  'version: 1\ntags:\n  - { point: node.J9.pressure, modbus: { table: holding, address: 1500 }, type: uint16 }\n',
  'beyond.yaml',
);

const skipPy = pymodbusMissing();

describe.skipIf(skipPy)(
  `Modbus master against a pymodbus server${skipPy ? ` (skipped: ${skipPy})` : ''}`,
  () => {
    let server: Peer;
    beforeAll(async () => {
      server = await startPymodbus();
    });
    afterAll(async () => server?.kill());

    const driver = (extra: Partial<ConstructorParameters<typeof ModbusDriver>[1]> = {}) =>
      new ModbusDriver(systemClock, {
        id: 'rtu1',
        transport: { kind: 'tcp', host: '127.0.0.1', port: server.port },
        tags: [...map.tags, ...bad.tags],
        pollMs: 100,
        timeoutMs: 500,
        ...extra,
      });

    it('decodes every data type, word order, table and scaling, in batched reads', async () => {
      const d = driver();
      const got = new Map<string, TagSample>();
      d.onSamples((s) => s.forEach((x) => got.set(x.point, x)));
      d.start();
      try {
        await until(() => got.size >= 9, 'a first poll of every tag');
        const v = (p: string) => got.get(p)?.value;
        expect(v('pump.P1.count')).toBe(1234);
        expect(v('pump.P1.delta')).toBe(-100);
        expect(v('pump.P1.speed')).toBeCloseTo(3.5, 6);
        expect(v('pump.P1.total')).toBe(-123456);
        expect([v('pump.P1.running'), v('pump.P1.tripped'), v('pump.P1.remote')]).toEqual([
          true,
          false,
          true,
        ]);
        expect(v('node.J1.pressure')).toBeCloseTo(77.7, 6);
        expect(got.get('pump.P1.count')!.quality).toBe('good');
        // holding 0–21 in one request (gaps ≤ 8), the far register alone, one per other table
        expect(
          d
            .blocks()
            .map((b) => `${b.table}:${b.start}+${b.length}`)
            .sort(),
        ).toEqual(['coil:0+2', 'discrete:5+1', 'holding:0+22', 'holding:1500+1', 'input:0+1'].sort());
        // an exception answer is bad quality with its name, and the other tags stay good
        expect(got.get('node.J9.pressure')).toMatchObject({
          quality: 'bad',
          reason: 'modbus exception 2 (illegal data address)',
        });
        expect(d.status()).toMatchObject({ state: 'connected', endpoint: `tcp://127.0.0.1:${server.port}` });
      } finally {
        await d.stop();
      }
    });

    it('writes with FC5, FC6 and FC16 and reads the values back from the server', async () => {
      const d = driver();
      d.start();
      try {
        await until(() => d.status().state === 'connected', 'connection');
        expect(await d.write('pump.P1.count', 4321)).toMatchObject({ confirmed: true });
        await d.write('pump.P1.speed', 47.25);
        await d.write('pump.P1.running', false);
        const back = await d.read(['pump.P1.count', 'pump.P1.speed', 'pump.P1.running']);
        expect(back.map((s) => s.value)).toEqual([4321, 47.25, false]);
        await expect(d.write('pump.P1.total', 1)).rejects.toThrow(/read-only/);
        await expect(d.write('pump.P1.count', 70_000)).rejects.toThrow(/outside the uint16 range/);
        // put the image back for the other tests
        await d.write('pump.P1.count', 1234);
        await d.write('pump.P1.speed', 3.5);
        await d.write('pump.P1.running', true);
      } finally {
        await d.stop();
      }
    });

    it('peer killed mid-run: bad with reason, comms-loss alarm, reconnect, and zero samples lost upstream', async () => {
      const alarms = new AlarmEngine({
        clock: systemClock,
        alarms: [
          defineAlarm({
            id: 'rtu1.comms',
            tag: statusPoint('rtu1'),
            type: 'comms_loss',
            afterS: 2,
            priority: 2,
            message: 'no data from {tag}',
          }),
        ],
      });
      // the upstream (historian) is down for part of the outage too: store-and-forward holds samples
      let upstreamUp = true;
      const delivered: TagSample[] = [];
      const forward = new StoreAndForward<TagSample>(
        systemClock,
        (batch) => {
          if (!upstreamUp) throw new Error('historian unavailable');
          delivered.push(...batch);
        },
        { retryMs: 50 },
      );
      let produced = 0;
      const d = driver({ backoff: new Backoff(100, 400), timeoutMs: 300, retries: 0 });
      d.onSamples((samples) => {
        produced += samples.length;
        forward.forward(samples);
        for (const s of samples) alarms.update(s.point, s.value ?? 0, s.quality, s.sourceTime);
      });
      d.start();
      try {
        await until(() => d.status().state === 'connected' && produced > 9, 'first poll');
        upstreamUp = false;
        const killedAt = performance.now();
        await server.kill('SIGKILL');
        await until(
          () => d.latest().find((s) => s.point === 'pump.P1.count')?.quality === 'bad',
          'pump.P1.count to go bad',
          3000,
        );
        const badAfterMs = performance.now() - killedAt;
        expect(badAfterMs).toBeLessThan(1500);
        const count = d.latest().find((s) => s.point === 'pump.P1.count')!;
        expect(count.reason).toMatch(/^(comms: |timeout)/);
        expect(count.value).toBe(1234); // the last known value is kept, flagged bad
        await until(() => alarms.alarm('rtu1.comms')?.active === true, 'the comms-loss alarm', 3000);
        expect(['backoff', 'connecting']).toContain(d.status().state);
        expect(d.status().lastError?.message).toBeTruthy();

        await sleep(300);
        await server.restart();
        await until(() => d.status().state === 'connected', 'reconnect', 5000);
        await until(
          () => d.latest().find((s) => s.point === 'pump.P1.count')?.quality === 'good',
          'good again',
          3000,
        );
        expect(d.status().counters.reconnects).toBeGreaterThanOrEqual(1);
        await until(() => alarms.alarm('rtu1.comms')?.active === false, 'the alarm to clear', 3000);

        upstreamUp = true;
        await forward.flush();
        await until(() => forward.pending() === 0, 'the backlog to drain', 3000);
        const stats = forward.stats();
        expect(stats.failures).toBeGreaterThan(0); // the upstream really was refusing
        expect(stats.dropped).toBe(0);
        expect(delivered.length).toBe(produced);
        expect(stats.delivered).toBe(stats.accepted);
        // and in the order they were produced: the bad samples sit between the good ones
        const qualities = delivered.filter((s) => s.point === 'pump.P1.count').map((s) => s.quality);
        expect(qualities.indexOf('bad')).toBeGreaterThan(qualities.indexOf('good'));
        expect(qualities.lastIndexOf('good')).toBeGreaterThan(qualities.indexOf('bad'));
      } finally {
        await d.stop();
        forward.stop();
        alarms.dispose();
      }
    });
  },
);

describe('Modbus master against our slave: devices behind one gateway', () => {
  it('polls each unit at its own rate, maps an absent unit to exception 11, writes coils with FC15', async () => {
    const units = parseTagMap(
      `version: 1
tags:
  - { point: node.J1.pressure, modbus: { unit: 1, table: holding, address: 0 }, type: uint16 }
  - { point: node.J2.pressure, modbus: { unit: 2, table: holding, address: 0 }, type: uint16 }
  - { point: valve.V1.open, modbus: { unit: 1, table: coil, address: 0 }, type: bool, access: readwrite }
  - { point: valve.V2.open, modbus: { unit: 1, table: coil, address: 1 }, type: bool, access: readwrite }
`,
      'units.yaml',
    ).tags;
    const slave = new ModbusSlave(units.filter((t) => t.modbus!.unit === 1));
    const port = await slave.listen(await freePort());
    const d = new ModbusDriver(systemClock, {
      id: 'gw',
      transport: { kind: 'tcp', host: '127.0.0.1', port },
      tags: units,
      unitPollMs: { 1: 50, 2: 400 },
      timeoutMs: 500,
    });
    const polls = { 1: 0, 2: 0 };
    d.onSamples((s) => {
      if (s.some((x) => x.point === 'node.J1.pressure')) polls[1]++;
      if (s.some((x) => x.point === 'node.J2.pressure')) polls[2]++;
    });
    d.start();
    try {
      await sleep(1300);
      // deadband passes every new sample (no deadband configured), so samples count polls
      expect(polls[1]).toBeGreaterThan(3 * polls[2]);
      expect(d.latest().find((s) => s.point === 'node.J2.pressure')).toMatchObject({
        quality: 'bad',
        reason: 'modbus exception 11 (gateway target device failed to respond)',
      });
      await d.writeCoils(1, 0, [true, true]);
      expect((await d.read(['valve.V1.open', 'valve.V2.open'])).map((s) => s.value)).toEqual([true, true]);
    } finally {
      await d.stop();
      await slave.close();
    }
  });
});

describe('Modbus master against a station that stops answering', () => {
  it('times out, retries, goes bad with "timeout", then treats the silent link as lost and reconnects', async () => {
    // a gateway whose TCP stack is up but whose PLC behind it is gone: it accepts and says nothing
    const sockets = new Set<Socket>();
    const mute = createServer((s) => sockets.add(s));
    const port = await freePort();
    await new Promise<void>((r) => mute.listen(port, '127.0.0.1', () => r()));
    const d = new ModbusDriver(systemClock, {
      id: 'mute',
      transport: { kind: 'tcp', host: '127.0.0.1', port },
      tags: map.tags.slice(0, 1),
      pollMs: 50,
      timeoutMs: 100,
      retries: 1,
      backoff: new Backoff(100, 100),
    });
    const reasons: string[] = [];
    d.onSamples((s) => s.forEach((x) => x.reason && reasons.push(x.reason)));
    d.start();
    try {
      await until(() => reasons.includes('timeout'), 'a timeout', 5000);
      await until(() => d.status().counters.reconnects >= 1, 'a reconnect after repeated timeouts', 8000);
      expect(reasons).toContain('comms: no response to 3 requests in a row');
    } finally {
      await d.stop();
      sockets.forEach((s) => s.destroy());
      mute.close();
    }
  });
});

const skipRtu = skipPy ?? missing('socat');

describe.skipIf(skipRtu)(`Modbus RTU over a serial line${skipRtu ? ` (skipped: ${skipRtu})` : ''}`, () => {
  it('reads and writes a pymodbus RTU server through a pty pair (socat), with unit ids and CRC framing', async () => {
    // socat links two pseudo-terminals: a null-modem cable between our master and the server
    const dir = mkdtempSync(join(tmpdir(), 'aq-rtu-'));
    const socat = spawn('socat', [`pty,raw,echo=0,link=${dir}/server`, `pty,raw,echo=0,link=${dir}/master`]);
    await until(() => existsSync(`${dir}/server`) && existsSync(`${dir}/master`), 'the pty pair');
    const server = spawn(SYSTEM_PYTHON, [
      join(__dirname, 'testing/pymodbus_server.py'),
      '--rtu',
      `${dir}/server`,
    ]);
    let said = '';
    server.stdout.on('data', (b: Buffer) => (said += b.toString()));
    await until(() => said.includes('RTU server'), 'the RTU server');
    await sleep(500); // the server opens the port after printing
    const d = new ModbusDriver(systemClock, {
      id: 'rtu',
      transport: { kind: 'rtu', path: `${dir}/master`, baudRate: 19200 },
      tags: [...map.tags, ...bad.tags],
      pollMs: 200,
      timeoutMs: 1000,
    });
    const got = new Map<string, TagSample>();
    d.onSamples((s) => s.forEach((x) => got.set(x.point, x)));
    d.start();
    try {
      await until(() => got.get('pump.P1.speed')?.quality === 'good', 'a poll over RTU', 10_000);
      expect(got.get('pump.P1.speed')!.value).toBeCloseTo(3.5, 6);
      expect(got.get('pump.P1.total')!.value).toBe(-123456);
      expect(got.get('node.J9.pressure')).toMatchObject({
        quality: 'bad',
        reason: 'modbus exception 2 (illegal data address)',
      });
      await d.write('pump.P1.count', 999);
      expect((await d.read(['pump.P1.count']))[0]!.value).toBe(999);
      expect(d.endpoint()).toBe(`rtu://${dir}/master@19200`);
    } finally {
      await d.stop();
      server.kill();
      socat.kill();
    }
  });
});

const skipMbpoll = missing('mbpoll');
const run = promisify(execFile);

describe.skipIf(skipMbpoll)(
  `our Modbus slave read and written by mbpoll${skipMbpoll ? ` (skipped: ${skipMbpoll})` : ''}`,
  () => {
    it('serves holding registers, coils and input registers; a master write reaches the plant decoded', async () => {
      const writes: [string, number | boolean][] = [];
      const slave = new ModbusSlave(map.tags, (tag, value) => writes.push([tag.point, value]));
      slave.set('pump.P1.count', 1234);
      slave.set('pump.P1.speed', 3.5);
      slave.set('pump.P1.running', true);
      slave.set('node.J1.pressure', 55.5);
      const port = await slave.listen(await freePort());
      // mbpoll runs asynchronously: the slave answers it from this very process
      // mbpoll [options] host [values to write]
      const mbpoll = async (args: string[], write: string[] = []) => {
        const argv = [
          '-m',
          'tcp',
          '-p',
          String(port),
          '-a',
          '1',
          '-0',
          '-1',
          '-o',
          '2',
          ...args,
          '127.0.0.1',
          ...write,
        ];
        const r = await run('mbpoll', argv).catch(
          (e: { stdout?: string; stderr?: string; message: string }) => {
            throw new Error(`mbpoll ${args.join(' ')}: ${e.stdout ?? ''}${e.stderr ?? e.message}`);
          },
        );
        return [...r.stdout.matchAll(/^\[(\d+)\]:\s+(\S+)/gm)].map((m) => [Number(m[1]), m[2]]);
      };
      try {
        // -t 4: holding registers, -t 4:float: 32-bit floats (big-endian words)
        expect(await mbpoll(['-t', '4', '-r', '0', '-c', '1'])).toEqual([[0, '1234']]);
        expect(await mbpoll(['-t', '4:float', '-B', '-r', '10', '-c', '1'])).toEqual([[10, '3.5']]);
        expect(await mbpoll(['-t', '0', '-r', '0', '-c', '1'])).toEqual([[0, '1']]);
        expect(await mbpoll(['-t', '3', '-r', '0', '-c', '1'])).toEqual([[0, '555']]);
        // mbpoll writes: FC6 to a holding register, FC5 to a coil
        await mbpoll(['-t', '4', '-r', '0'], ['4000']);
        await mbpoll(['-t', '0', '-r', '0'], ['0']);
        expect(writes).toEqual([
          ['pump.P1.count', 4000],
          ['pump.P1.running', false],
        ]);
        expect(slave.get('pump.P1.count')).toBe(4000);
        // a read-only register refuses the write with an exception, and the image is unchanged
        await expect(mbpoll(['-t', '4', '-r', '1'], ['7'])).rejects.toThrow(
          /Illegal data address|exception/i,
        );
        expect(slave.counters.refusedWrites).toBe(1);
      } finally {
        await slave.close();
      }
    });
  },
);
