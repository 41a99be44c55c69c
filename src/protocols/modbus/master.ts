// Modbus master (client) driver over TCP or RTU: polls each unit (device) at its own rate in
// batched reads, decodes registers per the tag map, and writes with FC5/6/15/16. One request
// is on the wire at a time, as RTU requires and most TCP gateways prefer. An exception
// response makes the tags of that block bad with the exception's name; a timeout is retried,
// then the tags go bad ('timeout'); a dead link goes through the shared reconnect backoff.
import ModbusRTU from 'modbus-serial';
import type { Cancel, Clock } from '../../agents/runtime/clock';
import { errorMessage, type TagSample, type TagValue, type WriteResult } from '../driver';
import { Backoff, DriverBase } from '../driver-base';
import { canRead, canWrite, type TagDefinition } from '../tags/schema';
import { decodeTagRegisters, encodeTagRegisters } from '../tags/value';
import { planReads, tagWidth, type ReadBlock } from './batching';
import { exceptionCode, exceptionReason, isLinkDown, isTimeout } from './exceptions';

export type ModbusTransport =
  | { kind: 'tcp'; host: string; port: number }
  | {
      kind: 'rtu';
      path: string;
      baudRate: number;
      parity?: 'none' | 'even' | 'odd';
      dataBits?: 7 | 8;
      stopBits?: 1 | 2;
    };

export interface ModbusOptions {
  id: string;
  transport: ModbusTransport;
  tags: readonly TagDefinition[];
  /** default poll period, ms */
  pollMs?: number;
  /** poll period per unit id (device), ms */
  unitPollMs?: Record<number, number>;
  timeoutMs?: number;
  /** extra attempts after a timeout */
  retries?: number;
  /** registers read through between two tags rather than a second request */
  maxGap?: number;
  backoff?: Backoff;
}

const MAX_TIMEOUTS = 3;

export interface PollStats {
  cycles: number;
  /** duration of the last poll cycle of each unit, ms (wall time of the I/O) */
  lastCycleMs: Record<number, number>;
  /** a cycle that was still running when the next was due */
  overruns: number;
}

export class ModbusDriver extends DriverBase {
  readonly protocol = 'modbus';
  private client: ModbusRTU | undefined;
  private readonly byPoint: Map<string, TagDefinition>;
  private readonly blocksByUnit = new Map<number, ReadBlock[]>();
  private polls: Cancel[] = [];
  private queue: Promise<unknown> = Promise.resolve();
  private readonly busy = new Set<number>();
  /** requests in a row that timed out (after retries); at MAX_TIMEOUTS the link counts as lost */
  private timeoutsInARow = 0;
  readonly pollStats: PollStats = { cycles: 0, lastCycleMs: {}, overruns: 0 };

  constructor(
    clock: Clock,
    private readonly options: ModbusOptions,
  ) {
    const byPoint = new Map(options.tags.filter((t) => t.modbus).map((t) => [t.point, t]));
    super(options.id, clock, options.backoff ?? new Backoff(), (p) => ({
      deadband: byPoint.get(p)?.deadband ?? 0,
      staleAfterMs: (byPoint.get(p)?.staleAfterS ?? 0) * 1000,
    }));
    this.byPoint = byPoint;
    for (const block of planReads([...byPoint.values()].filter(canRead), options.maxGap)) {
      this.blocksByUnit.set(block.unit, [...(this.blocksByUnit.get(block.unit) ?? []), block]);
    }
  }

  endpoint(): string {
    const t = this.options.transport;
    return t.kind === 'tcp' ? `tcp://${t.host}:${t.port}` : `rtu://${t.path}@${t.baudRate}`;
  }

  /** the read plan, for diagnostics and the bench */
  blocks(): ReadBlock[] {
    return [...this.blocksByUnit.values()].flat();
  }

  protected points(): string[] {
    return [...this.byPoint.values()].filter(canRead).map((t) => t.point);
  }

  protected async connect(): Promise<void> {
    const client = new ModbusRTU();
    this.client = client;
    client.setTimeout(this.options.timeoutMs ?? 1000);
    const t = this.options.transport;
    if (t.kind === 'tcp') await client.connectTCP(t.host, { port: t.port });
    else
      await client.connectRTUBuffered(t.path, {
        baudRate: t.baudRate,
        parity: t.parity ?? 'none',
        dataBits: t.dataBits ?? 8,
        stopBits: t.stopBits ?? 1,
      });
    client.on('close', () => this.client === client && this.lost(new Error('connection closed by peer')));
    client.on('error', (error) => this.client === client && this.lost(error));
    for (const [unit, blocks] of this.blocksByUnit) {
      const period = this.options.unitPollMs?.[unit] ?? this.options.pollMs ?? 1000;
      void this.pollUnit(unit, blocks);
      this.polls.push(this.clock.every(period, () => void this.pollUnit(unit, blocks)));
    }
  }

  protected async disconnect(): Promise<void> {
    this.polls.forEach((cancel) => cancel());
    this.polls = [];
    this.busy.clear();
    const client = this.client;
    this.client = undefined;
    if (!client) return;
    // close() waits for a clean FIN; a half-dead socket only goes with destroy()
    if (client.isOpen) await new Promise<void>((resolve) => client.close(() => resolve()));
    else await new Promise<void>((resolve) => client.destroy(() => resolve()));
  }

