import { useState } from 'react';
import { showAgentElement } from '../../store/commands';
import { elementId, useConsoleStore } from '../../store/consoleStore';
import { AgentStateTag } from './AgentStateTag';
import type { AgentRow } from './agentRows';

/** Rows per page: a city has thousands of agents, and a page renders in a few milliseconds. */
const PAGE_SIZE = 100;

export function AgentTable({ rows }: { rows: readonly AgentRow[] }) {
  const [page, setPage] = useState(0);
  const zones = useConsoleStore((s) => s.network?.zones);
  const selectedId = useConsoleStore((s) => (s.selected ? elementId(s, s.selected) : undefined));
  const pages = Math.max(1, Math.ceil(rows.length / PAGE_SIZE));
  // The list can shrink under the operator (states clear): stay on a page that exists.
  const current = Math.min(page, pages - 1);
  const first = current * PAGE_SIZE;
  const visible = rows.slice(first, first + PAGE_SIZE);
  const zoneName = (zone: string | null) => (zone ? (zones?.find((z) => z.id === zone)?.name ?? zone) : '—');

  if (rows.length === 0) return <p className="dock-empty">No agent matches.</p>;
  return (
    <>
      <table className="dock-table">
        <thead>
          <tr>
            <th>Agent</th>
            <th>Kind</th>
            <th>Zone</th>
            <th>State</th>
          </tr>
        </thead>
        <tbody>
          {visible.map((row) => (
            <tr
              key={row.id}
              className={[
                row.element ? 'is-clickable' : null,
                row.element !== null && row.element === selectedId ? 'is-selected' : null,
              ]
                .filter(Boolean)
                .join(' ')}
              data-testid="agent-row"
              data-agent-id={row.id}
              tabIndex={row.element ? 0 : undefined}
              onClick={() => showAgentElement(row.id)}
              onKeyDown={(event) => {
                if (event.key === 'Enter') showAgentElement(row.id);
              }}
            >
              <td>{row.id}</td>
              <td>{row.kind}</td>
              <td>{zoneName(row.zone)}</td>
              <td>
                <AgentStateTag state={row.state} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {pages > 1 ? (
        <nav className="agents-pager" aria-label="Pages">
          <button
            type="button"
            className="toolbar-button"
            data-testid="agents-prev"
            disabled={current === 0}
            onClick={() => setPage(current - 1)}
          >
            Previous
          </button>
          <span className="numeric">
            {first + 1}–{first + visible.length} of {rows.length}
          </span>
          <button
            type="button"
            className="toolbar-button"
            data-testid="agents-next"
            disabled={current >= pages - 1}
            onClick={() => setPage(current + 1)}
          >
            Next
          </button>
        </nav>
      ) : null}
    </>
  );
}
