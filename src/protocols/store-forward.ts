// Store-and-forward between a driver and its upstream (historian, bus, broker). When the
// upstream refuses or is away, samples queue here in arrival order and are sent again, oldest
// first, once it takes them; nothing is dropped unless the queue reaches its bound, and then
// the drop is counted (never silent). Retries run on the injected clock.
import type { Cancel, Clock } from '../agents/runtime/clock';

export interface ForwardCounters {
  /** items handed to forward() */
  accepted: number;
  /** items the upstream took */
  delivered: number;
  /** items waiting */
  queued: number;
  /** items thrown away because the queue was full (oldest first) */
  dropped: number;
  /** failed deliveries (each retried later) */
  failures: number;
}

export class StoreAndForward<T> {
  private readonly queue: T[] = [];
  private head = 0;
  private sending = false;
  private retry: Cancel | undefined;
  private readonly counters = { accepted: 0, delivered: 0, dropped: 0, failures: 0 };

  constructor(
    private readonly clock: Clock,
    /** takes a batch or throws/rejects when the upstream is unavailable */
    private readonly upstream: (batch: T[]) => void | Promise<void>,
    private readonly options: { maxQueued?: number; batch?: number; retryMs?: number } = {},
  ) {}

  forward(items: T[]): void {
    this.counters.accepted += items.length;
    this.queue.push(...items);
    const max = this.options.maxQueued ?? 1_000_000;
    const excess = this.pending() - max;
    if (excess > 0) {
      this.head += excess;
      this.counters.dropped += excess;
    }
    void this.flush();
  }

  /** put items back at the front of the queue, to be sent before anything queued (a replay) */
  requeueFront(items: T[]): void {
    if (!items.length) return;
    this.queue.splice(this.head, 0, ...items);
    void this.flush();
  }

  pending(): number {
    return this.queue.length - this.head;
  }

  stats(): ForwardCounters {
    return { ...this.counters, queued: this.pending() };
  }

  /** try to send everything queued now (a reconnecting upstream calls this) */
  async flush(): Promise<void> {
    if (this.sending) return;
    this.sending = true;
    this.retry?.();
    this.retry = undefined;
    try {
      while (this.pending() > 0) {
        const size = Math.min(this.options.batch ?? 1000, this.pending());
        const batch = this.queue.slice(this.head, this.head + size);
        try {
          await this.upstream(batch);
        } catch {
          this.counters.failures++;
          this.retry = this.clock.at(
            this.clock.now() + (this.options.retryMs ?? 1000),
            () => void this.flush(),
          );
          return;
        }
        this.head += batch.length;
        this.counters.delivered += batch.length;
      }
      this.queue.length = 0;
      this.head = 0;
    } finally {
      this.sending = false;
    }
  }

  stop(): void {
    this.retry?.();
  }
}