  async read(points: string[]): Promise<TagSample[]> {
    const tags = points.map((p) => {
      const tag = this.byPoint.get(p);
      if (!tag) throw new Error(`${p} is not in the ${this.id} tag map`);
      return tag;
    });
    const out: TagSample[] = [];
    for (const block of planReads(tags, this.options.maxGap)) out.push(...(await this.readBlock(block)));
    this.cache.accept(out);
    return out;
  }

  async write(point: string, value: TagValue): Promise<WriteResult> {
    const tag = this.byPoint.get(point);
    if (!tag) throw new Error(`${point} is not in the ${this.id} tag map`);
    if (!canWrite(tag)) throw new Error(`${point} is read-only`);
    if (typeof value === 'string') throw new Error(`${point} takes a number or a bool`);
    const { unit, table, address } = tag.modbus!;
    const words = table === 'coil' ? [] : encodeTagRegisters(tag, value);
    await this.request(unit, async (c) => {
      if (table === 'coil')
        await c.writeCoil(address, Boolean(value)); // FC5
      else if (words.length === 1)
        await c.writeRegister(address, words[0]!); // FC6
      else await c.writeRegisters(address, words); // FC16
    }).catch((error) => {
      this.noteError(error);
      throw new Error(`${point}: ${reasonOf(error)}`, { cause: error });
    });
    this.counters.writes++;
    return { point, value, confirmed: true, detail: `unit ${unit} ${table} ${address}` };
  }

  /** FC15: several coils in one request (a bank of valve commands) */
  async writeCoils(unit: number, address: number, states: boolean[]): Promise<void> {
    await this.request(unit, (c) => c.writeCoils(address, states));
    this.counters.writes++;
  }

  private async pollUnit(unit: number, blocks: ReadBlock[]): Promise<void> {
    if (this.busy.has(unit)) {
      this.pollStats.overruns++;
      return;
    }
    this.busy.add(unit);
    const started = performance.now();
    try {
      const samples: TagSample[] = [];
      for (const block of blocks) {
        if (!this.client) return;
        samples.push(...(await this.readBlock(block)));
      }
      if (this.client) this.cache.accept(samples);
      this.pollStats.cycles++;
      this.pollStats.lastCycleMs[unit] = performance.now() - started;
    } finally {
      this.busy.delete(unit);
    }
  }

  private async readBlock(block: ReadBlock): Promise<TagSample[]> {
    let words: number[] | boolean[];
    try {
      words = await this.request(block.unit, async (c) => {
        switch (block.table) {
          case 'coil':
            return (await c.readCoils(block.start, block.length)).data; // FC1
          case 'discrete':
            return (await c.readDiscreteInputs(block.start, block.length)).data; // FC2
          case 'holding':
            return (await c.readHoldingRegisters(block.start, block.length)).data; // FC3
          case 'input':
            return (await c.readInputRegisters(block.start, block.length)).data; // FC4
        }
      });
      this.counters.reads++;
      this.timeoutsInARow = 0;
    } catch (error) {
      this.noteError(error);
      // a gateway that accepts TCP but no longer answers: reconnecting is the only cure
      if (isTimeout(error) && ++this.timeoutsInARow >= MAX_TIMEOUTS) {
        this.timeoutsInARow = 0;
        this.lost(new Error(`no response to ${MAX_TIMEOUTS} requests in a row`));
      }
      const now = this.clock.now();
      return block.tags.map((t) => ({
        point: t.point,
        value: this.cache.get(t.point)?.value ?? null,
        quality: 'bad' as const,
        reason: reasonOf(error),
        sourceTime: now,
        receivedTime: now,
      }));
    }
    const now = this.clock.now();
    return block.tags.map((tag): TagSample => {
      const offset = tag.modbus!.address - block.start;
      try {
        const value =
          block.table === 'coil' || block.table === 'discrete'
            ? Boolean((words as boolean[])[offset])
            : decodeTagRegisters(tag, (words as number[]).slice(offset, offset + tagWidth(tag)));
        return { point: tag.point, value, quality: 'good', sourceTime: now, receivedTime: now };
      } catch (error) {
        this.counters.errors++;
        return {
          point: tag.point,
          value: null,
          quality: 'bad',
          reason: `decode: ${errorMessage(error)}`,
          sourceTime: now,
          receivedTime: now,
        };
      }
    });
  }

  /** one request at a time, retried after a timeout; a dead link triggers reconnect */
  private request<T>(unit: number, run: (client: ModbusRTU) => Promise<T>): Promise<T> {
    const attempt = async (): Promise<T> => {
      const retries = this.options.retries ?? 1;
      for (let i = 0; ; i++) {
        const client = this.client;
        if (!client) throw new Error('not connected');
        client.setID(unit);
        try {
          return await run(client);
        } catch (error) {
          if (isLinkDown(error)) this.lost(error);
          if (!isTimeout(error) || i >= retries) throw error;
        }
      }
    };
    const result = this.queue.then(attempt, attempt);
    this.queue = result.catch(() => undefined);
    return result;
  }
}

function reasonOf(error: unknown): string {
  const code = exceptionCode(error);
  if (code !== undefined) return exceptionReason(code);
  if (isTimeout(error)) return 'timeout';
  return `comms: ${errorMessage(error)}`;
}
