import { useEffect } from 'react';
import { DetailsPanel } from '../components/details/DetailsPanel';
import { ErrorBanner } from '../components/ErrorBanner';
import { Schematic } from '../components/schematic/Schematic';
import { TopBar } from '../components/topbar/TopBar';
import { select } from '../store/consoleStore';

/** The operator's main screen: top bar, schematic filling the window, details on the right. */
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
      <div className="workspace">
        <Schematic />
        <DetailsPanel />
      </div>
    </div>
  );
}
