import type { LeakIncidentView } from '../../../shared/operations';
import { timelineRows } from './incidentFormat';

/** Every step of the agents' collaboration: sensor → pipe → zone → valves → control centre. */
export function IncidentTimeline({ incident }: { incident: LeakIncidentView }) {
  const rows = timelineRows(incident);
  return (
    <div className="incident-timeline">
      <h4>Timeline</h4>
      <table className="dock-table" data-testid="incident-timeline">
        <thead>
          <tr>
            <th>Time</th>
            <th>After</th>
            <th>Step</th>
            <th>From → to</th>
            <th>Message</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key} data-testid="timeline-row" data-kind={row.kind}>
              <td className="numeric" title={row.date}>
                {row.clock}
              </td>
              <td className="numeric">{row.sinceDetection}</td>
              <td className="timeline-kind">{row.kindLabel}</td>
              <td className="timeline-route">
                {row.from} <span aria-label="to">→</span> {row.to}
              </td>
              <td className="alert-message">{row.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
