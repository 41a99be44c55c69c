// Real (wall-clock) times, for what follows the real world whatever the simulation does:
// audit records, logins, commands (an operator's select window runs on real time), field
// connections and their samples. Local time, 24-hour, zero-padded like simTime.ts.
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** 2026-12-01 14:03:07 */
export function formatWallDate(epochMs: number): string {
  const d = new Date(epochMs);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** 14:03:07.215 */
export function formatWallClock(epochMs: number): string {
  const d = new Date(epochMs);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}
