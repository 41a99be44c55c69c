// The MQTT driver against Debian's mosquitto broker, with mosquitto_pub/mosquitto_sub as the
// other side: wildcard topics, JSON paths, QoS, retained values, writes, credentials, the last
// will, and a broker killed and restarted mid-run with zero readings lost.
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlarmEngine, defineAlarm } from '../../main/alarms';
import { systemClock } from '../../main/core/system-clock';
import { statusPoint, type TagSample } from '../driver';
import { Backoff } from '../driver-base';
import { parseTagMap } from '../tags/parse';
import { missing, sleep, startMosquitto, until, type Peer } from '../testing/peers';
import { MqttDriver } from './driver';
import { compilePath, evaluatePath, PathError } from './json-path';
import { bindMqttTags, decodeMessage } from './payload';
import { MqttPublisher } from './publisher';

const run = promisify(execFile);
const T0 = Date.UTC(2026, 0, 5);
const map = parseTagMap(
  `
version: 1
tags:
  - point: node.J12.pressure
    mqtt: { topic: site/+/j12, path: $.data.pressure, timePath: $.ts, qos: 1 }
    units: m
  - point: tank.T1.level
    mqtt: { topic: site/north/tank/#, path: "values[1]", qos: 0 }
    scale: { factor: 0.01 }
  - point: pump.P1.speed
    mqtt: { topic: cmd/p1/speed-state, path: value, writeTopic: cmd/p1/speed, qos: 2 }
    access: readwrite
  - point: node.J1.seq
    mqtt: { topic: plant/seq, path: seq, timePath: t, qos: 1 }
`,
  'mqtt.yaml',
);

describe('MQTT payload decoding', () => {
  const bindings = bindMqttTags(map.tags);
  it('takes values and timestamps out of JSON by path, and scales them', () => {
    const at = Date.UTC(2026, 0, 5, 1);
    const r = decodeMessage(
      bindings,
      'site/a/j12',
      Buffer.from(JSON.stringify({ data: { pressure: 41.5 }, ts: new Date(at).toISOString() })),
      0,
    );
    expect(r.samples).toEqual([
      { point: 'node.J12.pressure', value: 41.5, quality: 'good', sourceTime: at, receivedTime: 0 },
    ]);
    expect(
      decodeMessage(bindings, 'site/north/tank/T1/raw', Buffer.from('{"values": [0, 350]}'), 5).samples[0],
    ).toMatchObject({ value: 3.5 });
    expect(decodeMessage(bindings, 'other/topic', Buffer.from('1'), 0).samples).toEqual([]);
  });

  it.each([
    ['not json', /^payload: not JSON/],
    ['{"data":{}}', /^payload: no value at \$\.data\.pressure/],
    ['{"data":{"pressure":"high"}}', /^payload: "high" is not a number/],
    ['{"data":{"pressure":null},"ts":1}', /^payload: expected a number or a bool, got null/],
    ['{"data":{"pressure":1},"ts":"yesterday"}', /^payload: no timestamp at \$\.ts/],
  ])('refuses %s with a reason, as a bad sample', (payload, reason) => {
    const { samples, errors } = decodeMessage(bindings, 'site/x/j12', Buffer.from(payload), 0);
    expect(errors).toBe(1);
    expect(samples[0]).toMatchObject({ quality: 'bad', value: null });
    expect(samples[0]!.reason).toMatch(reason);
  });

  it('compiles the path forms integrators write, and refuses malformed ones', () => {
    expect(compilePath("$.a['b c'][2].d")).toEqual(['a', 'b c', 2, 'd']);
    expect(compilePath('a.b')).toEqual(['a', 'b']);
    expect(evaluatePath(compilePath('$'), 5)).toBe(5);
    for (const bad of ['$.', '$[x]', '$.a[', "$['a]"]) expect(() => compilePath(bad)).toThrow(PathError);
  });

  it('fuzz: random bytes and random JSON never throw, and every sample says why when bad', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 200 }),
          fc.json().map((j) => new TextEncoder().encode(j)),
        ),
        (bytes) => {
          const { samples } = decodeMessage(bindings, 'site/a/j12', Buffer.from(bytes), 0);
          for (const s of samples) {
            if (s.quality === 'bad') expect(s.reason).toMatch(/^payload: /);
            else expect(Number.isFinite(s.value)).toBe(true);
          }
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('fuzz: random path text compiles or fails with a PathError', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), fc.json(), (path, json) => {
        try {
          evaluatePath(compilePath(path), JSON.parse(json));
        } catch (error) {
          expect(error).toBeInstanceOf(PathError);
        }
      }),
    );
  });
});

