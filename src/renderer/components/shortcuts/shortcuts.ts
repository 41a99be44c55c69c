// The console's keyboard shortcuts: one table for the handler and the help dialog.
// Alt+letter and Alt+digit are read from the physical key (event.code), so they work
// whatever the keyboard layout types with Alt.

export type DisplayName = 'overview' | 'zone' | 'diagnostics' | 'trends' | 'training';

export type ShortcutAction =
  | { type: 'display'; display: DisplayName }
  | { type: 'faceplate' }
  | { type: 'ack' }
  | { type: 'silence' }
  | { type: 'mute' }
  | { type: 'theme' }
  | { type: 'help' }
  | { type: 'close' };

export interface Shortcut {
  keys: string;
  description: string;
  /** handled elsewhere (the schematic's search box): listed in the help only */
  elsewhere?: boolean;
  action?: ShortcutAction;
  code?: string;
}

export const SHORTCUTS: readonly Shortcut[] = [
  {
    keys: 'Alt+1',
    code: 'Digit1',
    description: 'L1 Overview',
    action: { type: 'display', display: 'overview' },
  },
  { keys: 'Alt+2', code: 'Digit2', description: 'L2 Zone', action: { type: 'display', display: 'zone' } },
  {
    keys: 'Alt+3',
    code: 'Digit3',
    description: 'L3 Faceplate of the selection',
    action: { type: 'faceplate' },
  },
  {
    keys: 'Alt+4',
    code: 'Digit4',
    description: 'L4 Diagnostics',
    action: { type: 'display', display: 'diagnostics' },
  },
  { keys: 'Alt+5', code: 'Digit5', description: 'Trends', action: { type: 'display', display: 'trends' } },
  {
    keys: 'Alt+6',
    code: 'Digit6',
    description: 'Training',
    action: { type: 'display', display: 'training' },
  },
  { keys: 'Alt+0', code: 'Digit0', description: 'Close the bottom panel', action: { type: 'close' } },
  { keys: 'Alt+A', code: 'KeyA', description: "Acknowledge the banner's alarm", action: { type: 'ack' } },
  { keys: 'Alt+S', code: 'KeyS', description: 'Silence the alarm tone', action: { type: 'silence' } },
  { keys: 'Alt+M', code: 'KeyM', description: 'Mute or unmute alarm sounds', action: { type: 'mute' } },
  { keys: 'Alt+L', code: 'KeyL', description: 'Light or dark theme', action: { type: 'theme' } },
  { keys: '/  or  Ctrl+F', description: 'Find an element', elsewhere: true },
  { keys: 'Esc', description: 'Clear the selection', elsewhere: true },
  { keys: '?', description: 'This list', action: { type: 'help' } },
];

export interface KeyLike {
  key: string;
  code?: string;
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey?: boolean;
}

/**
 * The action of a key press, or null. `typing` (focus in a text field) leaves plain keys
 * to the field; Alt chords still work there, as they type nothing.
 */
export function shortcutFor(event: KeyLike, typing: boolean): ShortcutAction | null {
  if (event.ctrlKey || event.metaKey) return null;
  if (event.altKey) {
    const found = SHORTCUTS.find((s) => s.code !== undefined && s.code === event.code);
    return found?.action ?? null;
  }
  if (typing) return null;
  if (event.key === '?') return { type: 'help' };
  return null;
}
