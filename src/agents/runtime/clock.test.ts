import { describe, expect, it } from 'vitest';
import { SimulatedClock } from './clock';

describe('SimulatedClock', () => {
  it('runs tasks in time order, ties in the order they were set, with time standing at each due time', () => {
    const clock = new SimulatedClock(1000);
    const seen: string[] = [];
    clock.at(3000, () => seen.push(`c@${clock.now()}`));
    clock.at(2000, () => seen.push(`a@${clock.now()}`));
    clock.at(2000, () => seen.push(`b@${clock.now()}`));
    clock.at(9000, () => seen.push('late'));
    expect(clock.advanceTo(5000)).toBe(3);
    expect(seen).toEqual(['a@2000', 'b@2000', 'c@3000']);
    expect(clock.now()).toBe(5000);
    expect(clock.nextDue()).toBe(9000);
  });

  it('repeats periodic tasks on exact boundaries until cancelled', () => {
    const clock = new SimulatedClock(0);
    const times: number[] = [];
    const cancel = clock.every(15_000, () => times.push(clock.now()));
    clock.advanceTo(60_000);
    expect(times).toEqual([15_000, 30_000, 45_000, 60_000]);
    cancel();
    clock.advanceTo(120_000);
    expect(times).toHaveLength(4);
    expect(clock.nextDue()).toBeUndefined();
  });

  it('a task scheduled in the past runs at once, not back in time', () => {
    const clock = new SimulatedClock(10_000);
    let at = -1;
    clock.at(5_000, () => (at = clock.now()));
    clock.advanceBy(0);
    expect(at).toBe(10_000);
  });

  it('a failing task is reported and neither stops the others nor its own period', () => {
    const clock = new SimulatedClock(0);
    const errors: unknown[] = [];
    let ticks = 0;
    clock.every(10, () => {
      ticks++;
      throw new Error('boom');
    });
    clock.at(15, () => ticks++);
    clock.advanceTo(30, (e) => errors.push(e));
    expect(ticks).toBe(4);
    expect(errors).toHaveLength(3);
  });

  it('cancelled one-shot tasks never run and keep nextDue honest', () => {
    const clock = new SimulatedClock(0);
    let ran = false;
    const cancel = clock.at(100, () => (ran = true));
    cancel();
    expect(clock.nextDue()).toBeUndefined();
    clock.advanceTo(200);
    expect(ran).toBe(false);
  });

  it('keeps order for thousands of random tasks (heap property)', () => {
    const clock = new SimulatedClock(0);
    let seed = 42;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const order: number[] = [];
    for (let i = 0; i < 5000; i++) {
      const due = Math.floor(random() * 100_000);
      clock.at(due, () => order.push(due));
    }
    clock.advanceTo(100_000);
    expect(order).toHaveLength(5000);
    expect(order.every((t, i) => i === 0 || t >= order[i - 1]!)).toBe(true);
  });
});
