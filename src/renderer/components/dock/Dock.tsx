import { useConsoleStore } from '../../store/consoleStore';
import { AgentsView } from '../agents/AgentsView';
import { AlertsPanel } from '../alerts/AlertsPanel';

/** The open bottom panel, if any (opened from the top bar or the alert banner). */
export function Dock() {
  const dock = useConsoleStore((s) => s.dock);
  if (dock === 'alerts') return <AlertsPanel />;
  if (dock === 'agents') return <AgentsView />;
  return null;
}
