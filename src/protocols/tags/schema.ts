// The tag map: which agent point (pump.PU-1.speed, node.J12.pressure) lives at which protocol
// address, in which data type and byte order, with which scaling and units, read or written.
// Versioned (`version` is the file format, `revision` the integrator's own label) so a station
// can be recommissioned and the console can tell which map it runs on.
import { z } from 'zod';
import { DATA_TYPES, type DataType } from './codec';
import type { Scaling } from './scaling';

export const TAG_MAP_VERSION = 1;

/** agent points: kind.element.quantity (element ids may contain dashes and dots are separators) */
const Point = z
  .string()
  .regex(/^[A-Za-z][\w-]*\.[\w-]+(\.[\w-]+)+$/, 'a point reads kind.element.quantity, e.g. pump.P1.speed');

export const ModbusTable = z.enum(['coil', 'discrete', 'input', 'holding']);
export type ModbusTable = z.infer<typeof ModbusTable>;

const ModbusAddress = z
  .object({
    unit: z.number().int().min(0).max(255).default(1),
    table: ModbusTable,
    /** 0-based protocol address (register 40001 is holding 0) */
    address: z.number().int().min(0).max(65535),
  })
  .strict();

const MqttAddress = z
  .object({
    /** topic filter; + and # wildcards allowed */
    topic: z.string().min(1).max(512),
    /** where the value is in a JSON payload: '$.data.pressure', 'values[0].v'; omitted = the payload itself */
    path: z.string().max(256).optional(),
    /** where the source timestamp is (ISO text or ms since epoch); omitted = arrival time */
    timePath: z.string().max(256).optional(),
    qos: z.union([z.literal(0), z.literal(1), z.literal(2)]).default(1),
    /** topic writes go to; required for write access */
    writeTopic: z.string().min(1).max(512).optional(),
    retain: z.boolean().default(false),
  })
  .strict();

const SparkplugAddress = z
  .object({
    group: z.string().min(1),
    node: z.string().min(1),
    device: z.string().min(1).optional(),
    metric: z.string().min(1),
  })
  .strict();

const OpcuaAddress = z
  .object({
    nodeId: z.string().min(3).max(512),
    samplingMs: z.number().int().min(0).max(3_600_000).default(1000),
  })
  .strict();

const ScaleSchema = z.union([
  z
    .object({
      rawMin: z.number(),
      rawMax: z.number(),
      euMin: z.number(),
      euMax: z.number(),
      clamp: z.boolean().default(false),
    })
    .strict()
    .refine((s) => s.rawMin !== s.rawMax, 'rawMin and rawMax must differ'),
  z
    .object({
      factor: z.number().refine((f) => f !== 0, 'factor must not be 0'),
      offset: z.number().default(0),
    })
    .strict(),
]);

export const TagSchema = z
  .object({
    point: Point,
    modbus: ModbusAddress.optional(),
    mqtt: MqttAddress.optional(),
    sparkplug: SparkplugAddress.optional(),
    opcua: OpcuaAddress.optional(),
    type: z.enum(DATA_TYPES as [DataType, ...DataType[]]).default('float32'),
    wordOrder: z.enum(['big', 'little']).default('big'),
    byteOrder: z.enum(['big', 'little']).default('big'),
    scale: ScaleSchema.optional(),
    units: z.string().max(32).default(''),
    access: z.enum(['read', 'write', 'readwrite']).default('read'),
    /** engineering units; changes smaller than this are not passed on */
    deadband: z.number().min(0).default(0),
    /** seconds without an update before the value goes uncertain ('stale'); 0 = never */
    staleAfterS: z.number().min(0).default(0),
  })
  .strict()
  .superRefine((t, ctx) => {
    const addresses = (['modbus', 'mqtt', 'sparkplug', 'opcua'] as const).filter((k) => t[k] !== undefined);
    if (addresses.length !== 1)
      ctx.addIssue({
        code: 'custom',
        message: `a tag needs exactly one address (modbus, mqtt, sparkplug or opcua), has ${addresses.length ? addresses.join(' and ') : 'none'}`,
      });
    const bitTable = t.modbus && (t.modbus.table === 'coil' || t.modbus.table === 'discrete');
    if (bitTable && t.type !== 'bool')
      ctx.addIssue({
        code: 'custom',
        path: ['type'],
        message: `a ${t.modbus!.table} holds a bool, not ${t.type}`,
      });
    const readOnlyTable = t.modbus && (t.modbus.table === 'discrete' || t.modbus.table === 'input');
    if (readOnlyTable && t.access !== 'read')
      ctx.addIssue({ code: 'custom', path: ['access'], message: `Modbus ${t.modbus!.table} is read-only` });
    if (t.mqtt && t.access !== 'read' && !t.mqtt.writeTopic)
      ctx.addIssue({
        code: 'custom',
        path: ['mqtt', 'writeTopic'],
        message: 'a writable MQTT tag needs writeTopic',
      });
  });

export const TagMapSchema = z
  .object({
    version: z.literal(TAG_MAP_VERSION, { message: `version must be ${TAG_MAP_VERSION}` }),
    revision: z.string().max(128).default(''),
    tags: z.array(TagSchema).max(200_000),
  })
  .strict()
  .superRefine((m, ctx) => {
    const seen = new Map<string, number>();
    m.tags.forEach((t, i) => {
      const first = seen.get(t.point);
      if (first !== undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['tags', i, 'point'],
          message: `${t.point} is already mapped by tags[${first}]`,
        });
      else seen.set(t.point, i);
    });
  });

export type TagDefinition = z.output<typeof TagSchema>;
export type TagMap = z.output<typeof TagMapSchema>;

export function scalingOf(tag: TagDefinition): Scaling {
  const s = tag.scale;
  if (!s) return { kind: 'none' };
  if ('factor' in s) return { kind: 'factor', factor: s.factor, offset: s.offset };
  return { kind: 'linear', ...s };
}

export const canRead = (t: TagDefinition) => t.access !== 'write';
export const canWrite = (t: TagDefinition) => t.access !== 'read';
