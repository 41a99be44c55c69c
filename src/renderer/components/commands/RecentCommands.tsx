import './commands.css';
import { useEffect } from 'react';
import type { CommandView } from '../../../shared/operations';
import { formatWallClock, formatWallDate } from '../../readings/wallTime';
import { approveCommand, refreshRecentCommands } from '../../store/commandActions';
import { showError, useConsoleStore } from '../../store/consoleStore';
import { reportFailure } from '../../store/sync';
import { DockFrame } from '../dock/DockFrame';
import { usePermission } from '../usePermission';
import { actionLabel, describeState } from './commandFlow';

/**
 * Commands in progress, then the latest finished ones (the agents' own, under `system`, too).
 * A critical command awaiting approval can be approved here by a second operator.
 */
export function RecentCommands() {
  const commands = useConsoleStore((s) => s.commands);
  const me = useConsoleStore((s) => s.session?.user);
  const mayOperate = usePermission('operate');
  useEffect(() => {
    refreshRecentCommands().catch((error: unknown) => reportFailure(error, 'Could not list the commands'));
  }, []);

  const approve = async (command: CommandView) => {
    try {
      const outcome = await approveCommand(command.id);
      if (!outcome.ok) showError(`Could not approve ${command.id}: ${outcome.message}`);
    } catch (error) {
      reportFailure(error, `Could not approve ${command.id}`);
    }
  };

  return (
    <DockFrame title="Commands" testId="recent-commands">
      {commands.length === 0 ? (
        <p className="dock-empty">No command yet.</p>
      ) : (
        <table className="dock-table">
          <thead>
            <tr>
              <th>Selected</th>
              <th>Target</th>
              <th>Action</th>
              <th>User</th>
              <th>State</th>
              <th>Readback / reason</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {commands.map((c) => (
              <tr key={c.id} data-testid="command-row" data-command-id={c.id} data-state={c.state}>
                {/* commands run on real time (an operator's select window), not the simulation's */}
                <td className="numeric" title={formatWallDate(c.selectedAt)}>
                  {formatWallClock(c.selectedAt).slice(0, 8)}
                </td>
                <td>{c.target}</td>
                <td>
                  {actionLabel(c.action)}
                  {c.value !== undefined ? ` ${c.value}` : ''}
                  {c.critical ? ' ◆' : ''}
                </td>
                <td>{c.user}</td>
                <td className="command-state-word">{describeState(c.state)}</td>
                <td className="alert-message">
                  {c.readback
                    ? `${c.readback.state ?? ''}${c.readback.value !== undefined ? ` (${c.readback.value})` : ''}`
                    : ''}
                  {c.failure ? `${c.failure.reason}: ${c.failure.message}` : ''}
                </td>
                <td>
                  {c.state === 'awaiting-approval' && mayOperate && c.user !== me ? (
                    <button
                      type="button"
                      className="toolbar-button"
                      data-testid="command-approve"
                      onClick={() => void approve(c)}
                    >
                      Approve
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </DockFrame>
  );
}
