import './alerts.css';
import { formatSimClock } from '../../readings/simTime';
import { setDock, useConsoleStore } from '../../store/consoleStore';
import { AlertSource } from './AlertSource';
import { headlineAlert } from './alertSelection';
import { PriorityBadge } from './PriorityBadge';

/** One line under the top bar: the newest alert of the highest priority, and how many there are. */
export function AlertBanner() {
  const alerts = useConsoleStore((s) => s.alerts);
  const dockOpen = useConsoleStore((s) => s.dock === 'alerts');
  const alert = headlineAlert(alerts);
  if (!alert) return null;
  return (
    // status, not alert: the banner changes often and must not interrupt a screen reader each time
    <div className={`alert-banner is-p${alert.priority}`} role="status" data-testid="alert-banner">
      <PriorityBadge priority={alert.priority} />
      <time className="alert-time" dateTime={new Date(alert.time).toISOString()}>
        {formatSimClock(alert.time)}
      </time>
      <AlertSource agentId={alert.agent} />
      <span className="alert-type">{alert.type}</span>
      <span className="alert-message" data-testid="alert-banner-message">
        {alert.message}
      </span>
      <button
        type="button"
        className="toolbar-button"
        data-testid="alert-banner-more"
        aria-pressed={dockOpen}
        onClick={() => setDock(dockOpen ? null : 'alerts')}
      >
        {alerts.length === 1 ? '1 alert' : `${alerts.length} alerts`}
      </button>
    </div>
  );
}
