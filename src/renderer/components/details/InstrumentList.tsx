import { currentState, instrumentName } from '../../readings/agentStates';
import { useConsoleStore } from '../../store/consoleStore';
import { AgentStateTag } from '../agents/AgentStateTag';

/** The instruments measuring an element (its sensor agents), each with its state. */
export function InstrumentList({ element, sensorIds }: { element: string; sensorIds: readonly string[] }) {
  const agentById = useConsoleStore((s) => s.agentById);
  const abnormal = useConsoleStore((s) => s.abnormal);
  return (
    <>
      <h4 className="details-subhead">Instruments</h4>
      <dl className="reading-list" data-testid="agent-instruments">
        {sensorIds.map((id) => {
          const sensor = agentById.get(id);
          return (
            <div key={id} className="reading-row" data-testid="instrument-row" title={id}>
              <dt>{instrumentName(id, element)}</dt>
              <dd>{sensor ? <AgentStateTag state={currentState(sensor, abnormal)} /> : '—'}</dd>
            </div>
          );
        })}
      </dl>
    </>
  );
}
