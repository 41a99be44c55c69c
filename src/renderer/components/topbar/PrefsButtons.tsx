import { setHelpOpen, toggleMuted, toggleTheme, usePrefsStore } from '../../store/prefsStore';

/** Dark control-room theme or light theme (remembered), alarm sound on or muted (remembered). */
export function PrefsButtons() {
  const theme = usePrefsStore((s) => s.theme);
  const muted = usePrefsStore((s) => s.muted);
  const tones = usePrefsStore((s) => s.tones);
  const sounding = usePrefsStore((s) => s.sounding.length);
  return (
    <div className="prefs-buttons segmented" role="group" aria-label="Console preferences">
      <button
        type="button"
        className="toolbar-button"
        data-testid="theme-toggle"
        data-theme-now={theme}
        aria-pressed={theme === 'light'}
        aria-label="Light theme"
        title="Light or dark theme (Alt+L)"
        onClick={toggleTheme}
      >
        {theme === 'light' ? '☀ Light' : '☾ Dark'}
      </button>
      <button
        type="button"
        className="toolbar-button"
        data-testid="sound-toggle"
        data-tones={tones}
        data-sounding={sounding}
        aria-pressed={muted}
        aria-label="Mute alarm sounds"
        title="Mute or unmute the alarm tone (Alt+M); Alt+S silences the current one"
        onClick={toggleMuted}
      >
        {muted ? 'Muted' : sounding > 0 ? 'Sounding' : 'Sound'}
      </button>
      <button
        type="button"
        className="toolbar-button"
        data-testid="shortcuts-help"
        aria-label="Keyboard shortcuts"
        title="Keyboard shortcuts (?)"
        onClick={() => setHelpOpen(true)}
      >
        ?
      </button>
    </div>
  );
}
