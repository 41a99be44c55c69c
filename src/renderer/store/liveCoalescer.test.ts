import { describe, expect, it } from 'vitest';
import { createLatestWinsCoalescer, type FrameScheduler } from './liveCoalescer';

interface Live {
  frame: { t: number };
  clock: { now: number };
}

/** A scheduler the test advances by hand, standing in for requestAnimationFrame. */
function manualFrames() {
  let queued: (() => void)[] = [];
  const schedule: FrameScheduler = (flush) => {
    queued.push(flush);
  };
  return {
    schedule,
    get scheduledCount() {
      return queued.length;
    },
    runFrame() {
      const due = queued;
      queued = [];
      for (const flush of due) flush();
    },
  };
}

function setup() {
  const frames = manualFrames();
  const applied: Partial<Live>[] = [];
  const coalescer = createLatestWinsCoalescer<Live>(frames.schedule, (latest) => applied.push(latest));
  return { frames, applied, coalescer };
}

describe('createLatestWinsCoalescer', () => {
  it('applies nothing until the next frame', () => {
    const { frames, applied, coalescer } = setup();
    coalescer.push('frame', { t: 1 });
    expect(applied).toEqual([]);
    frames.runFrame();
    expect(applied).toEqual([{ frame: { t: 1 } }]);
  });

  it('keeps only the latest value per key and applies all keys together', () => {
    const { frames, applied, coalescer } = setup();
    coalescer.push('frame', { t: 1 });
    coalescer.push('clock', { now: 10 });
    coalescer.push('frame', { t: 2 });
    coalescer.push('frame', { t: 3 });
    frames.runFrame();
    expect(applied).toEqual([{ frame: { t: 3 }, clock: { now: 10 } }]);
  });

  it('schedules one flush per frame however many pushes arrive', () => {
    const { frames, coalescer } = setup();
    for (let t = 0; t < 100; t++) coalescer.push('frame', { t });
    expect(frames.scheduledCount).toBe(1);
  });

  it('applies at most once per frame and does not re-apply stale values', () => {
    const { frames, applied, coalescer } = setup();
    coalescer.push('frame', { t: 1 });
    frames.runFrame();
    frames.runFrame();
    expect(applied).toHaveLength(1);
    coalescer.push('clock', { now: 5 });
    frames.runFrame();
    expect(applied).toEqual([{ frame: { t: 1 } }, { clock: { now: 5 } }]);
  });

  it('flushNow applies immediately and the pending frame then has nothing to do', () => {
    const { frames, applied, coalescer } = setup();
    coalescer.push('frame', { t: 7 });
    coalescer.flushNow();
    expect(applied).toEqual([{ frame: { t: 7 } }]);
    frames.runFrame();
    expect(applied).toHaveLength(1);
  });

  it('discard drops buffered values', () => {
    const { frames, applied, coalescer } = setup();
    coalescer.push('frame', { t: 1 });
    coalescer.discard();
    frames.runFrame();
    expect(applied).toEqual([]);
    coalescer.push('frame', { t: 2 });
    frames.runFrame();
    expect(applied).toEqual([{ frame: { t: 2 } }]);
  });

  it('discard with keys drops only those keys', () => {
    const { frames, applied, coalescer } = setup();
    coalescer.push('frame', { t: 1 });
    coalescer.push('clock', { now: 5 });
    coalescer.discard('frame');
    frames.runFrame();
    expect(applied).toEqual([{ clock: { now: 5 } }]);
  });
});
