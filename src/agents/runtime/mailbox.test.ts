import { describe, expect, it } from 'vitest';
import { Fifo } from './mailbox';

describe('Fifo', () => {
  it('is first in, first out across growth and wrap-around', () => {
    const q = new Fifo<number>();
    const out: number[] = [];
    for (let i = 0; i < 100; i++) {
      q.push(i);
      if (i % 3 === 0) out.push(q.shift()!);
    }
    while (q.size > 0) out.push(q.shift()!);
    expect(out).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(q.shift()).toBeUndefined();
  });

  it('when bounded and full, drops the oldest and says which', () => {
    const q = new Fifo<string>(3);
    expect(['a', 'b', 'c'].map((x) => q.push(x))).toEqual([undefined, undefined, undefined]);
    expect(q.push('d')).toEqual({ dropped: 'a' });
    expect(q.push('e')).toEqual({ dropped: 'b' });
    expect(q.toArray()).toEqual(['c', 'd', 'e']);
    expect(q.clear()).toBe(3);
    expect(q.size).toBe(0);
  });

  it('refuses a capacity below one', () => {
    expect(() => new Fifo(0)).toThrow(/at least 1/);
  });
});
