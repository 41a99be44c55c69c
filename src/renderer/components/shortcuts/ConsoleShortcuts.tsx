import '../faceplate/faceplate.css';
import { useEffect } from 'react';
import { acknowledgeAlarms } from '../../store/alarmActions';
import { setDock, useConsoleStore } from '../../store/consoleStore';
import { setHelpOpen, silenceTone, toggleMuted, toggleTheme, usePrefsStore } from '../../store/prefsStore';
import { stopTone } from '../../store/alarmSound';
import { Modal } from '../Modal';
import { SHORTCUTS, shortcutFor, type ShortcutAction } from './shortcuts';

function typingIn(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return Boolean(el?.closest?.('input, textarea, select, [contenteditable="true"]'));
}

function perform(action: ShortcutAction, openHelp: () => void): void {
  const state = useConsoleStore.getState();
  switch (action.type) {
    case 'display':
      setDock(state.dock === action.display ? null : action.display);
      return;
    case 'close':
      setDock(null);
      return;
    case 'faceplate':
      document.querySelector<HTMLElement>('[data-testid="details"]')?.focus();
      return;
    case 'ack': {
      const banner = state.alarmSummary?.banner;
      const mayOperate = state.session?.permissions.includes('operate') ?? false;
      if (banner && !banner.acked && mayOperate) void acknowledgeAlarms([banner.id]);
      return;
    }
    case 'silence':
      stopTone();
      silenceTone();
      return;
    case 'mute':
      toggleMuted();
      return;
    case 'theme':
      toggleTheme();
      return;
    case 'help':
      openHelp();
      return;
  }
}

/** The console's keyboard shortcuts (see SHORTCUTS), and their list as a dialog. */
export function ConsoleShortcuts() {
  const help = usePrefsStore((s) => s.helpOpen);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.repeat) return;
      const action = shortcutFor(event, typingIn(event.target));
      if (!action) return;
      event.preventDefault();
      perform(action, () => setHelpOpen(true));
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  if (!help) return null;
  return (
    <Modal title="Keyboard shortcuts" testId="shortcuts-dialog" onClose={() => setHelpOpen(false)}>
      <table className="shortcut-table">
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={s.keys}>
              <th scope="row">
                <kbd>{s.keys}</kbd>
              </th>
              <td>{s.description}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="modal-actions">
        <button type="button" className="toolbar-button" onClick={() => setHelpOpen(false)}>
          Close
        </button>
      </div>
    </Modal>
  );
}
