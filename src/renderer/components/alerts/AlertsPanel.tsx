import './alerts.css';
import type { AgentAlert } from '../../../shared/contract';
import { formatSimClock, formatSimDate } from '../../readings/simTime';
import { useConsoleStore } from '../../store/consoleStore';
import { DockFrame } from '../dock/DockFrame';
import { AlertSource } from './AlertSource';
import { PriorityBadge } from './PriorityBadge';

/**
 * The agents' messages (alerts.recent: the core keeps the last 50 of each priority), newest
 * first. A log of what the agents noticed; the operator's alarms are the ISA-18.2 summary.
 */
export function AlertsPanel() {
  const alerts = useConsoleStore((s) => s.alerts);
  return (
    <DockFrame title="Agent messages" testId="alerts-panel">
      {alerts.length === 0 ? (
        <p className="dock-empty">No messages from the agents.</p>
      ) : (
        <AlertTable alerts={alerts} />
      )}
    </DockFrame>
  );
}

function AlertTable({ alerts }: { alerts: readonly AgentAlert[] }) {
  return (
    <table className="dock-table">
      <thead>
        <tr>
          <th>Time</th>
          <th>Priority</th>
          <th>Source</th>
          <th>Type</th>
          <th>Message</th>
        </tr>
      </thead>
      <tbody>
        {alerts.map((alert, i) => (
          <tr
            // alerts have no id; time, source and type are unique in practice, the index covers repeats
            key={`${alert.time}-${alert.agent}-${alert.type}-${i}`}
            className={`alert-row is-p${alert.priority}`}
            data-testid="alert-row"
            data-priority={alert.priority}
          >
            <td className="numeric" title={formatSimDate(alert.time)}>
              {formatSimClock(alert.time)}
            </td>
            <td>
              <PriorityBadge priority={alert.priority} />
            </td>
            <td>
              <AlertSource agentId={alert.agent} />
            </td>
            <td>{alert.type}</td>
            <td className="alert-message">{alert.message}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
