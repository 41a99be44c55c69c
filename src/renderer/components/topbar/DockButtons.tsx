import { setDock, useConsoleStore, type DockPanel } from '../../store/consoleStore';
import { isOpenIncident } from '../../store/incidentHighlight';
import { useFieldStore } from '../../store/incidents';

/**
 * Toggles for the bottom dock: the alarm summary (with the unacknowledged count), the alarm
 * journal and KPIs, commands, the agents' messages, and the agents view.
 */
export function DockButtons() {
  const dock = useConsoleStore((s) => s.dock);
  const unacked = useConsoleStore((s) => s.alarmSummary?.counts.unacknowledged ?? 0);
  const alertCount = useConsoleStore((s) => s.alerts.length);
  const openIncidents = useFieldStore((s) => s.incidents.filter(isOpenIncident).length);
  const toggle = (panel: DockPanel) => setDock(dock === panel ? null : panel);
  const button = (panel: DockPanel, testId: string, label: string, title?: string) => (
    <button
      type="button"
      className="toolbar-button"
      data-testid={testId}
      aria-pressed={dock === panel}
      title={title}
      onClick={() => toggle(panel)}
    >
      {label}
    </button>
  );
  return (
    <div className="dock-buttons segmented" role="group" aria-label="Panels">
      {button('alarms', 'open-alarms', unacked > 0 ? `Alarms (${unacked})` : 'Alarms', 'Alarm summary')}
      {button('journal', 'open-journal', 'Journal', 'Alarm journal and KPIs')}
      {button('commands', 'open-commands', 'Commands', 'Recent commands')}
      {button(
        'alerts',
        'open-alerts',
        alertCount > 0 ? `Messages (${alertCount})` : 'Messages',
        "The agents' messages",
      )}
      {button('agents', 'open-agents', 'Agents')}
      {button(
        'incidents',
        'open-incidents',
        openIncidents > 0 ? `Incidents (${openIncidents})` : 'Incidents',
        'Leak incidents',
      )}
      {button('connections', 'open-connections', 'Connections', 'Field connections')}
    </div>
  );
}
