// Live pushes (twin.frame, clock.state) can arrive faster than the screen repaints,
// especially at "Max" speed. Applying each one to the store would re-render the console
// for frames nobody sees, so they are buffered here and applied at most once per
// animation frame, latest value winning. While the window is hidden the browser stops
// calling requestAnimationFrame; the buffer then holds one value per key, never a backlog.

/** Runs `flush` once, before the next repaint (requestAnimationFrame in the app). */
export type FrameScheduler = (flush: () => void) => void;

export interface LatestWinsCoalescer<M extends object> {
  /** Buffer `value` under `key`, replacing any value not yet applied. */
  push<K extends keyof M>(key: K, value: M[K]): void;
  /** Apply whatever is buffered now, without waiting for the next frame. */
  flushNow(): void;
  /**
   * Forget what is buffered under `keys` (all keys if none given), e.g. frames of a
   * network that has just been replaced, while keeping values that do not depend on it.
   */
  discard(...keys: (keyof M)[]): void;
}

export function createLatestWinsCoalescer<M extends object>(
  schedule: FrameScheduler,
  apply: (latest: Partial<M>) => void,
): LatestWinsCoalescer<M> {
  let buffered: Partial<M> = {};
  let hasBuffered = false;
  let flushScheduled = false;

  function flushNow(): void {
    if (!hasBuffered) return;
    const latest = buffered;
    buffered = {};
    hasBuffered = false;
    apply(latest);
  }

  return {
    push(key, value) {
      buffered[key] = value;
      hasBuffered = true;
      if (flushScheduled) return;
      flushScheduled = true;
      schedule(() => {
        flushScheduled = false;
        flushNow();
      });
    },
    flushNow,
    discard(...keys) {
      if (keys.length === 0) buffered = {};
      else for (const key of keys) delete buffered[key];
      hasBuffered = Object.keys(buffered).length > 0;
    },
  };
}

/** The app's scheduler: one flush per browser animation frame. */
export const animationFrameScheduler: FrameScheduler = (flush) => {
  requestAnimationFrame(() => flush());
};
