import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { ConnectionView } from '../../../shared/operations';
import {
  addBindings,
  emptyForm,
  formFromConnection,
  formToSettings,
  formatRetry,
  nodeClassName,
  suggestPoint,
  tagMapFormat,
  validPoint,
} from './connectionForm';

describe('connection form → settings', () => {
  it('builds Modbus TCP settings with numbers', () => {
    const form = emptyForm('modbus');
    form.id = 'plant';
    form.modbus.port = '5020';
    expect(formToSettings(form)).toEqual({
      ok: true,
      settings: {
        id: 'plant',
        protocol: 'modbus',
        transport: { kind: 'tcp', host: '127.0.0.1', port: 5020 },
        pollMs: 1000,
        timeoutMs: 1000,
        retries: 1,
      },
    });
  });

  it('builds Modbus RTU settings', () => {
    const form = emptyForm('modbus');
    form.id = 'rtu';
    Object.assign(form.modbus, {
      kind: 'rtu',
      path: '/dev/ttyUSB0',
      baudRate: '19200',
      parity: 'even',
      stopBits: '2',
    });
    const result = formToSettings(form);
    expect(result.ok && result.settings.transport).toEqual({
      kind: 'rtu',
      path: '/dev/ttyUSB0',
      baudRate: 19200,
      parity: 'even',
      dataBits: 8,
      stopBits: 2,
    });
  });

  it('names the field it cannot read', () => {
    const form = emptyForm('modbus');
    expect(formToSettings(form)).toMatchObject({ ok: false, field: 'id' });
    form.id = 'x';
    form.modbus.port = '50a';
    expect(formToSettings(form)).toEqual({
      ok: false,
      field: 'modbus.port',
      message: 'Port must be a whole number',
    });
  });

  it('leaves empty optional MQTT fields out and adds TLS when asked', () => {
    const form = emptyForm('mqtt');
    form.id = 'broker';
    form.mqtt.tls = true;
    expect(formToSettings(form)).toEqual({
      ok: true,
      settings: {
        id: 'broker',
        protocol: 'mqtt',
        url: 'mqtt://127.0.0.1:1883',
        tls: { rejectUnauthorized: true },
      },
    });
  });

  it('builds OPC UA settings with a user only when one is given', () => {
    const form = emptyForm('opcua');
    form.id = 'ua';
    form.opcua.securityMode = 'SignAndEncrypt';
    form.opcua.securityPolicy = 'Basic256Sha256';
    form.opcua.userName = 'op';
    form.opcua.password = 'pw';
    expect(formToSettings(form)).toEqual({
      ok: true,
      settings: {
        id: 'ua',
        protocol: 'opcua',
        endpointUrl: 'opc.tcp://127.0.0.1:4840/aqueduct',
        securityMode: 'SignAndEncrypt',
        securityPolicy: 'Basic256Sha256',
        user: { name: 'op', password: 'pw' },
        publishingIntervalMs: 1000,
      },
    });
  });

  it('starts an edit from the settings it was added with, or from the row', () => {
    const view: ConnectionView = {
      id: 'plant',
      protocol: 'modbus',
      endpoint: 'tcp://10.0.0.5:5020',
      state: 'connected',
      since: 0,
      counters: { samples: 0, reads: 0, writes: 0, errors: 0, reconnects: 0 },
      tags: 3,
      notGood: 0,
    };
    const fromRow = formFromConnection(view);
    expect([fromRow.id, fromRow.modbus.host, fromRow.modbus.port]).toEqual(['plant', '10.0.0.5', '5020']);
    const form = emptyForm('modbus');
    form.id = 'plant';
    form.modbus.pollMs = '250';
    const saved = formToSettings(form);
    if (!saved.ok) throw new Error('settings');
    const again = formFromConnection(view, saved.settings);
    expect(formToSettings(again)).toEqual(saved);
  });
});

describe('tag maps from the address space', () => {
  it('suggests a point from a string node id that reads like one', () => {
    expect(suggestPoint('ns=1;s=pump.PU-1.speed')).toBe('pump.PU-1.speed');
    expect(suggestPoint('ns=1;i=2045')).toBe('');
    expect(validPoint('node.J-12.pressure')).toBe(true);
    expect(validPoint('pressure')).toBe(false);
    expect([nodeClassName('2'), nodeClassName('1'), nodeClassName('Variable')]).toEqual([
      'Variable',
      'Object',
      'Variable',
    ]);
  });

  it('builds a new map from bindings', () => {
    const map = addBindings(null, [{ point: 'pump.PU-1.speed', nodeId: 'ns=1;s=pump.PU-1.speed' }], 'ua');
    expect(map.fileName).toBe('ua-tags.yaml');
    expect(parse(map.text)).toEqual({
      version: 1,
      tags: [{ point: 'pump.PU-1.speed', opcua: { nodeId: 'ns=1;s=pump.PU-1.speed' } }],
    });
  });

  it('adds to a picked YAML or JSON map, rebinding a point already there', () => {
    const yaml = {
      fileName: 'station.yaml',
      text: 'version: 1\nrevision: r2\ntags:\n  - point: node.J-1.pressure\n    opcua: { nodeId: "ns=1;i=1" }\n',
    };
    const next = addBindings(
      yaml,
      [
        { point: 'node.J-1.pressure', nodeId: 'ns=1;i=9' },
        { point: 'tank.T-1.level', nodeId: 'ns=1;i=2' },
      ],
      'ua',
    );
    expect(parse(next.text)).toEqual({
      version: 1,
      revision: 'r2',
      tags: [
        { point: 'node.J-1.pressure', opcua: { nodeId: 'ns=1;i=9' } },
        { point: 'tank.T-1.level', opcua: { nodeId: 'ns=1;i=2' } },
      ],
    });
    const json = addBindings(
      { fileName: 'm.json', text: '{"version":1,"tags":[]}' },
      [{ point: 'a.b.c', nodeId: 'ns=1;i=3' }],
      'ua',
    );
    expect(JSON.parse(json.text).tags).toEqual([{ point: 'a.b.c', opcua: { nodeId: 'ns=1;i=3' } }]);
  });

  it('refuses to put OPC UA tags into a CSV register list', () => {
    expect(() =>
      addBindings(
        { fileName: 'regs.csv', text: 'point,table,address\n' },
        [{ point: 'a.b.c', nodeId: 'x=1' }],
        'ua',
      ),
    ).toThrow(/CSV/);
  });

  it('tells the formats and the retry countdown', () => {
    expect([
      tagMapFormat('a.CSV'),
      tagMapFormat('a.yml'),
      tagMapFormat('a.json'),
      tagMapFormat('a.txt'),
    ]).toEqual(['csv', 'yaml', 'json', null]);
    expect(formatRetry(1500)).toBe('1.5 s');
    expect(formatRetry(undefined)).toBe('—');
  });
});
