// A tag's raw field value ↔ its engineering value: data type, word/byte order, then scaling.
import { decodeRegisters, DecodeError, encodeRegisters } from './codec';
import { scalingOf, type TagDefinition } from './schema';
import { toEngineering, toRaw } from './scaling';

/** registers of one tag → engineering value; DecodeError when the words do not make one */
export function decodeTagRegisters(tag: TagDefinition, words: readonly number[]): number | boolean {
  const raw = decodeRegisters(words, tag.type, tag.wordOrder, tag.byteOrder);
  if (typeof raw === 'boolean') return raw;
  if (!Number.isFinite(raw)) throw new DecodeError(`${tag.type} register value is ${raw}`);
  return toEngineering(raw, scalingOf(tag));
}

/** engineering value → the registers to write */
export function encodeTagRegisters(tag: TagDefinition, value: number | boolean): number[] {
  if (tag.type === 'bool') return encodeRegisters(Boolean(value), 'bool', tag.wordOrder, tag.byteOrder);
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw new DecodeError(`${tag.point} takes a number, got ${JSON.stringify(value)}`);
  return encodeRegisters(toRaw(value, scalingOf(tag)), tag.type, tag.wordOrder, tag.byteOrder);
}

/** a JSON/OPC UA/Sparkplug value → the engineering value (scaling applied to numbers) */
export function scaleValue(tag: TagDefinition, raw: unknown): number | boolean | string {
  if (typeof raw === 'boolean') return tag.type === 'bool' ? raw : raw ? 1 : 0;
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) throw new DecodeError(`value is ${raw}`);
    return tag.type === 'bool' ? raw !== 0 : toEngineering(raw, scalingOf(tag));
  }
  if (typeof raw === 'bigint') return toEngineering(Number(raw), scalingOf(tag));
  if (typeof raw === 'string') {
    const n = Number(raw);
    if (raw.trim() !== '' && Number.isFinite(n)) return toEngineering(n, scalingOf(tag));
    throw new DecodeError(`"${raw.slice(0, 40)}" is not a number`);
  }
  throw new DecodeError(`expected a number or a bool, got ${raw === null ? 'null' : typeof raw}`);
}

/** engineering value → what goes on the wire for JSON/OPC UA writes */
export function unscaleValue(tag: TagDefinition, value: number | boolean | string): number | boolean {
  if (tag.type === 'bool')
    return typeof value === 'string' ? value === 'true' || value === '1' : Boolean(value);
  const n = typeof value === 'number' ? value : typeof value === 'boolean' ? Number(value) : Number(value);
  if (!Number.isFinite(n)) throw new DecodeError(`${tag.point} takes a number, got ${JSON.stringify(value)}`);
  return toRaw(n, scalingOf(tag));
}
