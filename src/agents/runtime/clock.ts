// The one clock of the console. Twin, agents, alarm timers and command timeouts all ask it
// the time and schedule on it; nothing in domain code reads the wall clock or sets its own
// timers. A SimulatedClock only moves when it is told to: by the real-time pacer in the
// core (1×, N×, as fast as possible) or by a test, which makes every test deterministic.

export type Cancel = () => void;

export interface Clock {
  /** current time, ms since the Unix epoch (simulated or real) */
  now(): number;
  /** run `task` once when the clock reaches `timeMs` */
  at(timeMs: number, task: () => void): Cancel;
  /** run `task` every `periodMs`, first at now + periodMs */
  every(periodMs: number, task: () => void): Cancel;
}

interface Scheduled {
  due: number;
  /** insertion order breaks ties, so tasks due at the same instant run in the order they were set */
  seq: number;
  task: () => void;
  cancelled: boolean;
}

export class SimulatedClock implements Clock {
  private current: number;
  private seq = 0;
  private readonly heap: Scheduled[] = [];

  constructor(startMs: number) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  at(timeMs: number, task: () => void): Cancel {
    const item: Scheduled = { due: Math.max(timeMs, this.current), seq: this.seq++, task, cancelled: false };
    this.push(item);
    return () => {
      item.cancelled = true;
    };
  }

  every(periodMs: number, task: () => void): Cancel {
    if (!(periodMs > 0)) throw new RangeError(`clock period must be positive, got ${periodMs}`);
    let cancelled = false;
    let cancelNext: Cancel = () => {};
    const schedule = (due: number) => {
      cancelNext = this.at(due, () => {
        if (cancelled) return;
        // schedule first: a task that throws must not silently stop its own period
        schedule(due + periodMs);
        task();
      });
    };
    schedule(this.current + periodMs);
    return () => {
      cancelled = true;
      cancelNext();
    };
  }

  /** when the earliest pending task is due, or undefined when nothing is scheduled */
  nextDue(): number | undefined {
    this.dropCancelled();
    return this.heap[0]?.due;
  }

  /**
   * Move time forward to `targetMs`, running every task due on the way in time order.
   * Time stands at each task's due time while it runs. Returns how many tasks ran.
   * A task that throws is reported through `onError` and does not stop the others.
   */
  advanceTo(targetMs: number, onError: (error: unknown) => void = rethrow): number {
    let ran = 0;
    for (;;) {
      this.dropCancelled();
      const next = this.heap[0];
      if (!next || next.due > targetMs) break;
      this.pop();
      this.current = next.due;
      ran++;
      try {
        next.task();
      } catch (error) {
        onError(error);
      }
    }
    if (targetMs > this.current) this.current = targetMs;
    return ran;
  }

  /** Move time forward by `ms` (convenience for tests and scenario runs). */
  advanceBy(ms: number): number {
    return this.advanceTo(this.current + ms);
  }

  private dropCancelled(): void {
    while (this.heap[0]?.cancelled) this.pop();
  }

  // A binary min-heap on (due, seq): one scheduler for thousands of agents, no timer per agent.
  private push(item: Scheduled): void {
    const heap = this.heap;
    heap.push(item);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!earlier(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }

  private pop(): void {
    const heap = this.heap;
    const last = heap.pop();
    if (!last || heap.length === 0) return;
    heap[0] = last;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < heap.length && earlier(heap[left]!, heap[smallest]!)) smallest = left;
      if (right < heap.length && earlier(heap[right]!, heap[smallest]!)) smallest = right;
      if (smallest === i) break;
      [heap[i], heap[smallest]] = [heap[smallest]!, heap[i]!];
      i = smallest;
    }
  }
}

function earlier(a: Scheduled, b: Scheduled): boolean {
  return a.due < b.due || (a.due === b.due && a.seq < b.seq);
}

function rethrow(error: unknown): never {
  throw error;
}
