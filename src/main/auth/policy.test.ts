import { describe, expect, it } from 'vitest';
import { normalizeUserId, passwordProblems, userIdProblem } from './policy';

describe('password policy', () => {
  it('accepts a long passphrase', () => {
    expect(passwordProblems('alice', 'correct horse battery staple')).toEqual([]);
  });

  it('needs at least 12 characters, counted as characters not UTF-16 units', () => {
    expect(passwordProblems('alice', 'elevenchars')).toEqual(['must be at least 12 characters']);
    expect(passwordProblems('alice', 'twelve chars')).toEqual([]);
    // 6 emoji are 12 UTF-16 units but 6 characters
    expect(passwordProblems('alice', '🌊💧🚰🌊💧🚰')).toEqual(['must be at least 12 characters']);
  });

  it('refuses the user id, in any case', () => {
    expect(passwordProblems('water.engineer', 'Water.Engineer')).toContain('must not be the user id');
  });

  it('refuses common passwords, in any case, and a single repeated character', () => {
    expect(passwordProblems('alice', 'Password1234')).toEqual(['is too common']);
    expect(passwordProblems('alice', 'AQUEDUCTADMIN')).toEqual(['is too common']);
    expect(passwordProblems('alice', 'zzzzzzzzzzzzzz')).toEqual(['must not repeat a single character']);
  });

  it('bounds the length', () => {
    expect(passwordProblems('alice', 'x y'.repeat(100))).toEqual(['must be at most 256 characters']);
  });
});

describe('user ids', () => {
  it('are lower-case, 2–32 characters, starting with a letter', () => {
    for (const ok of ['alice', 'j.smith', 'op_2', 'night-shift']) expect(userIdProblem(ok)).toBeUndefined();
    for (const bad of ['a', 'Alice', '2fast', 'has space', 'x'.repeat(33), '', 'émile']) {
      expect(userIdProblem(bad), bad).toBeDefined();
    }
  });

  it('normalize what is typed', () => {
    expect(normalizeUserId('  Alice ')).toBe('alice');
  });
});
