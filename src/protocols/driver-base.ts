// Connection lifecycle shared by every driver, and its backoff. Time and timers come from the
// injected Clock, so a test drives backoff and staleness on a simulated clock; the network
// libraries' own socket timers are theirs.
import type { Cancel, Clock } from '../agents/runtime/clock';
import {
  errorMessage,
  statusPoint,
  type Driver,
  type DriverCounters,
  type DriverState,
  type DriverStatus,
  type Quality,
  type TagSample,
  type TagValue,
  type WriteResult,
} from './driver';
import { SampleCache, type TagBehaviour } from './tags/sample-cache';

/** Exponential backoff with a cap and deterministic jitter (seeded by the caller's random). */
export class Backoff {
  private attempt = 0;
  constructor(
    private readonly initialMs = 500,
    private readonly maxMs = 30_000,
    private readonly factor = 2,
    /** 0…1: how much of each delay is randomised, so many stations do not reconnect in lockstep */
    private readonly jitter = 0.2,
    private readonly random: () => number = () => 0.5,
  ) {}

  next(): number {
    const base = Math.min(this.maxMs, this.initialMs * this.factor ** this.attempt);
    this.attempt++;
    return Math.round(base * (1 - this.jitter / 2 + this.jitter * this.random()));
  }

  reset(): void {
    this.attempt = 0;
  }
}

/**
 * Connection lifecycle shared by every driver: connect, on failure or loss wait with backoff
 * and try again, publish status changes, and turn a lost connection into bad-quality samples
 * of every point with the reason, plus a bad `driver.<id>.status` sample for comms-loss alarms.
 */
export abstract class DriverBase implements Driver {
  abstract readonly protocol: string;
  protected readonly cache: SampleCache;
  private state: DriverState = 'stopped';
  private since: number;
  private lastError: DriverStatus['lastError'];
  private retryInMs: number | undefined;
  private cancelRetry: Cancel | undefined;
  private connectedOnce = false;
  private cancelHeartbeat: Cancel | undefined;
  /**
   * While connected the driver's status point reports good this often: a comms-loss alarm
   * fires on a tag that has been bad *or silent* too long, so health must keep being said.
   */
  protected heartbeatMs = 1000;
  private generation = 0;
  protected readonly counters: DriverCounters = { samples: 0, reads: 0, writes: 0, errors: 0, reconnects: 0 };
  private readonly statusListeners = new Set<(s: DriverStatus) => void>();
  private readonly sampleListeners = new Set<(s: TagSample[]) => void>();

  constructor(
    readonly id: string,
    protected readonly clock: Clock,
    protected readonly backoff: Backoff,
    behaviour: (point: string) => TagBehaviour,
  ) {
    this.since = clock.now();
    const own = statusPoint(id);
    const quiet: TagBehaviour = { deadband: 0, staleAfterMs: 0 };
    this.cache = new SampleCache(
      clock,
      (p) => (p === own ? quiet : behaviour(p)),
      (samples) => {
        this.counters.samples += samples.length;
        for (const l of this.sampleListeners) l(samples);
      },
    );
  }

  abstract endpoint(): string;
  /** open the connection and start polling/subscribing; reject when it cannot */
  protected abstract connect(): Promise<void>;
  /** close the connection and stop polling; never rejects */
  protected abstract disconnect(): Promise<void>;
  /** the points this driver serves (so a lost connection marks them all bad) */
  protected abstract points(): string[];
  abstract read(points: string[]): Promise<TagSample[]>;
  abstract write(point: string, value: TagValue): Promise<WriteResult>;

  start(): void {
    if (this.state !== 'stopped') return;
    this.attempt();
  }

  async stop(): Promise<void> {
    this.generation++;
    this.cancelRetry?.();
    this.cancelHeartbeat?.();
    this.cache.clear();
    await this.disconnect();
    this.setState('stopped');
  }

  status(): DriverStatus {
    return {
      id: this.id,
      protocol: this.protocol,
      endpoint: this.endpoint(),
      state: this.state,
      since: this.since,
      ...(this.lastError ? { lastError: this.lastError } : {}),
      ...(this.state === 'backoff' && this.retryInMs !== undefined ? { retryInMs: this.retryInMs } : {}),
      counters: { ...this.counters },
    };
  }

  onStatus(listener: (s: DriverStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  onSamples(listener: (s: TagSample[]) => void): () => void {
    this.sampleListeners.add(listener);
    return () => this.sampleListeners.delete(listener);
  }

  latest(): TagSample[] {
    return this.cache.latest();
  }

  /** a driver calls this when its connection dies under it (socket closed, keep-alive failed) */
  protected lost(error: unknown): void {
    if (this.state !== 'connected' && this.state !== 'connecting') return;
    this.fail(error);
  }

  /**
   * The connection broke but the protocol library is repairing it itself (OPC UA reconnects
   * and transfers its subscriptions): points go bad with the reason, the state says so, and
   * resumed() is called when it is back. No teardown, no backoff of ours.
   */
  protected suspended(error: unknown): void {
    if (this.state !== 'connected') return;
    this.noteError(error);
    this.cancelHeartbeat?.();
    const reason = `comms: ${errorMessage(error)}`;
    this.cache.allBad(reason, this.points());
    this.statusSample('bad', reason);
    this.setState('connecting');
  }

  protected resumed(): void {
    if (this.state !== 'connecting') return;
    this.counters.reconnects++;
    this.setState('connected');
    this.statusSample('good');
    this.cancelHeartbeat?.();
    this.cancelHeartbeat = this.clock.every(this.heartbeatMs, () => this.statusSample('good'));
  }

  protected noteError(error: unknown): void {
    this.counters.errors++;
    this.lastError = { message: errorMessage(error), time: this.clock.now() };
  }

  private attempt(): void {
    const generation = ++this.generation;
    this.setState('connecting');
    this.connect().then(
      () => {
        if (generation !== this.generation) return;
        if (this.connectedOnce) this.counters.reconnects++;
        this.connectedOnce = true;
        this.backoff.reset();
        this.setState('connected');
        this.statusSample('good');
        this.cancelHeartbeat?.();
        this.cancelHeartbeat = this.clock.every(this.heartbeatMs, () => this.statusSample('good'));
      },
      (error) => {
        if (generation !== this.generation) return;
        this.fail(error);
      },
    );
  }

  private fail(error: unknown): void {
    this.noteError(error);
    this.cancelHeartbeat?.();
    const generation = ++this.generation;
    void this.disconnect();
    const reason = `comms: ${errorMessage(error)}`;
    this.cache.allBad(reason, this.points());
    this.statusSample('bad', reason);
    this.retryInMs = this.backoff.next();
    this.setState('backoff');
    this.cancelRetry = this.clock.at(this.clock.now() + this.retryInMs, () => {
      if (generation === this.generation) this.attempt();
    });
  }

  private statusSample(quality: Quality, reason?: string): void {
    const now = this.clock.now();
    this.cache.acceptDirect([
      {
        point: statusPoint(this.id),
        value: quality === 'good' ? 1 : 0,
        quality,
        ...(reason ? { reason } : {}),
        sourceTime: now,
        receivedTime: now,
      },
    ]);
  }

  private setState(state: DriverState): void {
    if (state === this.state) return;
    this.state = state;
    this.since = this.clock.now();
    const status = this.status();
    for (const l of this.statusListeners) l(status);
  }
}
