// On-delay and off-delay of one alarm, on the injected clock. The raw condition must hold for
// the on-delay before the alarm activates, and be gone for the off-delay before it clears; a
// raw change back before the delay ends cancels the pending change. With both delays zero it
// is a pass-through that never touches the clock (the common case, and the cheap one).
import type { Cancel, Clock } from '../../agents/runtime/clock';

export class OnOffDelay {
  private filtered = false;
  private pendingTarget: boolean | undefined;
  private cancelPending: Cancel | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly onDelayMs: number,
    private readonly offDelayMs: number,
    /** called when the filtered condition changes, with the time it changed */
    private readonly onChange: (active: boolean, time: number) => void,
  ) {}

  get active(): boolean {
    return this.filtered;
  }

  /** feed the raw condition observed at `time` */
  set(raw: boolean, time: number): void {
    if (raw === this.filtered) {
      this.cancel();
      return;
    }
    if (raw === this.pendingTarget) return; // already waiting for exactly this change
    this.cancel();
    const delay = raw ? this.onDelayMs : this.offDelayMs;
    if (delay <= 0) {
      this.commit(raw, time);
      return;
    }
    this.pendingTarget = raw;
    // Measured from the reading's time, so a reading delivered late does not stretch the delay.
    this.cancelPending = this.clock.at(time + delay, () => {
      this.pendingTarget = undefined;
      this.cancelPending = undefined;
      this.commit(raw, this.clock.now());
    });
  }

  dispose(): void {
    this.cancel();
  }

  private commit(active: boolean, time: number): void {
    this.filtered = active;
    this.onChange(active, time);
  }

  private cancel(): void {
    this.cancelPending?.();
    this.cancelPending = undefined;
    this.pendingTarget = undefined;
  }
}
