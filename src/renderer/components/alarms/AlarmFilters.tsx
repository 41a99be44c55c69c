import type { AlarmStateName } from '../../../shared/operations';
import { ANY, NO_ZONE, STATE_LABELS, type AlarmFilter } from './alarmTable';

/** Priority, state, zone and free text; zones and states list what the alarms have. */
export function AlarmFilters({
  filter,
  states,
  zones,
  zoneName,
  onChange,
}: {
  filter: AlarmFilter;
  states: readonly AlarmStateName[];
  zones: readonly string[];
  zoneName: (zone: string) => string;
  onChange: (filter: AlarmFilter) => void;
}) {
  return (
    <>
      <label>
        Priority
        <select
          data-testid="alarms-filter-priority"
          value={filter.priority}
          onChange={(e) => onChange({ ...filter, priority: e.target.value })}
        >
          <option value={ANY}>All</option>
          {['1', '2', '3', '4'].map((p) => (
            <option key={p} value={p}>
              P{p}
            </option>
          ))}
        </select>
      </label>
      <label>
        State
        <select
          data-testid="alarms-filter-state"
          value={filter.state}
          onChange={(e) => onChange({ ...filter, state: e.target.value })}
        >
          <option value={ANY}>All</option>
          {states.map((s) => (
            <option key={s} value={s}>
              {STATE_LABELS[s]}
            </option>
          ))}
        </select>
      </label>
      <label>
        Zone
        <select
          data-testid="alarms-filter-zone"
          value={filter.zone}
          onChange={(e) => onChange({ ...filter, zone: e.target.value })}
        >
          <option value={ANY}>All</option>
          {zones.map((z) => (
            <option key={z} value={z}>
              {z === NO_ZONE ? 'No zone' : zoneName(z)}
            </option>
          ))}
        </select>
      </label>
      <label>
        Text
        <input
          className="text-input dock-search"
          data-testid="alarms-filter-text"
          type="search"
          placeholder="id, element, message"
          value={filter.text}
          onChange={(e) => onChange({ ...filter, text: e.target.value })}
        />
      </label>
    </>
  );
}
