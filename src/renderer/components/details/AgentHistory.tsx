import type { AgentDetail } from '../../store/consoleStore';
import { formatSimClock, formatSimDate } from '../../readings/simTime';
import { formatState } from '../../readings/agentStates';
import { AgentStateTag } from '../agents/AgentStateTag';

/** How many transitions the panel lists: enough to see a flapping agent, short enough to scan. */
const SHOWN = 10;

/** The agent's latest state transitions, newest first (agents.get lists them oldest first). */
export function AgentHistory({ history }: { history: AgentDetail['history'] | null }) {
  return (
    <>
      <h4 className="details-subhead">Recent transitions</h4>
      {history === null ? (
        <p className="details-note">Loading…</p>
      ) : (
        <ol className="agent-history" data-testid="agent-history">
          {history
            .slice(-SHOWN)
            .reverse()
            .map((change, i) => (
              <li key={`${change.time}-${i}`} className="agent-history-row" data-testid="agent-history-row">
                <time
                  className="agent-history-time"
                  dateTime={new Date(change.time).toISOString()}
                  title={`${formatSimDate(change.time)} ${formatSimClock(change.time)}`}
                >
                  {formatSimClock(change.time)}
                </time>
                <span className="agent-history-change">
                  {change.from ? formatState(change.from) : 'start'} → <AgentStateTag state={change.to} />
                </span>
                <span className="agent-history-reason">{change.reason}</span>
              </li>
            ))}
        </ol>
      )}
    </>
  );
}
