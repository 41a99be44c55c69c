import { formatState } from '../../readings/agentStates';
import { ANY, NO_ZONE, type AgentFilter } from './agentRows';

interface Options {
  kinds: string[];
  states: string[];
  zones: string[];
}

/** Kind, state and zone pickers; each lists only values some agent has. */
export function AgentFilters({
  filter,
  options,
  onChange,
}: {
  filter: AgentFilter;
  options: Options;
  onChange: (filter: AgentFilter) => void;
}) {
  return (
    <>
      <FilterSelect
        label="Kind"
        testId="agents-filter-kind"
        value={filter.kind}
        values={options.kinds}
        anyLabel="All kinds"
        onChange={(kind) => onChange({ ...filter, kind })}
      />
      <FilterSelect
        label="State"
        testId="agents-filter-state"
        value={filter.state}
        values={options.states}
        anyLabel="All states"
        format={formatState}
        onChange={(state) => onChange({ ...filter, state })}
      />
      <FilterSelect
        label="Zone"
        testId="agents-filter-zone"
        value={filter.zone}
        values={options.zones}
        anyLabel="All zones"
        format={(zone) => (zone === NO_ZONE ? 'No zone' : zone)}
        onChange={(zone) => onChange({ ...filter, zone })}
      />
    </>
  );
}

function FilterSelect(props: {
  label: string;
  testId: string;
  value: string;
  values: string[];
  anyLabel: string;
  format?: (value: string) => string;
  onChange: (value: string) => void;
}) {
  const { label, testId, value, values, anyLabel, format = (v) => v, onChange } = props;
  // Keep a chosen value listed even when no agent has it any more (a state that cleared).
  const shown = value === ANY || values.includes(value) ? values : [value, ...values];
  return (
    <label>
      {label}
      <select data-testid={testId} value={value} onChange={(event) => onChange(event.target.value)}>
        <option value={ANY}>{anyLabel}</option>
        {shown.map((v) => (
          <option key={v} value={v}>
            {format(v)}
          </option>
        ))}
      </select>
    </label>
  );
}
