// The vocabulary of the command path: a command's states, what the UI sees of it, and the
// outcomes of each request. Refusals are ordinary outcomes, not exceptions: an operator
// without the role, an interlock, an expired selection are all things the UI must show.
import type { Readback } from './field';
import type { Violation } from './interlocks';
import type { CommandValue } from './targets';

export type CommandState =
  /** reserved for its session, waiting for operate */
  | 'selected'
  /** critical: operated, waiting for a second operator */
  | 'awaiting-approval'
  /** being written to the field */
  | 'writing'
  /** written; polling the readback */
  | 'verifying'
  | 'succeeded'
  | 'failed'
  /** refused at operate or approval (interlock); never reached the field */
  | 'refused'
  | 'cancelled'
  /** the select or approval timeout ran out */
  | 'expired';

const TERMINAL: ReadonlySet<CommandState> = new Set([
  'succeeded',
  'failed',
  'refused',
  'cancelled',
  'expired',
]);
export const isTerminal = (state: CommandState) => TERMINAL.has(state);

export interface CommandRequest {
  target: string;
  action: string;
  value?: CommandValue;
}

export type FailureReason =
  | 'write-error'
  | 'readback-mismatch'
  | 'readback-bad-quality'
  | 'timeout'
  /** the command path itself failed (e.g. the audit log), so the command was not (fully) carried out */
  | 'internal-error';

export type RefusalReason =
  | 'permission'
  | 'unknown-target'
  | 'unknown-action'
  | 'invalid-value'
  | 'target-reserved'
  | 'unknown-command'
  | 'not-owner'
  | 'wrong-state'
  | 'expired'
  | 'interlock'
  | 'override-not-permitted'
  | 'same-user'
  | 'approver-not-human';

/** a snapshot of one command, as listeners and callers see it */
export interface CommandView {
  id: string;
  target: string;
  action: string;
  value?: CommandValue;
  user: string;
  sessionId: string;
  source: string;
  critical: boolean;
  state: CommandState;
  selectedAt: number;
  /** when the current select or approval window closes */
  expiresAt?: number;
  override: boolean;
  /** interlocks this command bypassed under override */
  overridden: Violation[];
  approvedBy?: string;
  failure?: { reason: FailureReason; message: string };
  /** the interlocks that refused it */
  violations?: Violation[];
  /** the last readback seen while verifying */
  readback?: Readback;
}

export type Outcome =
  | { ok: true; command: CommandView }
  | { ok: false; reason: RefusalReason; message: string; command?: CommandView };

/** one state change of one command, for the UI */
export interface CommandEvent {
  command: CommandView;
  previous?: CommandState;
}

export type CommandListener = (event: CommandEvent) => void;
