import { showAgentElement } from '../../store/commands';
import { elementOfAgent, useConsoleStore } from '../../store/consoleStore';

/** An alert's source agent: a link that selects and shows its element, or plain text for a zone. */
export function AlertSource({ agentId }: { agentId: string }) {
  const onSchematic = useConsoleStore((s) => elementOfAgent(s, agentId) !== null);
  if (!onSchematic) return <span className="alert-source">{agentId}</span>;
  return (
    <button
      type="button"
      className="alert-source link-button"
      data-testid="alert-source"
      title={`Show ${agentId} on the schematic`}
      onClick={() => showAgentElement(agentId)}
    >
      {agentId}
    </button>
  );
}
