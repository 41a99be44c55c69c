// Our node-opcua client driver against node-opcua servers: the plant's (anonymous, all security
// modes) and a second one configured differently (SignAndEncrypt only, username/password, an
// untrusted certificate until an engineer trusts it). Monitored items, writes, a method call,
// browsing, endpoint discovery, bad status codes, and a server restart mid-run.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlarmEngine, defineAlarm } from '../../main/alarms';
import { systemClock } from '../../main/core/system-clock';
import { statusPoint, type TagSample } from '../driver';
import { Backoff } from '../driver-base';
import { parseTagMap } from '../tags/parse';
import { freePort, TcpRelay, until } from '../testing/peers';
import { OpcuaDriver } from './client';
import { discoverEndpoints, listCertificates, setCertificateTrust } from './discovery';
import { opcuaNodeId, OpcuaTagServer } from './server';

const serverTags = parseTagMap(
  `version: 1
tags:
  - { point: node.J1.pressure, modbus: { table: input, address: 0 }, units: m }
  - { point: pump.P1.speed, modbus: { table: holding, address: 0 }, access: readwrite, units: "%" }
  - { point: pump.P1.running, modbus: { table: coil, address: 0 }, type: bool, access: readwrite }
`,
  'plant.yaml',
).tags;
const clientTags = parseTagMap(
  `version: 1
tags:
  - { point: node.J1.pressure, opcua: { nodeId: "ns=1;s=node.J1.pressure", samplingMs: 100 }, units: m }
  - { point: pump.P1.speed, opcua: { nodeId: "ns=1;s=pump.P1.speed", samplingMs: 100 }, access: readwrite }
  - { point: pump.P1.running, opcua: { nodeId: "ns=1;s=pump.P1.running", samplingMs: 100 }, type: bool, access: readwrite }
  - { point: node.J404.pressure, opcua: { nodeId: "ns=1;s=node.J404.pressure", samplingMs: 100 } }
`,
  'console.yaml',
).tags;

const temp = (name: string) => mkdtempSync(join(tmpdir(), `aq-opcua-${name}-`));

