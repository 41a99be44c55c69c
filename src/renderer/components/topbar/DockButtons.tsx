import { setDock, useConsoleStore, type DockPanel } from '../../store/consoleStore';

/** Toggles for the bottom dock: recent alerts (with their count) and the agents view. */
export function DockButtons() {
  const dock = useConsoleStore((s) => s.dock);
  const alertCount = useConsoleStore((s) => s.alerts.length);
  const toggle = (panel: DockPanel) => setDock(dock === panel ? null : panel);
  return (
    <div className="dock-buttons">
      <button
        type="button"
        className="toolbar-button"
        data-testid="open-alerts"
        aria-pressed={dock === 'alerts'}
        onClick={() => toggle('alerts')}
      >
        Alerts{alertCount > 0 ? ` (${alertCount})` : ''}
      </button>
      <button
        type="button"
        className="toolbar-button"
        data-testid="open-agents"
        aria-pressed={dock === 'agents'}
        onClick={() => toggle('agents')}
      >
        Agents
      </button>
    </div>
  );
}