const skip = missing('mosquitto') ?? missing('mosquitto_pub');

describe.skipIf(skip)(`MQTT driver against mosquitto${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let broker: Peer & { dir: string };
  beforeAll(async () => {
    broker = await startMosquitto({ persistence: true });
  });
  afterAll(async () => broker?.kill());
  const url = () => `mqtt://127.0.0.1:${broker.port}`;
  const pub = (topic: string, message: string, ...extra: string[]) =>
    run('mosquitto_pub', [
      '-h',
      '127.0.0.1',
      '-p',
      String(broker.port),
      '-t',
      topic,
      '-m',
      message,
      '-q',
      '1',
      ...extra,
    ]);

  it('receives retained and live values from mosquitto_pub on wildcard topics; garbage goes bad with a reason', async () => {
    await pub('site/north/tank/T1', '{"values": [1, 420]}', '-r');
    const d = new MqttDriver(systemClock, {
      id: 'site',
      url: url(),
      tags: map.tags,
      clientId: 'aq-test-1',
      clean: true,
    });
    const got: TagSample[] = [];
    d.onSamples((s) => got.push(...s));
    d.start();
    try {
      await until(() => got.some((s) => s.point === 'tank.T1.level'), 'the retained level');
      expect(got.find((s) => s.point === 'tank.T1.level')).toMatchObject({ value: 4.2, quality: 'good' });
      await pub('site/pumphouse/j12', JSON.stringify({ data: { pressure: 38.25 }, ts: 1767574800000 }));
      await until(() => got.some((s) => s.point === 'node.J12.pressure'), 'the pressure');
      expect(got.find((s) => s.point === 'node.J12.pressure')).toMatchObject({
        value: 38.25,
        sourceTime: 1767574800000,
      });
      const garbage = join(mkdtempSync(join(tmpdir(), 'aq-mqtt-')), 'garbage.bin');
      writeFileSync(garbage, Buffer.from([0, 0xff, 0xfe, 0x7b, 0x22, 0x10]));
      await run('mosquitto_pub', [
        '-h',
        '127.0.0.1',
        '-p',
        String(broker.port),
        '-t',
        'site/pumphouse/j12',
        '-f',
        garbage,
        '-q',
        '1',
      ]);
      await until(() => got.at(-1)?.quality === 'bad', 'the garbage sample');
      expect(got.at(-1)).toMatchObject({
        point: 'node.J12.pressure',
        reason: expect.stringMatching(/^payload: not JSON/),
      });
      expect(d.status()).toMatchObject({ state: 'connected', counters: { errors: 1 } });
      // and the retained status topic says we are online
      const { stdout } = await run('mosquitto_sub', [
        '-h',
        '127.0.0.1',
        '-p',
        String(broker.port),
        '-t',
        'aqueduct/site/status',
        '-C',
        '1',
        '-W',
        '3',
      ]);
      expect(stdout.trim()).toBe('online');
    } finally {
      await d.stop();
      await pub('site/north/tank/T1', '', '-r'); // clear the retained value
    }
  });

  it('writes by publishing to the write topic at QoS 2, confirmed by the broker; mosquitto_sub sees it', async () => {
    const sub = spawn('mosquitto_sub', [
      '-h',
      '127.0.0.1',
      '-p',
      String(broker.port),
      '-t',
      'cmd/p1/speed',
      '-C',
      '1',
      '-q',
      '2',
    ]);
    let out = '';
    sub.stdout.on('data', (b: Buffer) => (out += b.toString()));
    await sleep(300); // let mosquitto_sub subscribe
    const d = new MqttDriver(systemClock, {
      id: 'w',
      url: url(),
      tags: map.tags,
      clientId: 'aq-test-2',
      clean: true,
    });
    d.start();
    try {
      await until(() => d.status().state === 'connected', 'connection');
      expect(await d.write('pump.P1.speed', 85)).toMatchObject({ confirmed: true });
      await until(() => out.includes('}'), 'mosquitto_sub to receive the write', 5000);
      expect(JSON.parse(out)).toMatchObject({ value: 85 });
      await expect(d.write('node.J12.pressure', 1)).rejects.toThrow(/read-only/);
    } finally {
      sub.kill();
      await d.stop();
    }
  });

  it('the last will tells the site the console dropped off without a goodbye', async () => {
    const d = new MqttDriver(systemClock, {
      id: 'lw',
      url: url(),
      tags: map.tags,
      clientId: 'aq-test-3',
      clean: true,
      keepaliveS: 1,
    });
    d.start();
    await until(() => d.status().state === 'connected', 'connection');
    const sub = spawn('mosquitto_sub', [
      '-h',
      '127.0.0.1',
      '-p',
      String(broker.port),
      '-t',
      'aqueduct/lw/status',
      '-C',
      '2',
      '-W',
      '10',
    ]);
    let out = '';
    sub.stdout.on('data', (b: Buffer) => (out += b.toString()));
    await until(() => out.includes('online'), 'the retained online');
    // cut the TCP connection under the client, as a network failure would
    (d as unknown as { client: { stream: { destroy(): void } } }).client.stream.destroy();
    await until(() => out.includes('offline'), 'the last will', 8000);
    sub.kill();
    await d.stop();
  });

  it('refuses wrong credentials with the broker’s reason, connects with the right ones', async () => {
    const secure = await startMosquitto({ users: { scada: 's3cret' } });
    const opts = {
      id: 'auth',
      url: `mqtt://127.0.0.1:${secure.port}`,
      tags: map.tags,
      clean: true,
      backoff: new Backoff(100, 200),
    };
    const wrong = new MqttDriver(systemClock, { ...opts, username: 'scada', password: 'nope' });
    const right = new MqttDriver(systemClock, {
      ...opts,
      clientId: 'aq-auth-ok',
      username: 'scada',
      password: 's3cret',
    });
    try {
      wrong.start();
      right.start();
      await until(() => wrong.status().lastError !== undefined, 'the refusal');
      expect(wrong.status().lastError!.message).toMatch(/Not authorized|Bad username or password/i);
      expect(wrong.status().state).not.toBe('connected');
      await until(() => right.status().state === 'connected', 'the authorised connection');
    } finally {
      await wrong.stop();
      await right.stop();
      await secure.kill();
    }
  });

  it.skipIf(missing('openssl'))(
    'connects over TLS with the site CA, and refuses a broker it cannot verify',
    async () => {
      const tls = await startMosquitto({ tls: true });
      const opts = {
        id: 'tls',
        url: `mqtts://127.0.0.1:${tls.port}`,
        tags: map.tags,
        clean: true,
        backoff: new Backoff(100, 200),
      };
      const trusted = new MqttDriver(systemClock, { ...opts, clientId: 'aq-tls-ok', tls: { ca: tls.ca! } });
      const unverified = new MqttDriver(systemClock, { ...opts, clientId: 'aq-tls-no' });
      try {
        trusted.start();
        unverified.start();
        await until(() => trusted.status().state === 'connected', 'the TLS connection');
        await until(() => unverified.status().lastError !== undefined, 'the refusal');
        expect(unverified.status().lastError!.message).toMatch(
          /self.signed|unable to (verify|get)|certificate/i,
        );
      } finally {
        await trusted.stop();
        await unverified.stop();
        await tls.kill();
      }
    },
  );

  it('broker killed and restarted mid-run: bad with reason, comms-loss alarm, reconnect, zero readings lost', async () => {
    const alarms = new AlarmEngine({
      clock: systemClock,
      alarms: [
        defineAlarm({
          id: 'bus.comms',
          tag: statusPoint('bus'),
          type: 'comms_loss',
          afterS: 2,
          priority: 2,
          message: 'no data from {tag}',
        }),
      ],
    });
    // the console side: a persistent session, so the broker queues QoS 1 readings for it
    const d = new MqttDriver(systemClock, {
      id: 'bus',
      url: url(),
      tags: map.tags,
      clientId: 'aq-console',
      clean: false,
      backoff: new Backoff(100, 400),
    });
    const seqs = new Set<number>();
    let duplicates = 0;
    const reasons: string[] = [];
    d.onSamples((samples) => {
      for (const s of samples) {
        if (s.point === 'node.J1.seq' && s.quality === 'good') {
          if (seqs.has(s.value as number)) duplicates++;
          seqs.add(s.value as number);
        }
        if (s.quality === 'bad' && s.reason) reasons.push(s.reason);
        alarms.update(s.point, s.value ?? 0, s.quality, s.sourceTime);
      }
    });
    // the field side: a gateway publishing a numbered reading every 10 ms, storing while the broker is away
    const gateway = new MqttPublisher(
      systemClock,
      { url: url(), clientId: 'gw-1', clean: true },
      new Backoff(100, 400),
    );
    d.start();
    gateway.start();
    let n = 0;
    const tick = setInterval(
      () =>
        gateway.publish([
          { topic: 'plant/seq', payload: JSON.stringify({ seq: n, t: T0 + n++ * 1000 }), qos: 1 },
        ]),
      10,
    );
    try {
      await until(() => seqs.size > 20, 'readings flowing');
      const killedAfter = n;
      await broker.kill('SIGTERM'); // mosquitto saves the console's session on the way down
      await until(() => d.status().state !== 'connected', 'the driver to notice', 5000);
      await until(() => alarms.alarm('bus.comms')?.active === true, 'the comms-loss alarm', 3000);
      expect(reasons.some((r) => r.startsWith('comms: '))).toBe(true);
      expect(d.latest().find((s) => s.point === 'node.J1.seq')).toMatchObject({ quality: 'bad' });
      await sleep(500); // readings pile up in the gateway's store-and-forward queue
      expect(gateway.stats().queued).toBeGreaterThan(10);
      await broker.restart();
      await until(() => d.status().state === 'connected' && gateway.connected, 'both to reconnect', 8000);
      await sleep(200);
      clearInterval(tick);
      const sent = n;
      await until(() => gateway.stats().queued === 0, 'the gateway backlog to drain', 5000);
      await until(() => seqs.size >= sent, `all ${sent} readings at the console`, 8000).catch(
        (error: Error) => {
          const lost = [...Array(sent).keys()].filter((k) => !seqs.has(k));
          throw new Error(
            `${error.message}: lost ${lost.join(' ')}; killed after ${killedAfter}; gateway ${JSON.stringify(gateway.stats())}`,
          );
        },
      );
      expect([...seqs].sort((a, b) => a - b)).toEqual([...Array(sent).keys()]);
      expect(gateway.stats().dropped).toBe(0);
      // the replay after reconnecting resent the last seconds; the driver dropped those it had (same source time)
      expect(gateway.replayed).toBeGreaterThan(0);
      expect(duplicates).toBe(0);
      await until(() => alarms.alarm('bus.comms')?.active === false, 'the alarm to clear', 3000);
      expect(d.status().counters.reconnects).toBeGreaterThanOrEqual(1);
    } finally {
      clearInterval(tick);
      await gateway.stop();
      await d.stop();
      alarms.dispose();
    }
  });
});
