// The command dialog's state machine: select → confirm (operate) → (approval) → result.
// Pure, so that the order of replies, pushes and polls cannot put the dialog in a state the
// core is not in: a command only moves forward, and an answer about another command is ignored.
import type { CommandOutcome, CommandView } from '../../../shared/operations';

export type CommandState = CommandView['state'];

export type Flow =
  /** the operator picks the value (an action with one) before selecting */
  | { phase: 'choose' }
  /** a request is on its way; `command` is the one it concerns, if selected already */
  | { phase: 'pending'; step: 'select' | 'operate' | 'cancel'; command?: CommandView }
  /** the core holds the command: its own state says where it is */
  | { phase: 'command'; command: CommandView }
  /** the core refused a step (permission, interlock, target reserved, expired…) */
  | { phase: 'refused'; reason: string; message: string; command?: CommandView }
  /** the request failed (connection lost, unexpected error) */
  | { phase: 'error'; message: string; command?: CommandView };

export type FlowEvent =
  | { type: 'request'; step: 'select' | 'operate' | 'cancel' }
  | { type: 'outcome'; outcome: CommandOutcome }
  /** a newer view of the command (commands.get, commands.recent push) */
  | { type: 'update'; command: CommandView }
  | { type: 'failed'; message: string };

export const FINISHED: ReadonlySet<CommandState> = new Set([
  'succeeded',
  'failed',
  'refused',
  'cancelled',
  'expired',
]);

const RANK: Record<CommandState, number> = {
  selected: 0,
  'awaiting-approval': 1,
  writing: 2,
  verifying: 3,
  succeeded: 4,
  failed: 4,
  refused: 4,
  cancelled: 4,
  expired: 4,
};

export function commandOf(flow: Flow): CommandView | undefined {
  return flow.phase === 'choose' ? undefined : flow.command;
}

/** A command can only move forward: an older view (a late push) never replaces a newer one. */
function newer(current: CommandView | undefined, next: CommandView): boolean {
  if (!current) return true;
  return current.id === next.id && RANK[next.state] >= RANK[current.state];
}

export function step(flow: Flow, event: FlowEvent): Flow {
  const current = commandOf(flow);
  switch (event.type) {
    case 'request':
      return { phase: 'pending', step: event.step, ...(current && { command: current }) };
    case 'outcome': {
      const { outcome } = event;
      if (outcome.ok)
        return newer(current, outcome.command) ? { phase: 'command', command: outcome.command } : flow;
      const command = outcome.command ?? current;
      return {
        phase: 'refused',
        reason: outcome.reason,
        message: outcome.message,
        ...(command && { command }),
      };
    }
    case 'update':
      // only the command this dialog follows, and only while the core has the last word
      if (!current || current.id !== event.command.id || !newer(current, event.command)) return flow;
      if (flow.phase === 'refused' || flow.phase === 'error') return { ...flow, command: event.command };
      if (flow.phase === 'pending') return { ...flow, command: event.command };
      return { phase: 'command', command: event.command };
    case 'failed':
      return { phase: 'error', message: event.message, ...(current && { command: current }) };
  }
}

/** What the dialog offers at this point. */
export function offers(flow: Flow): { select: boolean; confirm: boolean; cancel: boolean; busy: boolean } {
  const state = flow.phase === 'command' ? flow.command.state : undefined;
  return {
    select: flow.phase === 'choose',
    confirm: state === 'selected',
    cancel: state === 'selected' || state === 'awaiting-approval',
    busy: flow.phase === 'pending' || state === 'writing' || state === 'verifying',
  };
}

/** Whether the dialog still waits on the core (poll it). */
export function inProgress(flow: Flow): boolean {
  const command = commandOf(flow);
  return command !== undefined && !FINISHED.has(command.state);
}

/**
 * Milliseconds left to confirm (or to approve). The core stamps `selectedAt` and `expiresAt`
 * on the clock that runs its select window; `selectedAt` was "now" on that clock, so whichever
 * of the two clocks it is closer to is the one to count on (the wall clock or the simulation's).
 */
export function remainingMs(
  command: CommandView,
  wallNow: number,
  simNow: number | undefined,
): number | null {
  if (command.expiresAt === undefined) return null;
  const onSim =
    simNow !== undefined && Math.abs(command.selectedAt - simNow) < Math.abs(command.selectedAt - wallNow);
  return Math.max(0, command.expiresAt - (onSim ? simNow : wallNow));
}

const STATE_WORDS: Record<CommandState, string> = {
  selected: 'Selected: confirm to operate',
  'awaiting-approval': 'Awaiting approval by a second operator',
  writing: 'Writing to the field…',
  verifying: 'Verifying the readback…',
  succeeded: 'Succeeded',
  failed: 'Failed',
  refused: 'Refused',
  cancelled: 'Cancelled',
  expired: 'Expired: not confirmed in time',
};

export function describeState(state: CommandState): string {
  return STATE_WORDS[state];
}

/** An action name as a button reads it: set_speed → Set speed. */
export function actionLabel(action: string): string {
  const words = action.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
