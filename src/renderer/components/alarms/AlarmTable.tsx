import type { AlarmView } from '../../../shared/operations';
import { formatSimClock, formatSimDate } from '../../readings/simTime';
import { PriorityBadge } from '../alerts/PriorityBadge';
import { AlarmElement } from './AlarmElement';
import { AlarmStateTag } from './AlarmStateTag';
import { alarmTime, type AlarmSort, type AlarmSortKey } from './alarmTable';

/** The annunciated alarms: sortable columns, a check box per row for acknowledging several. */
export function AlarmTable({
  rows,
  sort,
  onSort,
  selected,
  onToggle,
  onToggleAll,
  zoneName,
}: {
  rows: readonly AlarmView[];
  sort: AlarmSort;
  onSort: (key: AlarmSortKey) => void;
  selected: ReadonlySet<string>;
  onToggle: (id: string) => void;
  onToggleAll: (on: boolean) => void;
  zoneName: (zone: string) => string;
}) {
  const header = (key: AlarmSortKey, label: string) => (
    <th aria-sort={sort.key === key ? (sort.ascending ? 'ascending' : 'descending') : 'none'}>
      <button
        type="button"
        className="sort-button"
        data-testid={`alarms-sort-${key}`}
        onClick={() => onSort(key)}
      >
        {label}
        <span aria-hidden="true">{sort.key === key ? (sort.ascending ? ' ▲' : ' ▼') : ''}</span>
      </button>
    </th>
  );
  const allSelected = rows.length > 0 && rows.every((r) => selected.has(r.id));
  return (
    <table className="dock-table alarm-table" data-testid="alarm-table">
      <thead>
        <tr>
          <th className="check-cell">
            <input
              type="checkbox"
              aria-label="Select every alarm shown"
              data-testid="alarms-select-all"
              checked={allSelected}
              onChange={(e) => onToggleAll(e.target.checked)}
            />
          </th>
          {header('priority', 'Priority')}
          {header('time', 'Time')}
          {header('state', 'State')}
          {header('element', 'Element')}
          <th>Message</th>
          <th>Value</th>
          <th>Zone</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((alarm) => {
          const time = alarmTime(alarm);
          return (
            <tr
              key={alarm.id}
              className={`alarm-row is-p${alarm.priority}${alarm.acked ? '' : ' is-unacked'}${selected.has(alarm.id) ? ' is-selected' : ''}`}
              data-testid="alarm-row"
              data-alarm-id={alarm.id}
              data-state={alarm.state}
              data-shelvable={alarm.shelvable}
            >
              <td className="check-cell">
                <input
                  type="checkbox"
                  aria-label={`Select ${alarm.id}`}
                  data-testid="alarm-select"
                  checked={selected.has(alarm.id)}
                  onChange={() => onToggle(alarm.id)}
                />
              </td>
              <td>
                <PriorityBadge priority={alarm.priority} />
              </td>
              <td className="numeric" title={time ? formatSimDate(time) : undefined}>
                {time ? formatSimClock(time) : '—'}
              </td>
              <td>
                <AlarmStateTag state={alarm.state} />
              </td>
              <td>
                <AlarmElement alarm={alarm} testId="alarm-element" />
              </td>
              <td className="alert-message">
                {alarm.message}
                {alarm.lastAck ? (
                  <span className="alarm-note">
                    {' '}
                    · acked by {alarm.lastAck.user}
                    {alarm.lastAck.comment ? `: “${alarm.lastAck.comment}”` : ''}
                  </span>
                ) : null}
              </td>
              <td className="numeric">{formatValue(alarm.value)}</td>
              <td>{alarm.zone ? zoneName(alarm.zone) : '—'}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

export function formatValue(value: AlarmView['value']): string {
  if (value === undefined) return '—';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toFixed(1);
  return String(value).replace(/_/g, ' ');
}
