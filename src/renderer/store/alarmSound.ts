// The alarm tone: a short beep made with the Web Audio API (no audio file), sounded when a
// new unacknowledged priority 1 or 2 alarm arrives and repeated until it is acknowledged,
// silenced (that alarm only) or sounds are muted (all, remembered).
import type { AlarmView } from '../../shared/operations';

/** priorities that sound */
export const AUDIBLE_PRIORITIES = new Set([1, 2]);
/** an alarm still unacknowledged sounds again this often (wall time) */
export const REPEAT_MS = 15_000;

/** Unacknowledged P1/P2 alarms not silenced: those that should sound. */
export function audibleAlarms(alarms: readonly AlarmView[], silenced: ReadonlySet<string>): string[] {
  return alarms
    .filter((a) => AUDIBLE_PRIORITIES.has(a.priority) && !a.acked && a.active && !silenced.has(a.id))
    .map((a) => a.id);
}

/** Ids in `now` that were not in `before`: a new alarm, which sounds at once. */
export function newIds(before: readonly string[], now: readonly string[]): string[] {
  const seen = new Set(before);
  return now.filter((id) => !seen.has(id));
}

let context: AudioContext | null = null;
let playing: OscillatorNode[] = [];

/** Two short beeps for priority 1, one for priority 2. Returns false where audio is unavailable. */
export function playTone(priority: number): boolean {
  const Ctor = globalThis.AudioContext;
  if (!Ctor) return false;
  try {
    context ??= new Ctor();
    if (context.state === 'suspended') void context.resume();
    const beeps = priority === 1 ? 2 : 1;
    for (let i = 0; i < beeps; i++) {
      const start = context.currentTime + i * 0.25;
      const osc = context.createOscillator();
      const gain = context.createGain();
      osc.type = 'square';
      osc.frequency.value = priority === 1 ? 880 : 660;
      gain.gain.setValueAtTime(0.0001, start);
      gain.gain.exponentialRampToValueAtTime(0.15, start + 0.01);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.18);
      osc.connect(gain).connect(context.destination);
      osc.start(start);
      osc.stop(start + 0.2);
      osc.onended = () => (playing = playing.filter((o) => o !== osc));
      playing.push(osc);
    }
    return true;
  } catch {
    return false;
  }
}

/** Stop a tone that is playing now (silence). */
export function stopTone(): void {
  for (const osc of playing) {
    try {
      osc.stop();
    } catch {
      // already stopped
    }
  }
  playing = [];
}
