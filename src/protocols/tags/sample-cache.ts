// What a driver passes on of what the field says: deadband (with a heartbeat), duplicates and
// out-of-order samples dropped, stale detection on the injected clock, and every point bad with
// the reason when the connection is lost.
import type { Cancel, Clock } from '../../agents/runtime/clock';
import type { TagSample, TagValue } from '../driver';

/**
 * Whether a new value is worth passing on: any change of quality, a change larger than the
 * deadband, or no sample for `maxSilenceMs` (a heartbeat, so a flat value is not mistaken for
 * a dead instrument downstream). With no deadband, every newly timed sample passes.
 */
export function passesDeadband(
  previous: TagSample | undefined,
  next: TagSample,
  deadband: number,
  maxSilenceMs: number,
): boolean {
  if (!previous || previous.quality !== next.quality || previous.reason !== next.reason) return true;
  if (next.sourceTime - previous.sourceTime >= maxSilenceMs) return true;
  // no deadband: every new sample is news, an unchanged value included (a flat flow is a reading)
  if (deadband === 0 && next.sourceTime !== previous.sourceTime) return true;
  if (typeof next.value === 'number' && typeof previous.value === 'number')
    return (
      Math.abs(next.value - previous.value) > deadband ||
      Number.isNaN(next.value) !== Number.isNaN(previous.value)
    );
  return next.value !== previous.value;
}

export interface TagBehaviour {
  deadband: number;
  /** a point that has not updated for this long goes uncertain ('stale'); 0 = never */
  staleAfterMs: number;
}

/**
 * The sample cache a driver keeps: applies deadband, marks silent points stale, and marks
 * every point bad with the reason when the connection is lost. Drivers feed it raw samples;
 * it calls `emit` with what downstream should see.
 */
export class SampleCache {
  private readonly last = new Map<string, TagSample>();
  /** last sample actually emitted (deadband compares against this) */
  private readonly emitted = new Map<string, TagSample>();
  private readonly staleTimers = new Map<string, Cancel>();

  constructor(
    private readonly clock: Clock,
    private readonly behaviour: (point: string) => TagBehaviour,
    private readonly emit: (samples: TagSample[]) => void,
    /** heartbeat: pass an unchanged value on at least this often */
    private readonly maxSilenceMs = 60_000,
  ) {}

  latest(): TagSample[] {
    return [...this.last.values()];
  }

  get(point: string): TagSample | undefined {
    return this.last.get(point);
  }

  /** good samples older than the newest one already had: a replay's duplicates, or out of order */
  older = 0;
  private readonly newestGood = new Map<string, { time: number; value: TagValue | null }>();

  accept(samples: TagSample[]): void {
    const out: TagSample[] = [];
    for (const s of samples) {
      if (s.quality === 'good') {
        const newest = this.newestGood.get(s.point);
        if (
          newest &&
          (s.sourceTime < newest.time || (s.sourceTime === newest.time && s.value === newest.value))
        ) {
          this.older++;
          continue;
        }
        this.newestGood.set(s.point, { time: s.sourceTime, value: s.value });
      }
      this.last.set(s.point, s);
      const b = this.behaviour(s.point);
      this.armStale(s.point, b.staleAfterMs);
      if (passesDeadband(this.emitted.get(s.point), s, b.deadband, this.maxSilenceMs)) {
        this.emitted.set(s.point, s);
        out.push(s);
      }
    }
    if (out.length) this.emit(out);
  }

  /** record and pass on without deadband (the driver's own status heartbeat) */
  acceptDirect(samples: TagSample[]): void {
    for (const s of samples) {
      this.last.set(s.point, s);
      this.emitted.set(s.point, s);
    }
    if (samples.length) this.emit(samples);
  }

  /** every known point (and any listed) goes bad with `reason`, once */
  allBad(reason: string, points: Iterable<string> = []): void {
    const now = this.clock.now();
    const all = new Set([...this.last.keys(), ...points]);
    const bad: TagSample[] = [];
    for (const point of all) {
      const prev = this.last.get(point);
      if (prev?.quality === 'bad' && prev.reason === reason) continue;
      bad.push({
        point,
        value: prev?.value ?? null,
        quality: 'bad',
        reason,
        sourceTime: now,
        receivedTime: now,
      });
    }
    this.accept(bad);
  }

  clear(): void {
    for (const cancel of this.staleTimers.values()) cancel();
    this.staleTimers.clear();
  }

  private armStale(point: string, afterMs: number): void {
    this.staleTimers.get(point)?.();
    if (!(afterMs > 0)) return;
    this.staleTimers.set(
      point,
      this.clock.at(this.clock.now() + afterMs, () => {
        const prev = this.last.get(point);
        if (!prev || prev.quality === 'bad') return;
        const now = this.clock.now();
        this.accept([{ ...prev, quality: 'uncertain', reason: 'stale', receivedTime: now }]);
      }),
    );
  }
}
