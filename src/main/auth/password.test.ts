import { describe, expect, it } from 'vitest';
import { hashPassword, parsePasswordHash, SCRYPT_PARAMS, verifyPassword } from './password';

const PASSWORD = 'correct horse battery staple';

describe('password hashing', () => {
  it('stores a self-describing scrypt string that verifies the right password only', async () => {
    const stored = await hashPassword(PASSWORD);
    expect(stored).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=$/);
    expect(SCRYPT_PARAMS.N).toBeGreaterThanOrEqual(2 ** 15);
    expect(await verifyPassword(PASSWORD, stored)).toBe(true);
    expect(await verifyPassword('correct horse battery stapler', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('salts every hash', async () => {
    const [a, b] = await Promise.all([hashPassword(PASSWORD), hashPassword(PASSWORD)]);
    expect(a).not.toBe(b);
    expect(parsePasswordHash(a)!.salt.equals(parsePasswordHash(b)!.salt)).toBe(false);
  });

  it('refuses a tampered or malformed hash string instead of verifying against it', async () => {
    const stored = await hashPassword(PASSWORD);
    const [, N, r, p, salt, hash] = stored.split('$') as [string, string, string, string, string, string];
    const flip = (s: string) => (s[0] === 'A' ? 'B' : 'A') + s.slice(1);
    const tampered = [
      ['scrypt', N, r, p, salt, flip(hash)],
      ['scrypt', N, r, p, flip(salt), hash],
      ['scrypt', String(2 ** 16), r, p, salt, hash],
      ['scrypt', N, '9', p, salt, hash],
    ].map((parts) => parts.join('$'));
    for (const t of tampered) expect(await verifyPassword(PASSWORD, t)).toBe(false);

    const malformed = [
      '',
      'plaintext',
      stored.replace('scrypt', 'bcrypt'),
      `${stored}$extra`,
      ['scrypt', String(2 ** 14), r, p, salt, hash].join('$'), // weaker than the floor
      ['scrypt', '40000', r, p, salt, hash].join('$'), // not a power of two
      ['scrypt', String(2 ** 26), r, p, salt, hash].join('$'), // would take gigabytes
      ['scrypt', N, '0', p, salt, hash].join('$'),
      ['scrypt', N, r, p, salt.slice(4), hash].join('$'), // short salt
      ['scrypt', N, r, p, salt, `${hash.slice(0, -2)}B=`].join('$'), // non-canonical base64
    ];
    for (const m of malformed) {
      expect(parsePasswordHash(m), m).toBeUndefined();
      expect(await verifyPassword(PASSWORD, m)).toBe(false);
    }
  });

  it('normalizes Unicode so the same password typed differently verifies', async () => {
    const composed = 'caf\u00e9 au lait, sans sucre';
    const decomposed = 'cafe\u0301 au lait, sans sucre';
    expect(await verifyPassword(decomposed, await hashPassword(composed))).toBe(true);
  });
});
