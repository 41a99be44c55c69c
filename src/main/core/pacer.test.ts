import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../agents/runtime/clock';
import { Pacer, type WallClock } from './pacer';

/** A wall clock the test moves by hand: timers fire when the test says time has passed. */
class ManualWall implements WallClock {
  t = 0;
  private timers: { at: number; fn: () => void; id: number }[] = [];
  private nextId = 0;
  /** how much wall time each call to now() costs, to model slow simulation work */
  costPerRead = 0;
  now() {
    this.t += this.costPerRead;
    return this.t;
  }
  set(fn: () => void, ms: number) {
    const id = this.nextId++;
    this.timers.push({ at: this.t + ms, fn, id });
    return id;
  }
  clear(handle: unknown) {
    this.timers = this.timers.filter((x) => x.id !== handle);
  }
  run(untilMs: number) {
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at);
      const next = this.timers[0];
      if (!next || next.at > untilMs) break;
      this.timers.shift();
      this.t = Math.max(this.t, next.at);
      next.fn();
    }
    this.t = Math.max(this.t, untilMs);
  }
}

function setup(speed: number | 'max', mustYield?: () => boolean) {
  const wall = new ManualWall();
  const clock = new SimulatedClock(0);
  let ticks = 0;
  const pacer = new Pacer(
    clock,
    wall,
    () => ticks++,
    (e) => {
      throw e;
    },
    speed,
    mustYield,
  );
  return { wall, clock, pacer, ticks: () => ticks };
}

describe('Pacer', () => {
  it('at 60× moves simulated time 60 s per wall second and runs the steps due', () => {
    const { wall, clock, pacer, ticks } = setup(60);
    const steps: number[] = [];
    clock.every(15_000, () => steps.push(clock.now()));
    pacer.setRunning(true);
    wall.run(1000);
    expect(clock.now()).toBeGreaterThanOrEqual(57_000);
    expect(clock.now()).toBeLessThanOrEqual(60_000);
    expect(steps).toEqual([15_000, 30_000, 45_000, 60_000].filter((t) => t <= clock.now()));
    expect(ticks()).toBeGreaterThan(5);
  });

  it('changing speed keeps simulated time continuous', () => {
    const { wall, clock, pacer } = setup(1);
    pacer.setRunning(true);
    wall.run(2000);
    const at2s = clock.now();
    expect(at2s).toBeGreaterThan(1900);
    pacer.setSpeed(600);
    wall.run(3000);
    expect(clock.now() - at2s).toBeGreaterThan(500_000);
    expect(clock.now() - at2s).toBeLessThanOrEqual(600_000);
  });

  it('pausing stops simulated time; resuming does not jump over the pause', () => {
    const { wall, clock, pacer } = setup(10);
    pacer.setRunning(true);
    wall.run(1000);
    pacer.setRunning(false);
    const paused = clock.now();
    wall.run(5000);
    expect(clock.now()).toBe(paused);
    pacer.setRunning(true);
    wall.run(6000);
    expect(clock.now() - paused).toBeLessThanOrEqual(10_000);
    expect(clock.now() - paused).toBeGreaterThan(9000);
  });

  it('"max" runs scheduled work as fast as it goes, yielding between bounded slices', () => {
    const { wall, clock, pacer } = setup('max');
    wall.costPerRead = 1; // every step costs wall time, so slices end
    let steps = 0;
    clock.every(60_000, () => steps++);
    pacer.setRunning(true);
    wall.run(200);
    expect(steps).toBeGreaterThan(50);
    expect(clock.now()).toBe(steps * 60_000);
  });

  it('"max" yields after every task while work waits on promises (a command awaiting its readback)', () => {
    let waiting = true;
    const { wall, clock, pacer, ticks } = setup('max', () => waiting);
    wall.costPerRead = 0.001; // so fast that one slice could run for hours of simulated time
    clock.every(60_000, () => {});
    pacer.setRunning(true);
    wall.run(5);
    // each tick moved one task further, then gave the promises their turn
    expect(clock.now()).toBe(ticks() * 60_000);
    waiting = false;
    const before = clock.now();
    wall.run(10);
    expect(clock.now() - before).toBeGreaterThan(100 * 60_000);
  });

  it('drops a backlog it cannot catch up with instead of running behind forever', () => {
    const { wall, clock, pacer } = setup(1000);
    wall.costPerRead = 5; // each step costs 5 ms of wall time: 1000× is impossible
    clock.every(1000, () => {});
    pacer.setRunning(true);
    wall.run(20_000);
    const lagSim = 20_000 * 1000 - clock.now();
    expect(lagSim).toBeGreaterThan(0);
    // it keeps advancing (not stuck) even though it cannot reach the target speed
    expect(clock.now()).toBeGreaterThan(100_000);
  });
});
