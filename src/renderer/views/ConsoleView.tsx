import { useEffect } from 'react';
import { AlertBanner } from '../components/alerts/AlertBanner';
import { DetailsPanel } from '../components/details/DetailsPanel';
import { Dock } from '../components/dock/Dock';
import { ErrorBanner } from '../components/ErrorBanner';
import { Schematic } from '../components/schematic/Schematic';
import { TopBar } from '../components/topbar/TopBar';
import { select } from '../store/consoleStore';

/**
 * The operator's main screen: top bar, the headline alert, schematic filling the window,
 * details on the right, and a dock at the bottom for the alerts list or the agents view.
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
      <AlertBanner />
      <div className="workspace-area">
        <div className="workspace">
          <Schematic />
          <DetailsPanel />
        </div>
        <Dock />
      </div>
    </div>
  );
}
