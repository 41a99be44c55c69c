// Tag maps: YAML/JSON and CSV, codecs for every data type and order, scaling, and the errors a
// commissioning engineer sees (file, line, field), never a crash on random register contents.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DATA_TYPES, decodeRegisters, DecodeError, encodeRegisters, registerCount } from './codec';
import { parseModbusCsv, parseTagMap, TagMapError, toModbusCsv } from './parse';
import { toEngineering, toRaw } from './scaling';
import { decodeTagRegisters } from './value';

describe('codecs', () => {
  it('lay values out in the four word/byte orders PLCs use', () => {
    // 3.5f = 0x40600000: ABCD big/big, CDAB little words, BADC little bytes, DCBA both
    expect(encodeRegisters(3.5, 'float32', 'big', 'big')).toEqual([0x4060, 0x0000]);
    expect(encodeRegisters(3.5, 'float32', 'little', 'big')).toEqual([0x0000, 0x4060]);
    expect(encodeRegisters(3.5, 'float32', 'big', 'little')).toEqual([0x6040, 0x0000]);
    expect(encodeRegisters(3.5, 'float32', 'little', 'little')).toEqual([0x0000, 0x6040]);
    expect(encodeRegisters(-2, 'int16', 'big', 'big')).toEqual([0xfffe]);
    expect(encodeRegisters(0x12345678, 'uint32', 'big', 'big')).toEqual([0x1234, 0x5678]);
    expect(decodeRegisters([0x5678, 0x1234], 'uint32', 'little', 'big')).toBe(0x12345678);
    expect(decodeRegisters([0x3ff0, 0, 0, 0], 'float64', 'big', 'big')).toBe(1);
    expect(decodeRegisters([1], 'bool', 'big', 'big')).toBe(true);
  });

  it('round-trip every integer type and order', () => {
    const ranges = {
      int16: [-0x8000, 0x7fff],
      uint16: [0, 0xffff],
      int32: [-0x80000000, 0x7fffffff],
      uint32: [0, 0xffffffff],
    } as const;
    for (const [type, [min, max]] of Object.entries(ranges)) {
      fc.assert(
        fc.property(
          fc.integer({ min, max }),
          fc.constantFrom('big', 'little'),
          fc.constantFrom('big', 'little'),
          (v, w, b) => {
            const t = type as keyof typeof ranges;
            expect(decodeRegisters(encodeRegisters(v, t, w, b), t, w, b)).toBe(v);
          },
        ),
      );
    }
  });

  it('refuse out-of-range writes rather than wrapping a setpoint round', () => {
    expect(() => encodeRegisters(70_000, 'uint16', 'big', 'big')).toThrow(/outside the uint16 range/);
    expect(() => encodeRegisters(-1, 'uint32', 'big', 'big')).toThrow(DecodeError);
    expect(() => encodeRegisters(Number.NaN, 'int16', 'big', 'big')).toThrow(DecodeError);
  });

  it('fuzz: random register contents decode or fail with a DecodeError, never anything else', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: 0, max: 0xffff }), fc.integer(), fc.double()), { maxLength: 6 }),
        fc.constantFrom(...DATA_TYPES),
        fc.constantFrom('big', 'little'),
        fc.constantFrom('big', 'little'),
        (words, type, w, b) => {
          const tag = {
            point: 'x.y.z',
            type,
            wordOrder: w,
            byteOrder: b,
            scale: { factor: 0.1, offset: 2 },
          } as never;
          try {
            const v = decodeTagRegisters(tag, words);
            expect(words.length).toBe(registerCount(type));
            expect(typeof v === 'boolean' || Number.isFinite(v)).toBe(true);
          } catch (error) {
            expect(error).toBeInstanceOf(DecodeError);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('scaling', () => {
  it('maps a raw span to engineering units and back', () => {
    const card = { kind: 'linear' as const, rawMin: 0, rawMax: 27648, euMin: 0, euMax: 10, clamp: false };
    expect(toEngineering(13824, card)).toBe(5);
    expect(toRaw(5, card)).toBe(13824);
    expect(toEngineering(30000, { ...card, clamp: true })).toBe(10);
    expect(toEngineering(473, { kind: 'factor', factor: 0.1, offset: -5 })).toBeCloseTo(42.3, 9);
  });
});

describe('tag map files', () => {
  const yaml = `version: 1
revision: north-v3
tags:
  - point: pump.P1.speed
    modbus: { unit: 2, table: holding, address: 100 }
    type: float32
    wordOrder: little
    units: "%"
    access: readwrite
  - point: node.J12.pressure
    mqtt: { topic: site/+/j12, path: $.data.p }
    units: m
    deadband: 0.05
`;

  it('reads YAML with defaults filled in', () => {
    const map = parseTagMap(yaml, 'north.yaml');
    expect(map.revision).toBe('north-v3');
    expect(map.tags[0]).toMatchObject({
      point: 'pump.P1.speed',
      modbus: { unit: 2, table: 'holding', address: 100 },
      wordOrder: 'little',
      byteOrder: 'big',
    });
    expect(map.tags[1]).toMatchObject({
      mqtt: { topic: 'site/+/j12', path: '$.data.p', qos: 1 },
      deadband: 0.05,
      access: 'read',
    });
  });

  it('reads the same map as JSON', () => {
    const json = JSON.stringify({
      version: 1,
      tags: [{ point: 'tank.T1.level', opcua: { nodeId: 'ns=1;s=T1.level' } }],
    });
    expect(parseTagMap(json, 'm.json').tags[0]!.opcua).toEqual({
      nodeId: 'ns=1;s=T1.level',
      samplingMs: 1000,
    });
  });

  it.each([
    [
      yaml.replace('type: float32', 'type: float'),
      /^north\.yaml: line 6 \(tags\[0\]\.type\): Invalid option/,
    ],
    [yaml.replace('address: 100', 'address: 70000'), /^north\.yaml: line 5 \(tags\[0\]\.modbus\.address\)/],
    [
      yaml.replace('    mqtt: { topic: site/+/j12, path: $.data.p }\n', ''),
      /line 10 \(tags\[1\]\): a tag needs exactly one address .* has none/,
    ],
    [
      yaml.replace('node.J12.pressure', 'pump.P1.speed'),
      /line 10 \(tags\[1\]\.point\): pump\.P1\.speed is already mapped by tags\[0\]/,
    ],
    [yaml.replace('version: 1', 'version: 2'), /line 1 \(version\): version must be 1/],
    [yaml.replace('units: m', 'units: [m'), /^north\.yaml: line \d+: /],
    [
      yaml.replace('point: pump.P1.speed', 'point: speed'),
      /line 4 \(tags\[0\]\.point\): a point reads kind\.element\.quantity/,
    ],
  ])('points at the line and field of a mistake (%#)', (text, message) => {
    expect(() => parseTagMap(text, 'north.yaml')).toThrow(TagMapError);
    expect(() => parseTagMap(text, 'north.yaml')).toThrow(message);
  });

  it('imports an integrator CSV register list, Modicon numbering included', () => {
    const csv = [
      '# PLC-07 register map, delivered 2026-11-02',
      'Point,Unit,Table,Address,Type,Word Order,Factor,Units,Access',
      'pump.P1.speed,1,holding,0,float32,little,,%,readwrite',
      'node.J1.pressure,1,,30001,uint16,,0.1,m,read',
      '"valve.V1.open",3,coil,7,,,,,readwrite',
      '',
    ].join('\n');
    const map = parseModbusCsv(csv, 'plc07.csv');
    expect(map.tags.map((t) => [t.point, t.modbus, t.type])).toEqual([
      ['pump.P1.speed', { unit: 1, table: 'holding', address: 0 }, 'float32'],
      ['node.J1.pressure', { unit: 1, table: 'input', address: 0 }, 'uint16'],
      ['valve.V1.open', { unit: 3, table: 'coil', address: 7 }, 'bool'],
    ]);
    expect(map.tags[1]!.scale).toEqual({ factor: 0.1, offset: 0 });
    // and what we write reads back the same
    expect(parseModbusCsv(toModbusCsv(map), 'again.csv').tags).toEqual(map.tags);
  });

  it.each([
    ['point,table,address,type\npump.P1.speed,holding,0,float\n', /^m\.csv: line 2 \(type\): Invalid option/],
    ['point,table,address\npump.P1.speed,holding,x\n', /^m\.csv: line 2 \(address\): "x" is not a number/],
    [
      'point,table,address,access\nx.y.z,holding,1\nnode.J1.p,input,0,write\n',
      /^m\.csv: line 3 \(access\): Modbus input is read-only/,
    ],
    ['point,tabel,address\n', /^m\.csv: line 1 \(tabel\): unknown column/],
    ['point,address\nx.y.z,60000\n', /line 2 \(address\): 60000 is not a Modicon address/],
    ['point,table,address\nx.y.z,coil,1,extra\n', /line 2: 4 cells but the header on line 1 has 3/],
    ['point,table,address\n"x.y.z,coil,1\n', /line 2: unterminated quoted cell/],
  ])('CSV mistakes name the line and the column (%#)', (text, message) => {
    expect(() => parseModbusCsv(text, 'm.csv')).toThrow(message);
  });

  it('fuzz: random text is refused with a TagMapError, never a crash', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        for (const parse of [parseTagMap, parseModbusCsv]) {
          try {
            parse(text, 'fuzz');
          } catch (error) {
            expect(error).toBeInstanceOf(TagMapError);
          }
        }
      }),
      { numRuns: 500 },
    );
  });
});
