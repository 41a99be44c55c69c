import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createThrottle } from './throttle';

describe('createThrottle', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs the first request at once and merges the ones within the interval into one trailing run', () => {
    const run = vi.fn();
    const throttle = createThrottle(1000, run, () => Date.now());
    throttle.request();
    expect(run).toHaveBeenCalledTimes(1);
    for (let i = 0; i < 19; i++) {
      vi.advanceTimersByTime(50);
      throttle.request();
    }
    expect(run).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(50);
    expect(run).toHaveBeenCalledTimes(2); // the trailing run, 1 s after the first
    vi.advanceTimersByTime(5000);
    expect(run).toHaveBeenCalledTimes(2);
  });

  it('cancel drops the pending trailing run', () => {
    const run = vi.fn();
    const throttle = createThrottle(1000, run, () => Date.now());
    throttle.request();
    throttle.request();
    throttle.cancel();
    vi.advanceTimersByTime(2000);
    expect(run).toHaveBeenCalledTimes(1);
  });
});
