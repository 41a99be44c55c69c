// One blink for the whole console: every unacknowledged alarm blinks in step (CSS animations
// would each start when their row appeared, and a list of them would flicker out of phase).
// The phase is an attribute on <html>; alarms.css dims the priority shapes in the off phase.

const HALF_PERIOD_MS = 500;

/** Start the shared blink; returns a function that stops it. */
export function startBlinkClock(root: HTMLElement = document.documentElement): () => void {
  let on = true;
  root.dataset.blink = 'on';
  const timer = setInterval(() => {
    on = !on;
    root.dataset.blink = on ? 'on' : 'off';
  }, HALF_PERIOD_MS);
  return () => {
    clearInterval(timer);
    delete root.dataset.blink;
  };
}
