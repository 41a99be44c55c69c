/** A request-merging throttle: see createThrottle. */
export interface Throttle {
  /** run now, or once the interval since the last run has passed; requests meanwhile merge into one */
  request(): void;
  cancel(): void;
}

/**
 * Limits how often something is fetched while pushes that make it stale keep coming
 * (agents.abnormal arrives with every flush at Max speed), without ever dropping the last
 * request: the trailing run always happens.
 */
export function createThrottle(intervalMs: number, run: () => void, now = () => performance.now()): Throttle {
  let last = -Infinity;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const fire = () => {
    timer = undefined;
    last = now();
    run();
  };
  return {
    request() {
      if (timer !== undefined) return;
      const wait = last + intervalMs - now();
      if (wait <= 0) fire();
      else timer = setTimeout(fire, wait);
    },
    cancel() {
      clearTimeout(timer);
      timer = undefined;
    },
  };
}
