// The simulated clock, shown in the operator's local time as YYYY-MM-DD and HH:MM:SS
// (24-hour, zero-padded: fixed width, and unambiguous whatever the OS locale).

const pad = (n: number) => String(n).padStart(2, '0');

export function formatSimDate(epochMs: number): string {
  const d = new Date(epochMs);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export function formatSimClock(epochMs: number): string {
  const d = new Date(epochMs);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}
