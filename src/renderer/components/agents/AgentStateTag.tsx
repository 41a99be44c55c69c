import { formatState, stateSeverity } from '../../readings/agentStates';

/**
 * An agent state in words. An abnormal one also gets a diamond (filled: alarm, outlined:
 * warning) and its colour, as on the schematic; a normal one stays plain gray text.
 */
export function AgentStateTag({ state, testId }: { state: string; testId?: string }) {
  const severity = stateSeverity(state);
  return (
    <span
      className={`agent-state-tag${severity ? ` is-${severity}` : ''}`}
      data-testid={testId}
      data-state={state}
      data-severity={severity ?? 'normal'}
    >
      {severity ? (
        <svg className="agent-state-diamond" viewBox="-6 -6 12 12" aria-hidden="true">
          <path d="M 0 -5 L 5 0 L 0 5 L -5 0 Z" />
        </svg>
      ) : null}
      {formatState(state)}
    </span>
  );
}
