import './agents.css';
import { useMemo, useState } from 'react';
import { useConsoleStore } from '../../store/consoleStore';
import { DockFrame } from '../dock/DockFrame';
import { AgentFilters } from './AgentFilters';
import { AgentTable } from './AgentTable';
import { agentRows, ANY, distinct, matches, NO_ZONE, type AgentFilter } from './agentRows';

const NO_FILTER: AgentFilter = { kind: ANY, state: ANY, zone: ANY };

/**
 * Every agent of the running network with its state (a diagnostics view): filter by
 * kind, state and zone; a row selects its element on the schematic. While it is open
 * the list is refetched as states change (see sync), so normal states stay current too.
 */
export function AgentsView() {
  const agents = useConsoleStore((s) => s.agents);
  const abnormal = useConsoleStore((s) => s.abnormal);
  const [filter, setFilter] = useState(NO_FILTER);

  const rows = useMemo(() => agentRows(agents, abnormal), [agents, abnormal]);
  const options = useMemo(
    () => ({
      kinds: distinct(rows, (row) => row.kind),
      states: distinct(rows, (row) => row.state),
      zones: distinct(rows, (row) => row.zone ?? NO_ZONE),
    }),
    [rows],
  );
  const shown = useMemo(() => rows.filter((row) => matches(row, filter)), [rows, filter]);

  const tools = (
    <>
      <AgentFilters filter={filter} options={options} onChange={setFilter} />
      <span className="agents-count" data-testid="agents-count" data-count={shown.length}>
        {shown.length === rows.length ? `${rows.length} agents` : `${shown.length} of ${rows.length} agents`}
      </span>
    </>
  );
  return (
    <DockFrame title="Agents" testId="agents-view" tools={tools}>
      {/* keyed by filter: a new filter starts again at the first page */}
      <AgentTable key={`${filter.kind}|${filter.state}|${filter.zone}`} rows={shown} />
    </DockFrame>
  );
}
