import { describe, expect, it } from 'vitest';
import { DEFAULT_SUPERVISION, RestartTracker } from './supervisor';

describe('RestartTracker', () => {
  it('backs off 1 s, 2 s, 4 s … up to the cap, then gives up past maxRestarts in the window', () => {
    const t = new RestartTracker({
      baseBackoffMs: 1000,
      maxBackoffMs: 4000,
      maxRestarts: 4,
      windowMs: 60_000,
    });
    expect(t.onFailure(0)).toEqual({ action: 'restart', delayMs: 1000, attempt: 1 });
    expect(t.onFailure(1000)).toEqual({ action: 'restart', delayMs: 2000, attempt: 2 });
    expect(t.onFailure(3000)).toEqual({ action: 'restart', delayMs: 4000, attempt: 3 });
    expect(t.onFailure(7000)).toEqual({ action: 'restart', delayMs: 4000, attempt: 4 });
    expect(t.onFailure(11_000)).toEqual({ action: 'give_up', failuresInWindow: 5 });
  });

  it('forgets failures older than the window', () => {
    const t = new RestartTracker({ ...DEFAULT_SUPERVISION, maxRestarts: 2, windowMs: 10_000 });
    expect(t.onFailure(0).action).toBe('restart');
    expect(t.onFailure(5_000)).toMatchObject({ attempt: 2, delayMs: 2000 });
    // the failure at 0 is out of the window now, the one at 5 s is not
    expect(t.onFailure(12_000)).toMatchObject({ action: 'restart', attempt: 2 });
    expect(t.onFailure(13_000)).toEqual({ action: 'give_up', failuresInWindow: 3 });
  });

  it('the default policy caps at 60 s', () => {
    const t = new RestartTracker({ ...DEFAULT_SUPERVISION, maxRestarts: 100 });
    const delays = Array.from({ length: 9 }, (_, i) => {
      const d = t.onFailure(i);
      return d.action === 'restart' ? d.delayMs : -1;
    });
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000, 60_000]);
  });

  it('rejects a nonsensical policy', () => {
    expect(() => new RestartTracker({ ...DEFAULT_SUPERVISION, baseBackoffMs: 0 })).toThrow(RangeError);
    expect(() => new RestartTracker({ ...DEFAULT_SUPERVISION, maxBackoffMs: 10 })).toThrow(RangeError);
  });
});
