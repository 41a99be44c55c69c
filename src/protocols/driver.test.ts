// The shared driver machinery on a simulated clock: backoff, reconnect, bad quality with the
// reason on connection loss, deadband, stale detection, and store-and-forward counting.
import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '../agents/runtime/clock';
import { statusPoint, type TagSample, type WriteResult } from './driver';
import { Backoff, DriverBase } from './driver-base';
import { passesDeadband, SampleCache } from './tags/sample-cache';
import { StoreAndForward } from './store-forward';

const T0 = Date.UTC(2026, 0, 5);
const sample = (
  point: string,
  value: number,
  time: number,
  quality: TagSample['quality'] = 'good',
): TagSample => ({
  point,
  value,
  quality,
  sourceTime: time,
  receivedTime: time,
});

/** a driver whose "network" is a flag the test flips */
class FakeLink extends DriverBase {
  readonly protocol = 'test';
  up = false;
  attempts = 0;
  constructor(clock: SimulatedClock) {
    super('d1', clock, new Backoff(1000, 8000, 2, 0), () => ({ deadband: 0.5, staleAfterMs: 10_000 }));
  }
  endpoint() {
    return 'test://';
  }
  protected async connect() {
    this.attempts++;
    if (!this.up) throw new Error('ECONNREFUSED');
  }
  protected async disconnect() {}
  protected points() {
    return ['node.J1.pressure'];
  }
  async read() {
    return [];
  }
  async write(): Promise<WriteResult> {
    throw new Error('no');
  }
  feed(s: TagSample[]) {
    this.cache.accept(s);
  }
  drop() {
    this.lost(new Error('socket closed'));
  }
}

const flush = () => new Promise((r) => setImmediate(r));

describe('driver lifecycle', () => {
  it('retries with exponential backoff, then marks everything bad with the reason on loss', async () => {
    const clock = new SimulatedClock(T0);
    const d = new FakeLink(clock);
    const seen: TagSample[] = [];
    const states: string[] = [];
    d.onSamples((s) => seen.push(...s));
    d.onStatus((s) => states.push(`${s.state}${s.retryInMs ? `:${s.retryInMs}` : ''}`));
    d.start();
    await flush();
    for (const wait of [1000, 2000, 4000]) {
      clock.advanceBy(wait);
      await flush();
    }
    expect(states).toEqual([
      'connecting',
      'backoff:1000',
      'connecting',
      'backoff:2000',
      'connecting',
      'backoff:4000',
      'connecting',
      'backoff:8000',
    ]);
    expect(d.status().lastError?.message).toBe('ECONNREFUSED');
    expect(seen.find((s) => s.point === statusPoint('d1'))).toMatchObject({
      quality: 'bad',
      reason: 'comms: ECONNREFUSED',
    });
    d.up = true;
    clock.advanceBy(8000);
    await flush();
    expect(d.status().state).toBe('connected');
    d.feed([sample('node.J1.pressure', 40, clock.now())]);
    d.drop();
    await flush();
    expect(d.latest().find((s) => s.point === 'node.J1.pressure')).toMatchObject({
      value: 40,
      quality: 'bad',
      reason: 'comms: socket closed',
    });
    // the backoff started again from the first delay after a good connection
    expect(d.status().retryInMs).toBe(1000);
    clock.advanceBy(1000);
    await flush();
    expect(d.status()).toMatchObject({ state: 'connected', counters: { reconnects: 1 } });
    await d.stop();
    expect(d.status().state).toBe('stopped');
  });

  it('passes changes beyond the deadband, quality changes and a heartbeat; a silent point goes stale', async () => {
    const clock = new SimulatedClock(T0);
    const d = new FakeLink(clock);
    d.up = true;
    const seen: TagSample[] = [];
    d.onSamples((s) => seen.push(...s.filter((x) => x.point === 'node.J1.pressure')));
    d.start();
    await flush();
    for (const [dt, v] of [
      [0, 40],
      [1, 40.3],
      [2, 40.6],
      [3, 40.7],
    ] as const)
      d.feed([sample('node.J1.pressure', v, T0 + dt * 1000)]);
    expect(seen.map((s) => s.value)).toEqual([40, 40.6]);
    clock.advanceBy(3000 + 10_000);
    expect(seen.at(-1)).toMatchObject({ quality: 'uncertain', reason: 'stale', value: 40.7 });
    d.feed([sample('node.J1.pressure', 40.7, clock.now())]);
    expect(seen.at(-1)).toMatchObject({ quality: 'good' });
    await d.stop();
  });

  it('drops a replayed or out-of-order good sample, but passes an unchanged value with a new time', async () => {
    const clock = new SimulatedClock(T0);
    const d = new FakeLink(clock);
    const seen: TagSample[] = [];
    d.onSamples((s) => seen.push(...s.filter((x) => x.point === 'node.J1.seq')));
    d.feed([sample('node.J1.seq', 1, T0 + 1000), sample('node.J1.seq', 2, T0 + 2000)]);
    d.feed([sample('node.J1.seq', 1, T0 + 1000), sample('node.J1.seq', 2, T0 + 2000)]); // a replay
    expect(seen.map((s) => s.value)).toEqual([1, 2]);
    const noDeadband = new SampleCache(
      clock,
      () => ({ deadband: 0, staleAfterMs: 0 }),
      (s) => seen.push(...s),
    );
    noDeadband.accept([
      sample('link.P1.flow', 0, T0),
      sample('link.P1.flow', 0, T0 + 60_000),
      sample('link.P1.flow', 0, T0 + 60_000),
    ]);
    expect(seen.filter((s) => s.point === 'link.P1.flow').map((s) => s.sourceTime)).toEqual([
      T0,
      T0 + 60_000,
    ]);
    expect(noDeadband.older).toBe(1);
  });

  it('deadband of a non-numeric value passes any change', () => {
    const a = { point: 'p', value: 'on', quality: 'good' as const, sourceTime: 0, receivedTime: 0 };
    expect(passesDeadband(a, { ...a, value: 'off' }, 5, 60_000)).toBe(true);
    expect(passesDeadband(a, { ...a, sourceTime: 1 }, 5, 60_000)).toBe(false);
    expect(passesDeadband(a, { ...a, sourceTime: 60_000 }, 5, 60_000)).toBe(true);
  });
});

describe('store-and-forward', () => {
  it('holds everything while the upstream is away and delivers it in order when it is back', async () => {
    const clock = new SimulatedClock(T0);
    let up = false;
    const got: number[] = [];
    const sf = new StoreAndForward<number>(
      clock,
      (batch) => {
        if (!up) throw new Error('down');
        got.push(...batch);
      },
      { retryMs: 500, batch: 7 },
    );
    for (let i = 0; i < 100; i++) sf.forward([i]);
    await flush();
    expect(sf.stats()).toMatchObject({ accepted: 100, delivered: 0, queued: 100, dropped: 0 });
    up = true;
    clock.advanceBy(500);
    for (let i = 0; i < 20; i++) await flush();
    expect(got).toEqual([...Array(100).keys()]);
    expect(sf.stats()).toMatchObject({ accepted: 100, delivered: 100, queued: 0 });
  });

  it('counts what it must drop when the queue is full, oldest first', async () => {
    const clock = new SimulatedClock(T0);
    const sf = new StoreAndForward<number>(clock, () => Promise.reject(new Error('down')), { maxQueued: 10 });
    sf.forward([...Array(25).keys()]);
    await flush();
    expect(sf.stats()).toMatchObject({ accepted: 25, queued: 10, dropped: 15 });
    sf.stop();
  });
});
