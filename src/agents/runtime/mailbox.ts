// A FIFO with an optional bound: an agent's mailbox, and the runtime's queue of agents with work.
//
// A ring buffer that grows by doubling up to its capacity. When full, pushing drops the OLDEST
// item: for an agent that is down, the newest readings are worth more than stale ones, and the
// caller counts the drop so the loss is visible in health reports.
export class Fifo<T> {
  private items: (T | undefined)[];
  private head = 0;
  private count = 0;

  /** @param capacity most items kept (Infinity for unbounded) */
  constructor(readonly capacity: number = Infinity) {
    if (!(capacity >= 1)) throw new RangeError(`queue capacity must be at least 1, got ${capacity}`);
    this.items = new Array<T | undefined>(Math.min(capacity, 16));
  }

  get size(): number {
    return this.count;
  }

  /** Appends `item`; returns the item dropped to make room, if one was. */
  push(item: T): { dropped: T } | undefined {
    let dropped: { dropped: T } | undefined;
    if (this.count === this.capacity) {
      dropped = { dropped: this.shift()! };
    } else if (this.count === this.items.length) {
      this.grow();
    }
    this.items[(this.head + this.count) % this.items.length] = item;
    this.count++;
    return dropped;
  }

  shift(): T | undefined {
    if (this.count === 0) return undefined;
    const item = this.items[this.head];
    this.items[this.head] = undefined;
    this.head = (this.head + 1) % this.items.length;
    this.count--;
    return item;
  }

  /** Oldest first; a copy. */
  toArray(): T[] {
    const out: T[] = [];
    for (let i = 0; i < this.count; i++) out.push(this.items[(this.head + i) % this.items.length]!);
    return out;
  }

  clear(): number {
    const n = this.count;
    this.items = new Array<T | undefined>(Math.min(this.capacity, 16));
    this.head = 0;
    this.count = 0;
    return n;
  }

  private grow(): void {
    const next = new Array<T | undefined>(Math.min(this.capacity, this.items.length * 2));
    for (let i = 0; i < this.count; i++) next[i] = this.items[(this.head + i) % this.items.length];
    this.items = next;
    this.head = 0;
  }
}
