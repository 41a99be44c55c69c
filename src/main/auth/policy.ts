// What a password and a user id must look like. Deliberately short (NIST SP 800-63B): length
// and a block list, no composition rules, which only push people to predictable patterns.
import { COMMON_PASSWORDS } from './common-passwords';
import { normalizePassword } from './password';

export const MIN_PASSWORD_LENGTH = 12;
/** long enough for any passphrase; refuses pasting a file into the field */
export const MAX_PASSWORD_LENGTH = 256;

/** Lower-case so that 'Alice' and 'alice' cannot be two users; audit records name the same person. */
const USER_ID = /^[a-z][a-z0-9._-]{1,31}$/;

/** Canonical form of a typed user id: what is stored, compared and audited. */
export function normalizeUserId(id: string): string {
  return id.trim().toLowerCase();
}

/** Why `id` cannot be a user id, or undefined when it can. */
export function userIdProblem(id: string): string | undefined {
  return USER_ID.test(id)
    ? undefined
    : 'user id must be 2–32 characters: a lower-case letter, then letters, digits, ".", "_" or "-"';
}

/** Every reason `password` is refused for user `userId`; empty when it is acceptable. */
export function passwordProblems(userId: string, password: string): string[] {
  const normalized = normalizePassword(password);
  // count characters as people see them, not UTF-16 units
  const length = [...normalized].length;
  const folded = normalized.toLowerCase();
  const problems: string[] = [];
  if (length < MIN_PASSWORD_LENGTH) problems.push(`must be at least ${MIN_PASSWORD_LENGTH} characters`);
  if (length > MAX_PASSWORD_LENGTH) problems.push(`must be at most ${MAX_PASSWORD_LENGTH} characters`);
  if (folded.trim() === normalizeUserId(userId)) problems.push('must not be the user id');
  if (COMMON_PASSWORDS.has(folded)) problems.push('is too common');
  else if (new Set(folded).size === 1 && length > 0) problems.push('must not repeat a single character');
  return problems;
}
