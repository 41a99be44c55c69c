// Register codecs: how a PLC lays a value out in 16-bit Modbus registers. Integrators disagree
// on the order of the words (and sometimes the bytes inside them), so both are per tag:
// byteOrder 'big' + wordOrder 'big' is the Modbus standard ("ABCD"); wordOrder 'little' is the
// common "CDAB" of many PLCs; byteOrder 'little' swaps the bytes of each word ("BADC"/"DCBA").

export type DataType = 'bool' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'float32' | 'float64';
export type Order = 'big' | 'little';

export const DATA_TYPES: readonly DataType[] = [
  'bool',
  'int16',
  'uint16',
  'int32',
  'uint32',
  'float32',
  'float64',
];

/** how many 16-bit registers a value of `type` takes (a bool in a register takes one) */
export function registerCount(type: DataType): number {
  switch (type) {
    case 'bool':
    case 'int16':
    case 'uint16':
      return 1;
    case 'int32':
    case 'uint32':
    case 'float32':
      return 2;
    case 'float64':
      return 4;
  }
}

export class DecodeError extends Error {
  override name = 'DecodeError';
}

/** Registers (each 0…65535) → value. Throws DecodeError for the wrong count or out-of-range words. */
export function decodeRegisters(
  words: readonly number[],
  type: DataType,
  wordOrder: Order,
  byteOrder: Order,
): number | boolean {
  const count = registerCount(type);
  if (words.length !== count)
    throw new DecodeError(`${type} needs ${count} register(s), got ${words.length}`);
  const bytes = Buffer.alloc(count * 2);
  // most significant word first after reordering
  const ordered = wordOrder === 'big' ? words : [...words].reverse();
  ordered.forEach((w, i) => {
    if (!Number.isInteger(w) || w < 0 || w > 0xffff)
      throw new DecodeError(`register value ${w} is not a 16-bit word`);
    const hi = w >> 8;
    const lo = w & 0xff;
    bytes[2 * i] = byteOrder === 'big' ? hi : lo;
    bytes[2 * i + 1] = byteOrder === 'big' ? lo : hi;
  });
  switch (type) {
    case 'bool':
      return bytes.readUInt16BE(0) !== 0;
    case 'int16':
      return bytes.readInt16BE(0);
    case 'uint16':
      return bytes.readUInt16BE(0);
    case 'int32':
      return bytes.readInt32BE(0);
    case 'uint32':
      return bytes.readUInt32BE(0);
    case 'float32':
      return bytes.readFloatBE(0);
    case 'float64':
      return bytes.readDoubleBE(0);
  }
}

/** value → registers; integers are range-checked (a setpoint never wraps round silently) */
export function encodeRegisters(
  value: number | boolean,
  type: DataType,
  wordOrder: Order,
  byteOrder: Order,
): number[] {
  const count = registerCount(type);
  const bytes = Buffer.alloc(count * 2);
  const n = typeof value === 'boolean' ? (value ? 1 : 0) : value;
  if (!Number.isFinite(n) && type !== 'float32' && type !== 'float64')
    throw new DecodeError(`${value} cannot be written as ${type}`);
  const int = (min: number, max: number) => {
    const r = Math.round(n);
    if (r < min || r > max) throw new DecodeError(`${value} is outside the ${type} range ${min}…${max}`);
    return r;
  };
  switch (type) {
    case 'bool':
      bytes.writeUInt16BE(n ? 1 : 0, 0);
      break;
    case 'int16':
      bytes.writeInt16BE(int(-0x8000, 0x7fff), 0);
      break;
    case 'uint16':
      bytes.writeUInt16BE(int(0, 0xffff), 0);
      break;
    case 'int32':
      bytes.writeInt32BE(int(-0x80000000, 0x7fffffff), 0);
      break;
    case 'uint32':
      bytes.writeUInt32BE(int(0, 0xffffffff), 0);
      break;
    case 'float32':
      bytes.writeFloatBE(n, 0);
      break;
    case 'float64':
      bytes.writeDoubleBE(n, 0);
      break;
  }
  const words: number[] = [];
  for (let i = 0; i < count; i++) {
    const hi = bytes[2 * i]!;
    const lo = bytes[2 * i + 1]!;
    words.push(byteOrder === 'big' ? (hi << 8) | lo : (lo << 8) | hi);
  }
  return wordOrder === 'big' ? words : words.reverse();
}
