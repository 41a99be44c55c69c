// The one command path of Aqueduct. Every write to the field (pumps, valves, setpoints, modes),
// from an operator or from an automated agent, goes select → operate (→ approve) → write →
// readback → result here, each step audited, refusals included (IEC 62443-3-3, DOMAIN.md
// "Control safety and security"). All timeouts run on the injected clock.
//
// Every state change happens synchronously at the top of a request, before any await, so two
// requests racing on one command (operate vs. its select timeout, two selects on one target)
// resolve in call order, and audit entries are queued in that same order.
import type { Cancel, Clock } from '../../agents/runtime/clock';
import { can, type Role, type Session } from '../../shared/access';
import type { AuditLog, JsonValue } from '../storage/audit-log';
import { CommandAudit, type Actor, type CommandStep } from './command-audit';
import {
  isTerminal,
  type CommandListener,
  type CommandRequest,
  type CommandState,
  type CommandView,
  type FailureReason,
  type Outcome,
  type RefusalReason,
} from './command';
import type { FieldWriter, Readback } from './field';
import type { Interlocks, PlantState, Violation } from './interlocks';
import { verifyReadback } from './readback';
import type { ActionSpec, CommandTargetRegistry } from './targets';

export interface CommandServiceOptions {
  /** the people's clock: select and approval windows (real time, also in a fast simulation) */
  clock: Clock;
  /**
   * the plant's clock: the write deadline and the readback polls (default: `clock`). A
   * simulated plant answers in simulated time; an operator thinks in real time.
   */
  fieldClock?: Clock;
  audit: AuditLog;
  field: FieldWriter;
  targets: CommandTargetRegistry;
  interlocks: Interlocks;
  plant: PlantState;
  /** select → operate window (default 30 s) */
  selectTimeoutMs?: number;
  /** operate → second operator's approval window for critical actions (default 60 s) */
  approvalTimeoutMs?: number;
  /** write start → confirming readback (default 10 s) */
  readbackTimeoutMs?: number;
  readbackPollMs?: number;
  newId?: () => string;
  /** failures nobody awaits (a background audit append); default console.error */
  onError?: (error: unknown) => void;
  /** finished commands kept for get()/whenSettled() (default 1,000) */
  keepFinished?: number;
}

export interface OperateOptions {
  /** bypass overridable interlocks; engineer and admin only, always audited */
  override?: boolean;
}

const SYSTEM_SESSION: Session = Object.freeze({
  id: 'system:agents',
  user: 'system:agents',
  role: 'operator',
  source: 'system',
});

const OVERRIDE_ROLES: readonly Role[] = ['engineer', 'admin'];

interface Command {
  view: CommandView;
  spec: ActionSpec;
  stopTimer: Cancel;
  settled: Promise<CommandView>;
  settle: (view: CommandView) => void;
}

export class CommandService {
  private readonly o: Required<Omit<CommandServiceOptions, 'newId' | 'fieldClock'>> & {
    newId: () => string;
    fieldClock?: Clock;
  };
  private readonly audit: CommandAudit;
  private readonly commands = new Map<string, Command>();
  /** target id → the command holding it */
  private readonly reservations = new Map<string, Command>();
  private readonly finished: string[] = [];
  private readonly listeners = new Set<CommandListener>();
  private nextId = 1;

  /** The identity automated agents command under: same path, same audit, no approval bypass. */
  static system(): Session {
    return SYSTEM_SESSION;
  }

  constructor(options: CommandServiceOptions) {
    this.o = {
      selectTimeoutMs: 30_000,
      approvalTimeoutMs: 60_000,
      readbackTimeoutMs: 10_000,
      readbackPollMs: 500,
      onError: (error) => console.error('command path:', error),
      keepFinished: 1_000,
      newId: () => `cmd-${this.nextId++}`,
      ...options,
    };
    this.audit = new CommandAudit(options.audit);
  }

