// The console's field connections: each one a driver made from a validated configuration and a
// tag map, kept running, listed with live status for the Connections view, tested before it is
// saved, browsed (OPC UA), and watched (tag monitor). The core wires onSamples to the bus,
// the historian and the alarm engine, and onStatus to the renderer's pushes.
import { z } from 'zod';
import type { Clock } from '../agents/runtime/clock';
import { type Driver, type DriverStatus, type TagSample } from './driver';
import { Backoff } from './driver-base';
import { ModbusDriver } from './modbus/master';
import { MqttDriver } from './mqtt/driver';
import { SparkplugDriver } from './mqtt/sparkplug';
import { OpcuaDriver, type BrowseEntry } from './opcua/client';
import {
  discoverEndpoints,
  listCertificates,
  setCertificateTrust,
  type CertificateEntry,
  type DiscoveredEndpoint,
} from './opcua/discovery';
import type { TagDefinition } from './tags/schema';

const Id = z.string().regex(/^[\w-]{1,64}$/, 'letters, digits, _ and - (at most 64)');
const Port = z.number().int().min(1).max(65535);
const mqttCommon = {
  url: z.string().regex(/^mqtts?:\/\/[^\s]+$/, 'mqtt://host:port or mqtts://host:port'),
  username: z.string().optional(),
  password: z.string().optional(),
  clientId: z.string().min(1).max(128).optional(),
  tls: z
    .object({
      ca: z.string().optional(),
      cert: z.string().optional(),
      key: z.string().optional(),
      rejectUnauthorized: z.boolean().default(true),
    })
    .optional(),
};

export const ConnectionConfig = z.discriminatedUnion('protocol', [
  z
    .object({
      id: Id,
      protocol: z.literal('modbus'),
      transport: z.discriminatedUnion('kind', [
        z.object({ kind: z.literal('tcp'), host: z.string().min(1), port: Port.default(502) }),
        z.object({
          kind: z.literal('rtu'),
          path: z.string().min(1),
          baudRate: z.number().int().positive().default(9600),
          parity: z.enum(['none', 'even', 'odd']).default('none'),
          dataBits: z.union([z.literal(7), z.literal(8)]).default(8),
          stopBits: z.union([z.literal(1), z.literal(2)]).default(1),
        }),
      ]),
      pollMs: z.number().int().min(10).default(1000),
      unitPollMs: z.record(z.string().regex(/^\d+$/), z.number().int().min(10)).default({}),
      timeoutMs: z.number().int().min(10).max(60_000).default(1000),
      retries: z.number().int().min(0).max(10).default(1),
    })
    .strict(),
  z.object({ id: Id, protocol: z.literal('mqtt'), ...mqttCommon }).strict(),
  z.object({ id: Id, protocol: z.literal('sparkplug'), ...mqttCommon }).strict(),
  z
    .object({
      id: Id,
      protocol: z.literal('opcua'),
      endpointUrl: z.string().regex(/^opc\.tcp:\/\/[^\s]+$/, 'opc.tcp://host:port/path'),
      securityMode: z.enum(['None', 'Sign', 'SignAndEncrypt']).default('None'),
      securityPolicy: z
        .enum(['None', 'Basic256Sha256', 'Aes128_Sha256_RsaOaep', 'Aes256_Sha256_RsaPss'])
        .optional(),
      user: z.object({ name: z.string().min(1), password: z.string() }).optional(),
      publishingIntervalMs: z.number().int().min(50).default(1000),
    })
    .strict(),
]);
export type ConnectionConfig = z.input<typeof ConnectionConfig>;

/** one row of the Connections view */
export interface ConnectionSummary extends DriverStatus {
  tags: number;
  /** points that are not good right now */
  notGood: number;
}

export interface ConnectionTestResult {
  ok: boolean;
  /** 'connected in 35 ms', or the reason it could not */
  detail: string;
  ms: number;
}

export function createDriver(
  raw: ConnectionConfig,
  tags: readonly TagDefinition[],
  clock: Clock,
  pkiFolder: string,
  backoff?: Backoff,
): Driver {
  const c = ConnectionConfig.parse(raw);
  switch (c.protocol) {
    case 'modbus':
      return new ModbusDriver(clock, {
        ...c,
        tags,
        unitPollMs: Object.fromEntries(Object.entries(c.unitPollMs).map(([u, ms]) => [Number(u), ms])),
        ...(backoff ? { backoff } : {}),
      });
    case 'mqtt':
      return new MqttDriver(clock, { ...c, tags, ...(backoff ? { backoff } : {}) });
    case 'sparkplug':
      return new SparkplugDriver(clock, { ...c, tags, ...(backoff ? { backoff } : {}) });
    case 'opcua':
      return new OpcuaDriver(clock, { ...c, tags, pkiFolder, ...(backoff ? { backoff } : {}) });
  }
}

export class ConnectionManager {
  private readonly drivers = new Map<
    string,
    { driver: Driver; tags: readonly TagDefinition[]; stop: (() => void)[] }
  >();
  private readonly statusListeners = new Set<(s: ConnectionSummary) => void>();
  private readonly sampleListeners = new Set<(connection: string, s: TagSample[]) => void>();

