// Password hashing with scrypt (memory-hard, built into Node). The stored string names its own
// parameters, `scrypt$N$r$p$salt$hash` (salt and hash in base64), so the cost can be raised
// later without breaking existing hashes.
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

export interface ScryptParams {
  /** CPU/memory cost, a power of two */
  N: number;
  r: number;
  p: number;
}

/** 2^15 × 8 × 128 B = 32 MiB and tens of milliseconds per hash: cheap at a login, costly to guess at. */
export const SCRYPT_PARAMS: ScryptParams = { N: 2 ** 15, r: 8, p: 1 };
const SALT_BYTES = 16;
const KEY_BYTES = 32;
// A stored string is data: bound what it may ask for, so a tampered hash cannot make a
// login allocate gigabytes or spin for minutes.
const MIN_N = 2 ** 15;
/** N·r·p bounds the time (about 32 times the default) and N·r the memory (1 GiB) */
const MAX_WORK = 2 ** 23;

export interface ParsedHash extends ScryptParams {
  salt: Buffer;
  hash: Buffer;
}

const BASE64 = '[A-Za-z0-9+/]+={0,2}';
const FORMAT = new RegExp(`^scrypt\\$(\\d{1,8})\\$(\\d{1,3})\\$(\\d{1,3})\\$(${BASE64})\\$(${BASE64})$`);

export async function hashPassword(password: string, params: ScryptParams = SCRYPT_PARAMS): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const hash = await derive(password, salt, params);
  return `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

/** False for a wrong password and for a stored string that is malformed or out of bounds. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parsePasswordHash(stored);
  if (!parsed) return false;
  const candidate = await derive(password, parsed.salt, parsed);
  return timingSafeEqual(candidate, parsed.hash);
}

export function parsePasswordHash(stored: string): ParsedHash | undefined {
  const m = FORMAT.exec(stored);
  if (!m) return undefined;
  const [N, r, p] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const salt = Buffer.from(m[4]!, 'base64');
  const hash = Buffer.from(m[5]!, 'base64');
  const powerOfTwo = (N & (N - 1)) === 0;
  if (!powerOfTwo || N < MIN_N || r < 1 || p < 1 || N * r * p > MAX_WORK) return undefined;
  // round trip: refuses non-canonical base64 that would decode to something else than written
  if (salt.toString('base64') !== m[4] || hash.toString('base64') !== m[5]) return undefined;
  if (salt.length !== SALT_BYTES || hash.length !== KEY_BYTES) return undefined;
  return { N, r, p, salt, hash };
}

/**
 * NFKC so that the same password typed on different keyboards or systems (composed or
 * decomposed accents, full-width digits) hashes the same (NIST SP 800-63B 5.1.1.2).
 */
export function normalizePassword(password: string): string {
  return password.normalize('NFKC');
}

function derive(password: string, salt: Buffer, { N, r, p }: ScryptParams): Promise<Buffer> {
  // scrypt needs a little over 128·N·r bytes; Node refuses anything over maxmem (32 MiB by
  // default), which N = 2^15, r = 8 already exceeds by a little
  const options: ScryptOptions = { N, r, p, maxmem: 2 * 128 * N * r };
  return new Promise((resolve, reject) =>
    scrypt(normalizePassword(password), salt, KEY_BYTES, options, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

/** The hashing the auth service uses; injectable so tests can count the work done per login. */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(password: string, stored: string): Promise<boolean>;
}

export const scryptHasher: PasswordHasher = {
  hash: (password) => hashPassword(password),
  verify: verifyPassword,
};
