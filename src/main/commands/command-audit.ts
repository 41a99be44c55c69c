// The command path's audit trail: one entry per lifecycle step, appended strictly in the order
// the steps happened (appends are queued, so a slow log cannot reorder them), each naming the
// command so the whole select → operate → approve → write → readback → result story of one
// command can be read back from the log.
import type { Session } from '../../shared/access';
import type { AuditLog, AuditRecord, JsonValue } from '../storage/audit-log';
import type { CommandView } from './command';

export type CommandStep =
  | 'select'
  | 'operate'
  | 'override'
  | 'approve'
  | 'write'
  | 'readback'
  | 'result'
  | 'refused'
  | 'cancel'
  | 'expired';

/** who the entry is attributed to */
export type Actor = Pick<Session, 'user' | 'source'>;

export class CommandAudit {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly log: AuditLog) {}

  /** appends `command.<step>`; details always carry the command id, action and value */
  record(
    step: CommandStep,
    actor: Actor,
    command: Pick<CommandView, 'target' | 'action' | 'value'> & { id?: string },
    result: string,
    details: { [key: string]: JsonValue | undefined } = {},
  ): Promise<AuditRecord> {
    const entry = {
      user: actor.user,
      source: actor.source,
      action: `command.${step}`,
      target: command.target,
      result,
      details: withoutUndefined({
        commandId: command.id,
        action: command.action,
        value: command.value,
        ...details,
      }),
    };
    const appended = this.queue.then(() => this.log.append(entry));
    // the queue goes on after a failed append; the caller of that append sees the failure
    this.queue = appended.catch(() => undefined);
    return appended;
  }

  /** resolves once every entry queued so far is written (or has failed) */
  flushed(): Promise<void> {
    return this.queue.then(() => undefined);
  }
}

/** JSON has no undefined: drop those keys rather than let the log reject the entry */
function withoutUndefined(details: { [key: string]: JsonValue | undefined }): { [key: string]: JsonValue } {
  const out: { [key: string]: JsonValue } = {};
  for (const [key, value] of Object.entries(details)) if (value !== undefined) out[key] = value;
  return out;
}
