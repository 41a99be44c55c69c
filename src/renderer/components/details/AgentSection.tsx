import { currentState } from '../../readings/agentStates';
import { useConsoleStore } from '../../store/consoleStore';
import { AgentStateTag } from '../agents/AgentStateTag';
import { AgentHistory } from './AgentHistory';
import { InstrumentList } from './InstrumentList';
import { useAgentDetail } from './useAgentDetail';

/**
 * The agent watching the selected element: its state, zone and recent transitions, and
 * the instruments that measure the element. Nothing for an element with neither (a plain
 * junction).
 */
export function AgentSection({ elementId }: { elementId: string }) {
  const listed = useConsoleStore((s) => s.agentById.get(elementId));
  const instruments = useConsoleStore((s) => s.instrumentsByElement.get(elementId));
  const detail = useAgentDetail(listed ? elementId : null);
  const abnormal = useConsoleStore((s) => s.abnormal);
  const zones = useConsoleStore((s) => s.network?.zones);
  if (!listed && !instruments) return null;

  // The detail is the fresher of the two fetched summaries; the pushed snapshot beats both.
  const agent = detail?.agent ?? listed;
  const zone = agent?.zone ? (zones?.find((z) => z.id === agent.zone)?.name ?? agent.zone) : null;

  return (
    <section className="details-section" aria-label="Agent" data-testid="agent-section">
      <h3>Agent</h3>
      {agent ? (
        <dl className="reading-list">
          <div className="reading-row">
            <dt>State</dt>
            <dd>
              <AgentStateTag state={currentState(agent, abnormal)} testId="agent-state" />
            </dd>
          </div>
          {zone ? (
            <div className="reading-row">
              <dt>Zone</dt>
              <dd data-testid="agent-zone">{zone}</dd>
            </div>
          ) : null}
          {agent.lifecycle !== 'active' ? (
            <div className="reading-row">
              <dt>Agent</dt>
              <dd>{agent.lifecycle}</dd>
            </div>
          ) : null}
        </dl>
      ) : (
        <p className="details-note">No agent watches this element.</p>
      )}
      {instruments ? <InstrumentList element={elementId} sensorIds={instruments} /> : null}
      {detail && Object.keys(detail.attributes).length ? (
        <details className="agent-attributes" data-testid="agent-attributes">
          <summary>Attributes</summary>
          <dl className="reading-list">
            {Object.entries(detail.attributes).map(([key, value]) => (
              <div className="reading-row" key={key}>
                <dt>{key}</dt>
                <dd>{String(value)}</dd>
              </div>
            ))}
          </dl>
        </details>
      ) : null}
      {agent ? <AgentHistory history={detail?.history ?? null} /> : null}
    </section>
  );
}