  constructor(
    private readonly clock: Clock,
    /** the OPC UA client PKI, in the console's data folder */
    private readonly pkiFolder: string,
  ) {}

  add(config: ConnectionConfig, tags: readonly TagDefinition[]): ConnectionSummary {
    if (this.drivers.has(config.id)) throw new Error(`connection ${config.id} exists already`);
    const driver = createDriver(config, tags, this.clock, this.pkiFolder);
    const entry = {
      driver,
      tags,
      stop: [
        driver.onStatus(() => {
          const summary = this.summary(config.id);
          if (summary) for (const l of this.statusListeners) l(summary);
        }),
        driver.onSamples((s) => {
          for (const l of this.sampleListeners) l(config.id, s);
        }),
      ],
    };
    this.drivers.set(config.id, entry);
    driver.start();
    return this.summary(config.id)!;
  }

  async remove(id: string): Promise<void> {
    const entry = this.drivers.get(id);
    if (!entry) throw new Error(`no connection ${id}`);
    this.drivers.delete(id);
    entry.stop.forEach((s) => s());
    await entry.driver.stop();
  }

  list(): ConnectionSummary[] {
    return [...this.drivers.keys()].map((id) => this.summary(id)!);
  }

  driver(id: string): Driver {
    const entry = this.drivers.get(id);
    if (!entry) throw new Error(`no connection ${id}`);
    return entry.driver;
  }

  /** the tag monitor: newest value, quality with reason, and timestamps of each point */
  monitor(id: string, points?: readonly string[]): TagSample[] {
    const latest = this.driver(id).latest();
    if (!points) return latest;
    const wanted = new Set(points);
    return latest.filter((s) => wanted.has(s.point));
  }

  /** browse an OPC UA connection's address space (the tag picker) */
  browse(id: string, nodeId?: string): Promise<BrowseEntry[]> {
    const d = this.driver(id);
    if (!(d instanceof OpcuaDriver)) throw new Error(`${id} is not an OPC UA connection`);
    return d.browse(nodeId);
  }

  discover(endpointUrl: string): Promise<DiscoveredEndpoint[]> {
    return discoverEndpoints(endpointUrl, this.pkiFolder);
  }

  certificates(): Promise<CertificateEntry[]> {
    return listCertificates(this.pkiFolder);
  }

  trust(file: string, trusted: boolean): Promise<void> {
    return setCertificateTrust(this.pkiFolder, file, trusted);
  }

  /** Try a configuration without keeping it: connect once, report, disconnect. */
  async test(
    config: ConnectionConfig,
    tags: readonly TagDefinition[] = [],
    timeoutMs = 10_000,
  ): Promise<ConnectionTestResult> {
    const t0 = performance.now();
    let driver: Driver;
    try {
      // no retry: the first answer is the test's answer
      driver = createDriver(config, tags, this.clock, this.pkiFolder, new Backoff(3_600_000, 3_600_000));
    } catch (error) {
      return { ok: false, detail: (error as Error).message, ms: 0 };
    }
    const ms = () => Math.round(performance.now() - t0);
    try {
      const outcome = await new Promise<ConnectionTestResult>((resolve) => {
        const timer = this.clock.at(this.clock.now() + timeoutMs, () =>
          resolve({ ok: false, detail: `no answer within ${timeoutMs} ms`, ms: ms() }),
        );
        driver.onStatus((s) => {
          if (s.state === 'connected')
            resolve({ ok: true, detail: `connected to ${s.endpoint} in ${ms()} ms`, ms: ms() });
          if (s.state === 'backoff')
            resolve({ ok: false, detail: s.lastError?.message ?? 'refused', ms: ms() });
        });
        driver.start();
        void timer;
      });
      return outcome;
    } finally {
      await driver.stop();
    }
  }

  /** serial ports for a Modbus RTU connection (the port picker) */
  async serialPorts(): Promise<{ path: string; manufacturer?: string }[]> {
    try {
      const { SerialPort } = await import('serialport');
      return (await SerialPort.list()).map((p) => ({
        path: p.path,
        ...(p.manufacturer ? { manufacturer: p.manufacturer } : {}),
      }));
    } catch {
      return []; // no serial support on this machine
    }
  }

  onStatus(listener: (s: ConnectionSummary) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  onSamples(listener: (connection: string, s: TagSample[]) => void): () => void {
    this.sampleListeners.add(listener);
    return () => this.sampleListeners.delete(listener);
  }

  async close(): Promise<void> {
    await Promise.all([...this.drivers.keys()].map((id) => this.remove(id)));
  }

  private summary(id: string): ConnectionSummary | undefined {
    const entry = this.drivers.get(id);
    if (!entry) return undefined;
    const latest = entry.driver.latest();
    return {
      ...entry.driver.status(),
      tags: entry.tags.length,
      notGood: latest.filter((s) => s.quality !== 'good').length,
    };
  }
}
