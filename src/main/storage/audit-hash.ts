// The bytes an audit record's hash is taken over. Field order is fixed and details are
// canonical JSON (object keys sorted, no whitespace), so the same record always hashes the
// same, in this process or in a verifier written years later from this description:
//   sha256_hex(JSON.stringify(['aqueduct-audit-v1', seq, time, user, source, action, target,
//                              result, canonicalDetails, prevHash]))
import { createHash } from 'node:crypto';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export interface HashedFields {
  seq: number;
  time: number;
  user: string;
  source: string;
  action: string;
  target: string;
  result: string;
  /** canonical JSON text, as stored */
  details: string;
  prevHash: string;
}

export const AUDIT_HASH_FORMAT = 'aqueduct-audit-v1';

export function recordHash(r: HashedFields): string {
  const text = JSON.stringify([
    AUDIT_HASH_FORMAT,
    r.seq,
    r.time,
    r.user,
    r.source,
    r.action,
    r.target,
    r.result,
    r.details,
    r.prevHash,
  ]);
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Canonical JSON of plain data; throws on anything JSON cannot carry faithfully. */
export function canonicalJson(value: unknown, path = 'details', depth = 0): string {
  if (depth > 64) throw new TypeError(`${path}: nested too deeply (or circular)`);
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`${path}: ${value} is not representable in JSON`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    return `[${value.map((item, i) => canonicalJson(item, `${path}[${i}]`, depth + 1)).join(',')}]`;
  }
  if (typeof value === 'object') {
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== null) {
      throw new TypeError(`${path}: only plain objects are allowed (convert dates and classes to strings)`);
    }
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v, `${path}.${k}`, depth + 1)}`).join(',')}}`;
  }
  throw new TypeError(`${path}: a ${typeof value} cannot be stored in the audit log`);
}
