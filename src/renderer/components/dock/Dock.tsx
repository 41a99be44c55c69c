import { useConsoleStore } from '../../store/consoleStore';
import { AuditView } from '../admin/AuditView';
import { UsersView } from '../admin/UsersView';
import { AgentsView } from '../agents/AgentsView';
import { AlarmJournalView } from '../alarms/AlarmJournalView';
import { AlarmSummaryPanel } from '../alarms/AlarmSummaryPanel';
import { AlertsPanel } from '../alerts/AlertsPanel';
import { RecentCommands } from '../commands/RecentCommands';
import { ConnectionsView } from '../connections/ConnectionsView';
import { IncidentsPanel } from '../incidents/IncidentsPanel';
import { DiagnosticsView } from '../displays/DiagnosticsView';
import { OverviewView } from '../displays/OverviewView';
import { ZoneView } from '../displays/ZoneView';
import { TrainingView } from '../training/TrainingView';
import { TrendsView } from '../trends/TrendsView';
import { usePermission } from '../usePermission';

/** The open bottom panel, if any (opened from the top bar, the alarm banner or the user menu). */
export function Dock() {
  const dock = useConsoleStore((s) => s.dock);
  const admin = usePermission('administer');
  switch (dock) {
    case 'alarms':
      return <AlarmSummaryPanel />;
    case 'journal':
      return <AlarmJournalView />;
    case 'commands':
      return <RecentCommands />;
    case 'alerts':
      return <AlertsPanel />;
    case 'agents':
      return <AgentsView />;
    case 'incidents':
      return <IncidentsPanel />;
    case 'connections':
      return <ConnectionsView />;
    case 'overview':
      return <OverviewView />;
    case 'zone':
      return <ZoneView />;
    case 'diagnostics':
      return <DiagnosticsView />;
    case 'trends':
      return <TrendsView />;
    case 'training':
      return <TrainingView />;
    // the core refuses these to anyone else anyway
    case 'audit':
      return admin ? <AuditView /> : null;
    case 'users':
      return admin ? <UsersView /> : null;
    default:
      return null;
  }
}
