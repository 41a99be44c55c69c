// Wall-clock time for what must follow the real world whatever the simulation does: audit
// timestamps, login lockouts, session idle locks. The simulated clock drives everything else.
import type { Cancel, Clock } from '../../agents/runtime/clock';

export const systemClock: Clock = {
  now: () => Date.now(),
  at(timeMs: number, task: () => void): Cancel {
    const handle = setTimeout(task, Math.max(0, timeMs - Date.now()));
    handle.unref?.();
    return () => clearTimeout(handle);
  },
  every(periodMs: number, task: () => void): Cancel {
    const handle = setInterval(task, periodMs);
    handle.unref?.();
    return () => clearInterval(handle);
  },
};
