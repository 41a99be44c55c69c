// Request batching: one read per run of nearby registers instead of one per tag. A PLC answers
// a 100-register read about as fast as a 1-register one, so a station with hundreds of tags
// polls in a handful of requests. Gaps up to `maxGap` are read through (cheaper than another
// round trip); the protocol caps a read at 125 registers (FC3/4) and 2000 bits (FC1/2).
import { registerCount } from '../tags/codec';
import type { ModbusTable, TagDefinition } from '../tags/schema';

export interface ReadBlock {
  unit: number;
  table: ModbusTable;
  start: number;
  length: number;
  tags: TagDefinition[];
}

export const MAX_REGISTERS = 125;
export const MAX_BITS = 2000;

export function tagWidth(tag: TagDefinition): number {
  const t = tag.modbus!.table;
  return t === 'coil' || t === 'discrete' ? 1 : registerCount(tag.type);
}

export function planReads(tags: readonly TagDefinition[], maxGap = 8): ReadBlock[] {
  const groups = new Map<string, TagDefinition[]>();
  for (const tag of tags) {
    if (!tag.modbus) continue;
    const key = `${tag.modbus.unit}/${tag.modbus.table}`;
    groups.set(key, [...(groups.get(key) ?? []), tag]);
  }
  const blocks: ReadBlock[] = [];
  for (const group of groups.values()) {
    const { unit, table } = group[0]!.modbus!;
    const cap = table === 'coil' || table === 'discrete' ? MAX_BITS : MAX_REGISTERS;
    group.sort((a, b) => a.modbus!.address - b.modbus!.address);
    let cur: ReadBlock | undefined;
    for (const tag of group) {
      const start = tag.modbus!.address;
      const end = start + tagWidth(tag);
      if (cur && start - (cur.start + cur.length) <= maxGap && end - cur.start <= cap) {
        cur.length = Math.max(cur.length, end - cur.start);
        cur.tags.push(tag);
      } else {
        cur = { unit, table, start, length: end - start, tags: [tag] };
        blocks.push(cur);
      }
    }
  }
  return blocks;
}
