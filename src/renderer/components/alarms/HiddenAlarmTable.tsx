import type { AlarmView } from '../../../shared/operations';
import { formatSimClock, formatSimDate } from '../../readings/simTime';
import { unshelveAlarm } from '../../store/alarmActions';
import { PriorityBadge } from '../alerts/PriorityBadge';
import { AlarmStateTag } from './AlarmStateTag';

/** Shelved, suppressed and out-of-service alarms: not annunciated, but never out of sight. */
export function HiddenAlarmTable({ rows, mayOperate }: { rows: readonly AlarmView[]; mayOperate: boolean }) {
  if (rows.length === 0) return <p className="dock-empty">No shelved, suppressed or out-of-service alarm.</p>;
  return (
    <table className="dock-table" data-testid="hidden-alarm-table">
      <thead>
        <tr>
          <th>Priority</th>
          <th>State</th>
          <th>Alarm</th>
          <th>Message</th>
          <th>By</th>
          <th>Why</th>
          <th>Until</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {rows.map((alarm) => (
          <tr key={alarm.id} data-testid="hidden-alarm-row" data-alarm-id={alarm.id} data-state={alarm.state}>
            <td>
              <PriorityBadge priority={alarm.priority} />
            </td>
            <td>
              <AlarmStateTag state={alarm.state} />
            </td>
            <td>{alarm.id}</td>
            <td className="alert-message">{alarm.message}</td>
            <td data-testid="hidden-alarm-by">{whoHid(alarm)}</td>
            <td data-testid="hidden-alarm-why">{whyHidden(alarm)}</td>
            <td className="numeric" title={alarm.shelf ? formatSimDate(alarm.shelf.until) : undefined}>
              {alarm.shelf ? formatSimClock(alarm.shelf.until) : '—'}
            </td>
            <td>
              {alarm.state === 'shelved' && mayOperate ? (
                <button
                  type="button"
                  className="toolbar-button"
                  data-testid="alarm-unshelve"
                  onClick={() => void unshelveAlarm(alarm.id)}
                >
                  Unshelve
                </button>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function whoHid(alarm: AlarmView): string {
  if (alarm.shelf) return alarm.shelf.user;
  if (alarm.state === 'suppressed') return 'by design';
  return '—';
}

function whyHidden(alarm: AlarmView): string {
  if (alarm.shelf) return alarm.shelf.comment ?? '—';
  if (alarm.state === 'suppressed')
    return alarm.suppressedBy.length
      ? `suppressed by ${alarm.suppressedBy.join(', ')}`
      : 'suppressed by design';
  if (alarm.state === 'out_of_service') return 'out of service (maintenance)';
  return '—';
}
