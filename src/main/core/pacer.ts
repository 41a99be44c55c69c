// The pacer moves the simulated clock along with the wall clock: 1× for live operation,
// N× for training, or as fast as the machine goes for scenario runs. It is the only place
// where wall time meets simulated time. Work per tick is bounded so the event loop (and
// with it the UI transport) stays responsive even when the twin cannot keep up.
import type { SimulatedClock } from '../../agents/runtime/clock';
import type { Speed } from '../../shared/contract';

export interface WallClock {
  now(): number;
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export const systemWallClock: WallClock = {
  now: () => performance.now(),
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** how often the simulated time shown to operators is refreshed, wall ms */
const TICK_MS = 50;
/** wall ms of simulation work per tick before yielding to I/O */
const BUDGET_MS = 25;
/** further behind than this (wall ms) and the pacer stops trying to catch up */
const MAX_LAG_MS = 2000;

export class Pacer {
  private speedValue: Speed;
  private runningValue = false;
  private anchorWall = 0;
  private anchorSim = 0;
  private handle: unknown = null;

  constructor(
    private readonly clock: SimulatedClock,
    private readonly wall: WallClock,
    /** called after each tick that moved the clock */
    private readonly onTick: () => void,
    private readonly onError: (error: unknown) => void,
    speed: Speed = 1,
    /**
     * true while work that waits on promises (a command's readback) must run before time moves
     * further: the tick then yields after each task instead of running its whole budget
     */
    private readonly mustYield: () => boolean = () => false,
  ) {
    this.speedValue = speed;
  }

  get speed(): Speed {
    return this.speedValue;
  }

  get running(): boolean {
    return this.runningValue;
  }

  setSpeed(speed: Speed): void {
    this.reanchor();
    this.speedValue = speed;
    this.reschedule(0);
  }

  setRunning(running: boolean): void {
    if (running === this.runningValue) return;
    this.runningValue = running;
    this.reanchor();
    if (running) this.reschedule(0);
    else this.cancel();
  }

  stop(): void {
    this.runningValue = false;
    this.cancel();
  }

  private reanchor(): void {
    this.anchorWall = this.wall.now();
    this.anchorSim = this.clock.now();
  }

  private cancel(): void {
    if (this.handle !== null) this.wall.clear(this.handle);
    this.handle = null;
  }

  private reschedule(ms: number): void {
    this.cancel();
    if (this.runningValue) this.handle = this.wall.set(() => this.tick(), ms);
  }

  private tick(): void {
    this.handle = null;
    if (!this.runningValue) return;
    const started = this.wall.now();
    let yieldEarly = false;
    try {
      if (this.speedValue === 'max') {
        yieldEarly = true;
        while (this.wall.now() - started < BUDGET_MS) {
          const next = this.clock.nextDue();
          this.clock.advanceTo(next ?? this.clock.now() + 1000, this.onError);
          if (this.mustYield()) break;
        }
        this.reanchor();
      } else {
        const target = this.anchorSim + (started - this.anchorWall) * this.speedValue;
        // step task by task so a long catch-up (after a sleep, or a slow network) yields in between
        for (;;) {
          const next = this.clock.nextDue();
          if (next === undefined || next > target) {
            this.clock.advanceTo(target, this.onError);
            break;
          }
          this.clock.advanceTo(next, this.onError);
          if (this.wall.now() - started > BUDGET_MS || this.mustYield()) {
            yieldEarly = true;
            break;
          }
        }
        if (yieldEarly && (target - this.clock.now()) / this.speedValue > MAX_LAG_MS) {
          // cannot keep up at this speed: drop the backlog instead of running behind forever
          this.reanchor();
        }
      }
    } catch (error) {
      this.onError(error);
    }
    this.onTick();
    this.reschedule(yieldEarly ? 0 : TICK_MS);
  }
}
