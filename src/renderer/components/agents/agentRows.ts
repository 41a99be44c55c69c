import type { AgentSummary } from '../../../shared/contract';
import { currentState, stateSeverity } from '../../readings/agentStates';

export interface AgentRow {
  id: string;
  kind: string;
  zone: string | null;
  state: string;
  /** the element the row selects, if the agent has one */
  element: string | null;
}

export interface AgentFilter {
  kind: string;
  state: string;
  zone: string;
}

/** Filter value meaning "any"; NO_ZONE matches agents outside every zone. */
export const ANY = '';
export const NO_ZONE = '(none)';

const RANK = { alarm: 0, warning: 1 } as const;

/** Every agent with its current state, alarms first, then warnings, then by id. */
export function agentRows(
  agents: readonly AgentSummary[],
  abnormal: Readonly<Record<string, string>>,
): AgentRow[] {
  const rows = agents.map((agent) => ({
    id: agent.id,
    kind: agent.kind,
    zone: agent.zone,
    state: currentState(agent, abnormal),
    element: agent.element,
  }));
  const rank = (row: AgentRow) => {
    const severity = stateSeverity(row.state);
    return severity ? RANK[severity] : 2;
  };
  return rows.sort((a, b) => rank(a) - rank(b) || a.id.localeCompare(b.id, undefined, { numeric: true }));
}

export function matches(row: AgentRow, filter: AgentFilter): boolean {
  return (
    (filter.kind === ANY || row.kind === filter.kind) &&
    (filter.state === ANY || row.state === filter.state) &&
    (filter.zone === ANY || (row.zone ?? NO_ZONE) === filter.zone)
  );
}

/** The distinct values of one column, sorted, for a filter's options. */
export function distinct(rows: readonly AgentRow[], pick: (row: AgentRow) => string): string[] {
  return [...new Set(rows.map(pick))].sort();
}
