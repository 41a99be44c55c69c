import type { CommandView } from '../../../shared/operations';
import { describeState, type Flow } from './commandFlow';

/** Where the command is, in words; its readback once verified; a refusal with its reason. */
export function CommandResult({ flow }: { flow: Flow }) {
  if (flow.phase === 'choose') return null;
  if (flow.phase === 'pending' && !flow.command)
    return (
      <p className="command-status" data-testid="command-state" data-state="pending">
        Selecting…
      </p>
    );
  if (flow.phase === 'refused')
    return (
      <div className="command-refusal" role="alert" data-testid="command-refusal" data-reason={flow.reason}>
        <p>
          <span aria-hidden="true">▲ </span>
          <strong>Refused ({flow.reason.replace(/-/g, ' ')})</strong>: {flow.message}
        </p>
        <Violations command={flow.command} said={flow.message} />
      </div>
    );
  if (flow.phase === 'error')
    return (
      <p className="command-refusal" role="alert" data-testid="command-error">
        <span aria-hidden="true">▲ </span>
        {flow.message}
      </p>
    );
  const command = flow.command!;
  const finished = command.state === 'succeeded' || command.state === 'failed';
  return (
    <div
      className={`command-status is-${command.state}`}
      data-testid="command-state"
      data-state={command.state}
      role={finished ? 'status' : undefined}
    >
      <p>
        <span aria-hidden="true">
          {command.state === 'succeeded' ? '✓ ' : command.state === 'failed' ? '▲ ' : ''}
        </span>
        <strong>{describeState(command.state)}</strong>
        {command.approvedBy ? ` · approved by ${command.approvedBy}` : ''}
      </p>
      {command.readback ? (
        <p data-testid="command-readback">
          Readback: {command.readback.state ?? ''}
          {command.readback.value !== undefined ? ` (${command.readback.value})` : ''} · quality{' '}
          {command.readback.quality}
        </p>
      ) : null}
      {command.failure ? (
        <p data-testid="command-failure">
          {command.failure.reason}: {command.failure.message}
        </p>
      ) : null}
      <Violations command={command} />
    </div>
  );
}

/** The interlocks that refused, by id; their words only where the refusal did not already say them. */
function Violations({ command, said }: { command: CommandView | undefined; said?: string }) {
  if (!command?.violations?.length) return null;
  return (
    <ul className="command-violations" data-testid="command-violations">
      {command.violations.map((v) => (
        <li key={v.id}>
          Interlock {v.id}
          {v.message !== said ? `: ${v.message}` : ''}
          {v.actual !== null ? ` (${v.tag} is ${String(v.actual)})` : ''}
          {v.overridable ? ' · overridable' : ''}
        </li>
      ))}
    </ul>
  );
}
