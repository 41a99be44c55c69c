// Operators arrange their screens once; the console reopens where it was.
import { readFileSync, writeFileSync } from 'node:fs';
import { z } from 'zod';

const WindowState = z.object({
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  width: z.number().int().min(640).max(16_384),
  height: z.number().int().min(480).max(16_384),
  maximized: z.boolean(),
});
export type WindowState = z.infer<typeof WindowState>;

export const DEFAULT_WINDOW: WindowState = { width: 1440, height: 900, maximized: false };

/** A missing or damaged state file gives the default window, never an error. */
export function readWindowState(file: string): WindowState {
  try {
    const parsed = WindowState.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : DEFAULT_WINDOW;
  } catch {
    return DEFAULT_WINDOW;
  }
}

export function writeWindowState(file: string, state: WindowState): void {
  const parsed = WindowState.safeParse(state);
  if (parsed.success) writeFileSync(file, JSON.stringify(parsed.data));
}

/** Keep the window on a screen that still exists (a laptop undocked from the wall display). */
export function onScreen(
  state: WindowState,
  displays: { x: number; y: number; width: number; height: number }[],
): WindowState {
  if (state.x === undefined || state.y === undefined) return state;
  const { x, y } = state;
  const visible = displays.some(
    (d) => x + 100 > d.x && x < d.x + d.width - 100 && y >= d.y && y < d.y + d.height - 50,
  );
  return visible ? state : { width: state.width, height: state.height, maximized: state.maximized };
}
