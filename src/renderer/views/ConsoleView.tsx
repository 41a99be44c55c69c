import { useEffect } from 'react';
import { AlarmBanner } from '../components/alarms/AlarmBanner';
import { DetailsPanel } from '../components/details/DetailsPanel';
import { Dock } from '../components/dock/Dock';
import { ErrorBanner } from '../components/ErrorBanner';
import { Schematic } from '../components/schematic/Schematic';
import { AlarmSoundPlayer } from '../components/shortcuts/AlarmSoundPlayer';
import { ConsoleShortcuts } from '../components/shortcuts/ConsoleShortcuts';
import { TopBar } from '../components/topbar/TopBar';
import { select } from '../store/consoleStore';

/**
 * The operator's main screen: top bar, the alarm banner, schematic filling the window,
 * details on the right, and a dock at the bottom (alarms, journal, commands, agents…).
 */
export function ConsoleView() {
  useEffect(() => {
    const closeOnEscape = (event: KeyboardEvent) => {
      if (event.key === 'Escape') select(null);
    };
    window.addEventListener('keydown', closeOnEscape);
    return () => window.removeEventListener('keydown', closeOnEscape);
  }, []);

  return (
    <div className="console">
      <TopBar />
      <ErrorBanner />
      <AlarmBanner />
      <div className="workspace-area">
        <div className="workspace">
          <Schematic />
          <DetailsPanel />
        </div>
        <Dock />
      </div>
      <ConsoleShortcuts />
      <AlarmSoundPlayer />
    </div>
  );
}
