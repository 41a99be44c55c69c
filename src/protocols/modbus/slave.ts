// Modbus TCP slave (server): a register image per unit id that the plant simulator fills from
// the twin and that a master (the console, mbpoll, a SCADA) reads and writes. Writes from the
// master are handed to `onWrite` per tag, decoded, so the plant can actuate.
import { ServerTCP } from 'modbus-serial';
import type { TagDefinition } from '../tags/schema';
import { decodeTagRegisters, encodeTagRegisters } from '../tags/value';
import { tagWidth } from './batching';

interface Image {
  coils: Map<number, boolean>;
  discrete: Map<number, boolean>;
  input: Map<number, number>;
  holding: Map<number, number>;
}

/** a Modbus exception the server library turns into an exception response */
const illegalAddress = () => Object.assign(new Error('illegal data address'), { modbusErrorCode: 2 });

export class ModbusSlave {
  private server: ServerTCP | undefined;
  private readonly images = new Map<number, Image>();
  private readonly byPoint = new Map<string, TagDefinition>();
  /** holding register / coil address → the writable tag covering it, per unit */
  private readonly writable = new Map<string, TagDefinition>();
  port = 0;
  readonly counters = { reads: 0, writes: 0, refusedWrites: 0 };

  constructor(
    tags: readonly TagDefinition[],
    private readonly onWrite: (tag: TagDefinition, value: number | boolean) => void = () => {},
    /** addresses at and above this answer 'illegal data address' */
    private readonly size = 10_000,
  ) {
    for (const tag of tags) {
      if (!tag.modbus) continue;
      this.byPoint.set(tag.point, tag);
      this.image(tag.modbus.unit);
      if (tag.access !== 'read') {
        for (let i = 0; i < tagWidth(tag); i++)
          this.writable.set(`${tag.modbus.unit}/${tag.modbus.table}/${tag.modbus.address + i}`, tag);
      }
    }
  }

  /** set a tag's value in the image (engineering units, encoded per the tag map) */
  set(point: string, value: number | boolean): void {
    const tag = this.byPoint.get(point);
    if (!tag) throw new Error(`${point} is not in the slave's tag map`);
    const { unit, table, address } = tag.modbus!;
    const img = this.image(unit);
    if (table === 'coil' || table === 'discrete')
      img[table === 'coil' ? 'coils' : 'discrete'].set(address, Boolean(value));
    else encodeTagRegisters(tag, value).forEach((w, i) => img[table].set(address + i, w));
  }

  get(point: string): number | boolean {
    const tag = this.byPoint.get(point)!;
    const { unit, table, address } = tag.modbus!;
    const img = this.image(unit);
    if (table === 'coil') return img.coils.get(address) ?? false;
    if (table === 'discrete') return img.discrete.get(address) ?? false;
    const words = Array.from({ length: tagWidth(tag) }, (_, i) => img[table].get(address + i) ?? 0);
    return decodeTagRegisters(tag, words);
  }

  async listen(port: number, host = '127.0.0.1'): Promise<number> {
    const check = (addr: number) => {
      if (addr >= this.size) throw illegalAddress();
    };
    const known = (unit: number) => this.known(unit);
    const vector = {
      getCoil: (addr: number, unit: number) => (
        check(addr),
        this.counters.reads++,
        known(unit).coils.get(addr) ?? false
      ),
      getDiscreteInput: (addr: number, unit: number) => (
        check(addr),
        known(unit).discrete.get(addr) ?? false
      ),
      getInputRegister: (addr: number, unit: number) => (check(addr), known(unit).input.get(addr) ?? 0),
      getHoldingRegister: (addr: number, unit: number) => (check(addr), known(unit).holding.get(addr) ?? 0),
      getMultipleHoldingRegisters: (addr: number, length: number, unit: number) => {
        check(addr + length - 1);
        this.counters.reads++;
        const img = known(unit);
        return Array.from({ length }, (_, i) => img.holding.get(addr + i) ?? 0);
      },
      getMultipleInputRegisters: (addr: number, length: number, unit: number) => {
        check(addr + length - 1);
        this.counters.reads++;
        const img = known(unit);
        return Array.from({ length }, (_, i) => img.input.get(addr + i) ?? 0);
      },
      setCoil: (addr: number, value: boolean, unit: number) => this.masterWrite(unit, 'coil', addr, [value]),
      setRegister: (addr: number, value: number, unit: number) =>
        this.masterWrite(unit, 'holding', addr, [value]),
      setRegisterArray: (addr: number, values: number[], unit: number) =>
        this.masterWrite(unit, 'holding', addr, values),
    };
    // unitID 255: answer every unit id (the vector refuses the ones without an image)
    const server = new ServerTCP(vector, { host, port, unitID: 255 });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.on('initialized', () => resolve());
      server.on('serverError', (e) => reject(e));
    });
    server.on('socketError', () => {});
    const address = (server as unknown as { _server: { address(): { port: number } } })._server.address();
    this.port = address.port;
    return this.port;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    for (const sock of server.socks.keys()) sock.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private masterWrite(
    unit: number,
    table: 'coil' | 'holding',
    addr: number,
    values: (number | boolean)[],
  ): void {
    const img = this.known(unit);
    const touched = new Set<TagDefinition>();
    values.forEach((v, i) => {
      const tag = this.writable.get(`${unit}/${table}/${addr + i}`);
      if (!tag) {
        this.counters.refusedWrites++;
        throw Object.assign(new Error('read-only'), { modbusErrorCode: 2 });
      }
      touched.add(tag);
      if (table === 'coil') img.coils.set(addr + i, Boolean(v));
      else img.holding.set(addr + i, Number(v));
    });
    this.counters.writes++;
    for (const tag of touched) {
      // a multi-register value is complete only once all its words have arrived
      if (table === 'coil') this.onWrite(tag, img.coils.get(tag.modbus!.address) ?? false);
      else if (addr <= tag.modbus!.address && addr + values.length >= tag.modbus!.address + tagWidth(tag))
        this.onWrite(tag, this.get(tag.point));
    }
  }

  /** a unit's image; an unknown unit behind a gateway answers 'gateway target device failed to respond' */
  private known(unit: number): Image {
    const img = this.images.get(unit);
    if (!img) throw Object.assign(new Error('no such unit'), { modbusErrorCode: 11 });
    return img;
  }

  private image(unit: number): Image {
    let img = this.images.get(unit);
    if (!img) {
      img = { coils: new Map(), discrete: new Map(), input: new Map(), holding: new Map() };
      this.images.set(unit, img);
    }
    return img;
  }
}