  onChange(listener: CommandListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get(commandId: string): CommandView | undefined {
    const command = this.commands.get(commandId);
    return command && snapshot(command);
  }

  /** commands not yet finished, e.g. for the UI's pending-commands list */
  active(): CommandView[] {
    return [...this.reservations.values()].map(snapshot);
  }

  /**
   * Resolves with the command once it has succeeded, failed, been refused, cancelled or expired,
   * and the audit entry that ended it is written.
   */
  whenSettled(commandId: string): Promise<CommandView> {
    const command = this.commands.get(commandId);
    if (!command) return Promise.reject(new Error(`unknown command ${commandId}`));
    return command.settled;
  }

  async select(session: Session, request: CommandRequest): Promise<Outcome> {
    const refuse = (reason: RefusalReason, message: string) =>
      this.refuse('select', session, request, reason, message);
    if (!can(session.role, 'operate')) return refuse('permission', `role ${session.role} may not operate`);
    const resolved = this.o.targets.resolve(request.target, request.action, request.value);
    if (!resolved.ok) return refuse(resolved.reason, resolved.message);

    const holder = this.reservations.get(request.target);
    if (holder && !(holder.view.sessionId === session.id && holder.view.state === 'selected')) {
      return refuse(
        'target-reserved',
        `${request.target} is reserved by ${holder.view.user} (${holder.view.id})`,
      );
    }
    // the same session selecting again changes its mind: the earlier selection gives way
    const superseded = holder && this.end(holder, 'cancelled');

    const now = this.o.clock.now();
    let settle: (view: CommandView) => void = () => {};
    const settled = new Promise<CommandView>((resolve) => (settle = resolve));
    const command: Command = {
      view: {
        id: this.o.newId(),
        target: request.target,
        action: request.action,
        ...(request.value !== undefined && { value: request.value }),
        user: session.user,
        sessionId: session.id,
        source: session.source,
        critical: resolved.spec.critical,
        state: 'selected',
        selectedAt: now,
        expiresAt: now + this.o.selectTimeoutMs,
        override: false,
        overridden: [],
      },
      spec: resolved.spec,
      stopTimer: () => {},
      settled,
      settle,
    };
    command.stopTimer = this.o.clock.at(now + this.o.selectTimeoutMs, () => this.expire(command, 'select'));
    this.commands.set(command.view.id, command);
    this.reservations.set(request.target, command);
    this.emit(command);

    if (superseded) {
      this.recordInBackground('cancel', session, superseded.view, 'superseded', { by: command.view.id });
    }
    await this.record('select', session, command.view, 'success', {
      critical: command.view.critical,
      expiresAt: now + this.o.selectTimeoutMs,
    });
    return { ok: true, command: snapshot(command) };
  }

  async operate(session: Session, commandId: string, options: OperateOptions = {}): Promise<Outcome> {
    const override = options.override === true;
    const found = this.find('operate', session, commandId, ['selected']);
    if (!found.ok) return found.refusal;
    const command = found.command;
    const refuse = (reason: RefusalReason, message: string, details?: { [key: string]: JsonValue }) =>
      this.refuse('operate', session, command.view, reason, message, details);
    if (override && !OVERRIDE_ROLES.includes(session.role)) {
      return refuse('override-not-permitted', `role ${session.role} may not override interlocks`);
    }
    const blocked = this.interlocked(command, 'operate', session, override);
    if (blocked) return blocked;

    command.stopTimer();
    command.view.override = override;
    if (command.view.critical) {
      const expiresAt = this.o.clock.now() + this.o.approvalTimeoutMs;
      command.view.expiresAt = expiresAt;
      command.stopTimer = this.o.clock.at(expiresAt, () => this.expire(command, 'approval'));
      this.transition(command, 'awaiting-approval');
    } else {
      delete command.view.expiresAt;
      this.transition(command, 'writing');
    }
    const operated = this.record('operate', session, command.view, command.view.state, {
      override,
      overridden: command.view.overridden.map((v) => v.id),
    });
    const overrideAudited =
      command.view.overridden.length > 0 &&
      this.record('override', session, command.view, 'success', {
        interlocks: command.view.overridden.map(violationJson),
      });
    await this.beforeTheField(command, Promise.all([operated, overrideAudited]));
    return { ok: true, command: snapshot(command) };
  }

  /** the second operator's approval of a critical command: another human with 'operate' */
  async approve(session: Session, commandId: string): Promise<Outcome> {
    const found = this.find('approve', session, commandId, ['awaiting-approval'], { anyOwner: true });
    if (!found.ok) return found.refusal;
    const command = found.command;
    const refuse = (reason: RefusalReason, message: string) =>
      this.refuse('approve', session, command.view, reason, message);
    if (session.user.startsWith('system:')) {
      return refuse('approver-not-human', 'a critical command needs a human approval');
    }
    if (session.user === command.view.user) {
      return refuse('same-user', 'a critical command needs a second operator to approve it');
    }
    // the plant may have moved while the command waited
    const blocked = this.interlocked(command, 'approve', session, command.view.override);
    if (blocked) return blocked;

    command.stopTimer();
    delete command.view.expiresAt;
    command.view.approvedBy = session.user;
    this.transition(command, 'writing');
    await this.beforeTheField(command, this.record('approve', session, command.view, 'success'));
    return { ok: true, command: snapshot(command) };
  }

  /** withdraw a selection or an unapproved critical command; once written it runs to its result */
  async cancel(session: Session, commandId: string): Promise<Outcome> {
    const found = this.find('cancel', session, commandId, ['selected', 'awaiting-approval']);
    if (!found.ok) return found.refusal;
    const command = found.command;
    this.end(command, 'cancelled');
    await this.record('cancel', session, command.view, 'success');
    return { ok: true, command: snapshot(command) };
  }

  /** select and operate at once: for automated agents, which have no one to confirm a dialog */
  async submit(session: Session, request: CommandRequest, options: OperateOptions = {}): Promise<Outcome> {
    const selected = await this.select(session, request);
    if (!selected.ok) return selected;
    const operated = await this.operate(session, selected.command.id, options);
    // nobody is left to operate a selection an agent's operate was refused on: free the target
    if (!operated.ok && operated.command?.state === 'selected') {
      await this.cancel(session, selected.command.id);
    }
    return operated;
  }

  // ---- the field side ------------------------------------------------------------------

  /** nothing reaches the field unless the step that released it is in the audit log */
  private async beforeTheField(command: Command, audited: Promise<unknown>): Promise<void> {
    try {
      await audited;
    } catch (error) {
      this.finish(command, 'failed', { reason: 'internal-error', message: 'not written: audit log failed' });
      throw error;
    }
    if (command.view.state === 'writing') {
      this.execute(command).catch((error: unknown) => {
        this.finish(command, 'failed', { reason: 'internal-error', message: String(error) });
        this.o.onError(error);
      });
    }
  }

  private async execute(command: Command): Promise<void> {
    const owner = ownerOf(command);
    const { target, action, value } = command.view;
    const fieldClock = this.o.fieldClock ?? this.o.clock;
    const deadlineAt = fieldClock.now() + this.o.readbackTimeoutMs;
    let passDeadline: () => void = () => {};
    const deadline = new Promise<void>((resolve) => (passDeadline = resolve));
    const stopDeadline = fieldClock.at(deadlineAt, () => passDeadline());
    try {
      const written = await Promise.race([
        this.o.field.write(target, action, value).then(
          () => ({ ok: true as const }),
          (error: unknown) => ({ ok: false as const, error: messageOf(error) }),
        ),
        deadline.then(() => ({ ok: false as const, timeout: true })),
      ]);
      if (!written.ok) {
        const timedOut = 'timeout' in written;
        const message = timedOut ? 'write not acknowledged before the deadline' : written.error;
        await this.record('write', owner, command.view, timedOut ? 'timeout' : 'failed', { error: message });
        return await this.conclude(command, { reason: timedOut ? 'timeout' : 'write-error', message });
      }
      this.transition(command, 'verifying');
      await this.record('write', owner, command.view, 'success');

      const verified = await verifyReadback(fieldClock, this.o.field, {
        target,
        expect: command.spec.readback,
        value,
        pollEveryMs: this.o.readbackPollMs,
        deadlineAt,
        onReadback: (readback) => (command.view.readback = readback),
      });
      await this.record('readback', owner, command.view, verified.ok ? 'match' : verified.reason, {
        readback: verified.readback ? readbackJson(verified.readback) : null,
        polls: verified.polls,
        ...(!verified.ok && { message: verified.message }),
      });
      await this.conclude(command, verified.ok ? undefined : verified);
    } finally {
      stopDeadline();
    }
  }

  private async conclude(command: Command, failure?: { reason: FailureReason; message: string }) {
    this.finish(command, failure ? 'failed' : 'succeeded', failure);
    await this.record('result', ownerOf(command), command.view, command.view.state, {
      ...(failure && { reason: failure.reason, message: failure.message }),
      ...(command.view.approvedBy && { approvedBy: command.view.approvedBy }),
    });
  }

  // ---- checks and refusals -------------------------------------------------------------

  /** the command, if it exists, the session may act on it and it is in one of `states` */
  private find(
    step: 'operate' | 'approve' | 'cancel',
    session: Session,
    commandId: string,
    states: CommandState[],
    { anyOwner = false } = {},
  ): { ok: true; command: Command } | { ok: false; refusal: Promise<Outcome> } {
    const command = this.commands.get(commandId);
    const subject = command?.view ?? { id: commandId, target: '', action: '' };
    const refuse = (reason: RefusalReason, message: string) => ({
      ok: false as const,
      refusal: this.refuse(step, session, subject, reason, message),
    });
    if (!can(session.role, 'operate')) return refuse('permission', `role ${session.role} may not operate`);
    if (!command) return refuse('unknown-command', `unknown command ${commandId}`);
    if (!anyOwner && command.view.sessionId !== session.id) {
      return refuse('not-owner', `${commandId} was selected by ${command.view.user} in another session`);
    }
    if (!states.includes(command.view.state)) {
      return command.view.state === 'expired'
        ? refuse('expired', `${commandId} expired at ${command.view.expiresAt}`)
        : refuse('wrong-state', `${commandId} is ${command.view.state}`);
    }
    return { ok: true, command };
  }

  /** refuses (and ends) the command when an interlock blocks it; records what an override bypassed */
  private interlocked(
    command: Command,
    step: 'operate' | 'approve',
    session: Session,
    override: boolean,
  ): Promise<Outcome> | undefined {
    const violations = this.o.interlocks.check(command.view.target, command.view.action, this.o.plant);
    const blocking = violations.filter((v) => !(override && v.overridable));
    if (blocking.length === 0) {
      command.view.overridden = violations;
      return undefined;
    }
    command.view.violations = blocking;
    this.end(command, 'refused');
    return this.refuse(step, session, command.view, 'interlock', blocking.map((v) => v.message).join('; '), {
      interlocks: blocking.map(violationJson),
      override,
    });
  }

  private async refuse(
    step: CommandStep,
    actor: Actor,
    subject: Pick<CommandView, 'target' | 'action' | 'value'> & { id?: string },
    reason: RefusalReason,
    message: string,
    details: { [key: string]: JsonValue } = {},
  ): Promise<Outcome> {
    await this.record('refused', actor, subject, 'denied', { step, reason, message, ...details });
    const command = subject.id === undefined ? undefined : this.get(subject.id);
    return { ok: false, reason, message, ...(command && { command }) };
  }

  // ---- state ---------------------------------------------------------------------------

  private expire(command: Command, window: 'select' | 'approval'): void {
    if (command.view.state !== 'selected' && command.view.state !== 'awaiting-approval') return;
    this.end(command, 'expired');
    this.recordInBackground('expired', ownerOf(command), command.view, 'timeout', { window });
  }

  /** ends a command that never reached the field; returns it for chaining */
  private end(command: Command, state: 'refused' | 'cancelled' | 'expired'): Command {
    this.finish(command, state);
    return command;
  }

  private finish(command: Command, state: CommandState, failure?: CommandView['failure']): void {
    if (isTerminal(command.view.state)) return;
    command.stopTimer();
    if (failure) command.view.failure = failure;
    if (this.reservations.get(command.view.target) === command) this.reservations.delete(command.view.target);
    this.transition(command, state);
    // every path that ends a command queues its closing audit entry in the same tick as this
    // call, so one microtask later the queue holds it: settle once it is written
    const ended = snapshot(command);
    void Promise.resolve()
      .then(() => this.audit.flushed())
      .then(() => command.settle(ended));
    this.finished.push(command.view.id);
    while (this.finished.length > this.o.keepFinished) this.commands.delete(this.finished.shift()!);
  }

  private transition(command: Command, state: CommandState): void {
    const previous = command.view.state;
    command.view.state = state;
    this.emit(command, previous);
  }

  private emit(command: Command, previous?: CommandState): void {
    const event = { command: snapshot(command), ...(previous && { previous }) };
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        // a broken UI listener must not stop a command halfway through its lifecycle
        this.o.onError(error);
      }
    }
  }

  private record(...args: Parameters<CommandAudit['record']>): Promise<unknown> {
    return this.audit.record(...args);
  }

  /** an append nobody awaits (from a clock task) reports its failure instead of vanishing */
  private recordInBackground(...args: Parameters<CommandAudit['record']>): void {
    this.audit.record(...args).catch(this.o.onError);
  }
}

function ownerOf(command: Command): Actor {
  return { user: command.view.user, source: command.view.source };
}

function snapshot(command: Command): CommandView {
  return structuredClone(command.view);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function violationJson(v: Violation): { [key: string]: JsonValue } {
  return { id: v.id, message: v.message, tag: v.tag, actual: v.actual, overridable: v.overridable };
}

function readbackJson(r: Readback): { [key: string]: JsonValue } {
  return {
    quality: r.quality,
    ...(r.state !== undefined && { state: r.state }),
    ...(r.value !== undefined && { value: r.value }),
  };
}