describe('OPC UA client driver against node-opcua servers', () => {
  let plant: OpcuaTagServer;
  const written: [string, number | boolean][] = [];
  beforeAll(async () => {
    plant = new OpcuaTagServer({
      port: await freePort(),
      clock: systemClock,
      pkiFolder: temp('plant-pki'),
      tags: serverTags,
      onWrite: (tag, value) => written.push([tag.point, value]),
      onCommand: (target, action, value) => `applied: ${action} ${target} ${value}`,
    });
    await plant.start();
    plant.set('node.J1.pressure', 42.5, new Date(Date.UTC(2026, 0, 5, 1)));
  });
  afterAll(async () => plant?.stop());
  const clientPki = temp('client-pki');

  it('monitors items with source timestamps, writes, calls a method, browses, and reports a bad node', async () => {
    const d = new OpcuaDriver(systemClock, {
      id: 'plant',
      endpointUrl: plant.endpointUrl,
      tags: clientTags,
      pkiFolder: clientPki,
      publishingIntervalMs: 100,
    });
    const got = new Map<string, TagSample>();
    d.onSamples((s) => s.forEach((x) => got.set(x.point, x)));
    d.start();
    try {
      await until(() => got.get('node.J1.pressure')?.value === 42.5, 'the monitored pressure', 20_000);
      expect(got.get('node.J1.pressure')).toMatchObject({
        quality: 'good',
        sourceTime: Date.UTC(2026, 0, 5, 1),
      });
      expect(got.get('node.J404.pressure')).toMatchObject({
        quality: 'bad',
        reason: 'opcua: BadNodeIdUnknown',
      });
      plant.set('node.J1.pressure', 40, new Date());
      await until(() => got.get('node.J1.pressure')?.value === 40, 'a change to arrive');
      expect(await d.write('pump.P1.speed', 87.5)).toMatchObject({ confirmed: true, detail: 'Good' });
      await d.write('pump.P1.running', true);
      expect(written).toEqual([
        ['pump.P1.speed', 87.5],
        ['pump.P1.running', true],
      ]);
      await expect(d.write('node.J1.pressure', 1)).rejects.toThrow(/read-only/);
      const call = (method: string) =>
        d.call('ns=1;s=Plant.Station', method, [
          { dataType: 'String', value: 'PU-3' },
          { dataType: 'String', value: 'start' },
          { dataType: 'Double', value: 100 },
        ]);
      expect(await call('ns=1;s=Plant.Command')).toEqual(['applied: start PU-3 100']);
      await expect(call('ns=1;s=Plant.NoSuchMethod')).rejects.toThrow(/Bad/);
      const objects = await d.browse();
      const plantFolder = objects.find((e) => e.browseName.endsWith('Plant'))!;
      expect(plantFolder).toBeDefined();
      const kinds = await d.browse(plantFolder.nodeId);
      expect(kinds.map((k) => k.displayName).sort()).toEqual(expect.arrayContaining(['node', 'pump']));
      const pump = await d.browse(kinds.find((k) => k.displayName === 'pump')!.nodeId);
      const p1 = await d.browse(pump.find((k) => k.displayName === 'P1')!.nodeId);
      expect(
        p1
          .filter((e) => e.isVariable)
          .map((e) => e.nodeId)
          .sort(),
      ).toEqual([opcuaNodeId('pump.P1.running'), opcuaNodeId('pump.P1.speed')]);
      expect(
        (await discoverEndpoints(plant.endpointUrl, clientPki)).map((e) => e.securityMode).sort(),
      ).toEqual(expect.arrayContaining(['None', 'Sign', 'SignAndEncrypt']));
    } finally {
      await d.stop();
    }
  });

  it('server restarted mid-run: bad with reason, comms-loss alarm, reconnection, values good again', async () => {
    const alarms = new AlarmEngine({
      clock: systemClock,
      alarms: [
        defineAlarm({
          id: 'plant.comms',
          tag: statusPoint('plant'),
          type: 'comms_loss',
          afterS: 2,
          priority: 2,
          message: 'no data from {tag}',
        }),
      ],
    });
    const d = new OpcuaDriver(systemClock, {
      id: 'plant',
      endpointUrl: plant.endpointUrl,
      tags: clientTags.slice(0, 3),
      pkiFolder: clientPki,
      publishingIntervalMs: 100,
    });
    d.onSamples((s) => s.forEach((x) => alarms.update(x.point, x.value ?? 0, x.quality, x.sourceTime)));
    d.start();
    try {
      await until(
        () => d.latest().find((s) => s.point === 'node.J1.pressure')?.quality === 'good',
        'first values',
        20_000,
      );
      await plant.stop();
      await until(
        () => d.latest().find((s) => s.point === 'node.J1.pressure')?.quality === 'bad',
        'bad quality',
        15_000,
      );
      expect(d.latest().find((s) => s.point === 'node.J1.pressure')!.reason).toMatch(/^comms: /);
      await until(() => alarms.alarm('plant.comms')?.active === true, 'the comms-loss alarm', 5000);
      await plant.start();
      plant.set('node.J1.pressure', 39, new Date());
      await until(() => d.status().state === 'connected', 'reconnection', 30_000);
      await until(
        () => d.latest().find((s) => s.point === 'node.J1.pressure')?.value === 39,
        'values after reconnection',
        15_000,
      );
      expect(d.status().counters.reconnects).toBeGreaterThanOrEqual(1);
      await until(() => alarms.alarm('plant.comms')?.active === false, 'the alarm to clear', 5000);
    } finally {
      await d.stop();
      alarms.dispose();
    }
  });

  it('the cable is cut while the server runs: the session and its subscription are kept and values flow again', async () => {
    const relay = await new TcpRelay(Number(new URL(plant.endpointUrl).port)).start();
    // the endpoint the server announces differs from the relay's address: endpointMustExist is off
    const d = new OpcuaDriver(systemClock, {
      id: 'cable',
      endpointUrl: `opc.tcp://127.0.0.1:${relay.port}/aqueduct`,
      tags: clientTags.slice(0, 1),
      pkiFolder: clientPki,
      publishingIntervalMs: 100,
    });
    const seen: TagSample[] = [];
    d.onSamples((s) => seen.push(...s.filter((x) => x.point === 'node.J1.pressure')));
    d.start();
    try {
      plant.set('node.J1.pressure', 44, new Date());
      await until(() => seen.at(-1)?.value === 44, 'a first value', 20_000);
      const sessionId = (
        d as unknown as { session: { sessionId: { toString(): string } } }
      ).session.sessionId.toString();
      relay.cut();
      await until(() => seen.at(-1)?.quality === 'bad', 'bad quality while the cable is cut', 10_000);
      expect(seen.at(-1)!.reason).toBe('comms: connection lost');
      plant.set('node.J1.pressure', 45, new Date());
      await until(
        () =>
          d.status().state === 'connected' && seen.at(-1)?.value === 45 && seen.at(-1)?.quality === 'good',
        'values after the reconnection',
        30_000,
      );
      // node-opcua reactivated the same session on the new channel: no new session, same subscription
      const after = (
        d as unknown as { session: { sessionId: { toString(): string } } }
      ).session.sessionId.toString();
      expect(after).toBe(sessionId);
      expect(d.status().counters.reconnects).toBe(1);
    } finally {
      await d.stop();
      await relay.close();
    }
  });

  it('Sign mode with a server certificate accepted at commissioning', async () => {
    const d = new OpcuaDriver(systemClock, {
      id: 'signed',
      endpointUrl: plant.endpointUrl,
      tags: clientTags.slice(0, 1),
      pkiFolder: temp('sign-client-pki'),
      securityMode: 'Sign',
      acceptUnknownServer: true,
    });
    d.start();
    try {
      await until(() => d.status().state === 'connected', 'a signed session', 30_000);
      expect((await d.read(['node.J1.pressure']))[0]).toMatchObject({ quality: 'good' });
    } finally {
      await d.stop();
    }
  });

  it('a SignAndEncrypt server with users: untrusted until trusted, wrong password refused, then connected', async () => {
    const secure = new OpcuaTagServer({
      port: await freePort(),
      clock: systemClock,
      pkiFolder: temp('secure-pki'),
      tags: serverTags,
      securityModes: ['SignAndEncrypt'],
      users: { operator: 'pump-house-7' },
      applicationName: 'Second station',
    });
    await secure.start();
    const pki = temp('secure-client-pki');
    const make = (password: string) =>
      new OpcuaDriver(systemClock, {
        id: 'secure',
        endpointUrl: secure.endpointUrl,
        tags: clientTags.slice(0, 1),
        pkiFolder: pki,
        securityMode: 'SignAndEncrypt',
        user: { name: 'operator', password },
        backoff: new Backoff(300, 600),
      });
    let d = make('pump-house-7');
    try {
      d.start();
      await until(() => d.status().lastError !== undefined, 'the first refusal', 30_000);
      expect(d.status().lastError!.message).toMatch(/certificate/i);
      await d.stop();
      const rejected = (await listCertificates(pki)).filter((c) => c.status === 'rejected');
      expect(rejected.length).toBe(1);
      await setCertificateTrust(pki, rejected[0]!.file, true);
      expect((await listCertificates(pki)).map((c) => c.status)).toContain('trusted');
      const wrong = make('guess');
      wrong.start();
      await until(
        () => /user or password|BadUserAccessDenied|Identity/i.test(wrong.status().lastError?.message ?? ''),
        'the password refusal',
        30_000,
      );
      await wrong.stop();
      d = make('pump-house-7');
      d.start();
      await until(() => d.status().state === 'connected', 'the secure session', 30_000);
    } finally {
      await d.stop();
      await secure.stop();
    }
  });
});
