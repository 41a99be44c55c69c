// The one interface every field driver (Modbus, MQTT, Sparkplug, OPC UA) implements, and what
// it produces: samples with value, source timestamp and quality (with the reason when not good),
// connection status with counters and the last error, and confirmed writes. The shared
// machinery is beside it: driver-base.ts (connect, backoff, status), tags/sample-cache.ts
// (deadband, stale detection), store-forward.ts.

export type Quality = 'good' | 'uncertain' | 'bad';
export type TagValue = number | boolean | string;

/** one value of one agent point as the field reported it */
export interface TagSample {
  /** agent point, e.g. 'pump.PU-1.speed', 'node.J12.pressure' */
  point: string;
  /** null when the driver has no value (bad quality before the first read) */
  value: TagValue | null;
  quality: Quality;
  /** why the quality is not good: 'comms: ECONNREFUSED', 'modbus exception 2 (illegal data address)', 'stale' */
  reason?: string;
  /** when the field measured it (source timestamp where the protocol carries one), ms since epoch */
  sourceTime: number;
  /** when this console received it, ms since epoch */
  receivedTime: number;
}

export type DriverState = 'stopped' | 'connecting' | 'connected' | 'backoff';

export interface DriverCounters {
  /** samples delivered to listeners */
  samples: number;
  /** completed reads (poll requests, monitored item notifications, messages) */
  reads: number;
  writes: number;
  /** failed requests, undecodable payloads, protocol errors */
  errors: number;
  /** successful connections after the first */
  reconnects: number;
}

export interface DriverStatus {
  id: string;
  protocol: string;
  /** where it talks to: 'tcp://127.0.0.1:502', 'mqtt://…', 'opc.tcp://…' */
  endpoint: string;
  state: DriverState;
  /** when the driver entered `state`, ms since epoch */
  since: number;
  lastError?: { message: string; time: number };
  /** the wait before the next attempt while in backoff, ms */
  retryInMs?: number;
  counters: DriverCounters;
}

export interface WriteResult {
  point: string;
  value: TagValue;
  /** the field confirmed the write (Modbus echo, MQTT PUBACK/PUBCOMP, OPC UA Good status) */
  confirmed: boolean;
  detail?: string;
}

export interface Driver {
  readonly id: string;
  readonly protocol: string;
  /** connect and keep connecting (with backoff) until stop() */
  start(): void;
  stop(): Promise<void>;
  status(): DriverStatus;
  onStatus(listener: (status: DriverStatus) => void): () => void;
  /** every sample, after deadband, including bad-quality ones (comms loss, stale) */
  onSamples(listener: (samples: TagSample[]) => void): () => void;
  /** the newest sample of each point the driver knows */
  latest(): TagSample[];
  /** read now, from the field (not the cache) */
  read(points: string[]): Promise<TagSample[]>;
  /** write and wait for the field's confirmation; rejects with a reason when it cannot */
  write(point: string, value: TagValue): Promise<WriteResult>;
}

/** The alarm engine's tag for a driver's own health: good while connected, bad otherwise. */
export const statusPoint = (driverId: string) => `driver.${driverId}.status`;

export function errorMessage(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code && !error.message.includes(code) ? `${code} ${error.message}` : error.message;
  }
  return String(error);
}
