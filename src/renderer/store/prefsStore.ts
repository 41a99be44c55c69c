// The operator's console preferences, remembered in localStorage: the theme (dark control
// room or light) and whether alarm sounds are muted; plus the alarm tone's live state.
import { create } from 'zustand';

export type Theme = 'dark' | 'light';

const THEME_KEY = 'aqueduct.theme';
const MUTED_KEY = 'aqueduct.muted';

function read(key: string): string | null {
  try {
    return globalThis.localStorage?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

function write(key: string, value: string): void {
  try {
    globalThis.localStorage?.setItem(key, value);
  } catch {
    // private mode or storage full: the preference lasts this session only
  }
}

export interface PrefsState {
  theme: Theme;
  muted: boolean;
  /** tones played since the page loaded (the e2e tests read it from the sound button) */
  tones: number;
  /** alarm ids whose tone the operator silenced (they do not sound again) */
  silenced: ReadonlySet<string>;
  /** alarm ids sounding now: unacknowledged P1/P2, not silenced */
  sounding: readonly string[];
  /** the keyboard shortcuts dialog is open */
  helpOpen: boolean;
}

export const usePrefsStore = create<PrefsState>()(() => ({
  theme: read(THEME_KEY) === 'light' ? 'light' : 'dark',
  muted: read(MUTED_KEY) === 'true',
  tones: 0,
  silenced: new Set(),
  sounding: [],
  helpOpen: false,
}));

function applyTheme(theme: Theme): void {
  if (typeof document === 'undefined') return;
  document.documentElement.dataset.theme = theme;
}

applyTheme(usePrefsStore.getState().theme);

export function setTheme(theme: Theme): void {
  write(THEME_KEY, theme);
  usePrefsStore.setState({ theme });
  applyTheme(theme);
}

export function toggleTheme(): void {
  setTheme(usePrefsStore.getState().theme === 'dark' ? 'light' : 'dark');
}

export function setMuted(muted: boolean): void {
  write(MUTED_KEY, String(muted));
  usePrefsStore.setState({ muted });
}

export function toggleMuted(): void {
  setMuted(!usePrefsStore.getState().muted);
}

export function countTone(): void {
  usePrefsStore.setState((s) => ({ tones: s.tones + 1 }));
}

export function setSounding(sounding: readonly string[]): void {
  usePrefsStore.setState({ sounding });
}

/** Silence what sounds now; a new alarm sounds again. */
export function silenceTone(): void {
  usePrefsStore.setState((s) => ({ silenced: new Set([...s.silenced, ...s.sounding]), sounding: [] }));
}

export function setHelpOpen(helpOpen: boolean): void {
  usePrefsStore.setState({ helpOpen });
}
