// The live console's command path: the command service over the simulated plant's field,
// with the targets and interlocks of the running network. Operators reach it through the
// contract (select → operate → result); the agents' own commands (a zone starting a standby
// pump, a valve throttling) go the same way under the system identity, so every write to
// the field is audited alike.
import type { Clock } from '../../agents/runtime';
import type { SimulatedPlant } from '../../protocols/sim/plant';
import type { CommandTargetView, CommandView } from '../../shared/operations';
import type { Session } from '../../shared/access';
import type { Handlers } from '../api/dispatcher';
import {
  CommandService,
  CommandTargetRegistry,
  Interlocks,
  isTerminal,
  type CommandRequest,
  type CommandTarget,
  type CommandView as ServiceCommandView,
  type Outcome,
} from '../commands';
import type { AuditLog } from '../storage/audit-log';
import type { ReportedCommand } from './agents';
import { PlantField, plantInterlocks, plantTargets } from './plant-field';

export const COMMAND_REQUESTS = [
  'commands.targets',
  'commands.select',
  'commands.operate',
  'commands.approve',
  'commands.cancel',
  'commands.get',
  'commands.recent',
] as const;
type CommandHandlers = Pick<Handlers, (typeof COMMAND_REQUESTS)[number]>;

/** finished commands kept for the console's command list */
const RECENT = 20;

/** agents' actions as the plant's targets name them */
const AGENT_ACTIONS: Record<string, string> = {
  start: 'start',
  stop: 'stop',
  emergency_stop: 'stop',
  set_speed: 'set_speed',
  open: 'open',
  close: 'close',
};

export class ConsoleCommands {
  readonly service: CommandService;
  private readonly targets: CommandTargetRegistry;
  private readonly finished: ServiceCommandView[] = [];
  /** the operator whose decision the agents carry out right now (onBehalfOf) */
  private approver: Session | undefined;
  private changed = false;
  private readonly unsubscribe: () => void;

  constructor(
    plant: SimulatedPlant,
    clocks: {
      /** the plant's (simulated) time: write deadline, readback */
      plant: Clock;
      /** real time: an operator's select and approval windows */
      people: Clock;
    },
    audit: AuditLog,
    private readonly log: (line: string) => void,
  ) {
    const model = plant.twin.model;
    const field = new PlantField(plant);
    this.targets = new CommandTargetRegistry(plantTargets(model));
    this.service = new CommandService({
      clock: clocks.people,
      fieldClock: clocks.plant,
      audit,
      field,
      targets: this.targets,
      interlocks: new Interlocks(plantInterlocks(model)),
      plant: (tag) => field.stateOf(tag),
      // the plant answers at its next hydraulic step: give it three
      readbackTimeoutMs: Math.max(10_000, 3 * plant.twin.stepS * 1000),
      readbackPollMs: 1_000,
      onError: (error) => log(`command path: ${(error as Error).message}`),
    });
    this.handlers = this.makeHandlers();
    this.unsubscribe = this.service.onChange(({ command }) => {
      this.changed = true;
      if (isTerminal(command.state)) {
        this.finished.unshift(command);
        this.finished.length = Math.min(this.finished.length, RECENT);
      }
    });
  }

  /**
   * An agent's command, for attachAgents' executor: a field write goes through the command
   * path under the system identity and answers, once the field has, 'applied' or why not;
   * anything else (an instrument's sampling period) is the agent's own business and answered
   * at once by `otherwise`. A critical command waits for a person's approval like anyone's,
   * unless it comes of an operator's own decision (see `onBehalfOf`).
   */
  fromAgent(
    command: Omit<ReportedCommand, 'result' | 'time'>,
    otherwise: (command: Omit<ReportedCommand, 'result' | 'time'>) => string,
  ): string | Promise<string> {
    const target = this.targets.get(command.target);
    const mapped =
      AGENT_ACTIONS[command.action] ??
      (command.action === 'set_position' ? positionAction(command.value) : undefined);
    if (!target || !mapped || !Object.hasOwn(target.actions, mapped)) return otherwise(command);
    const value = mapped === 'set_speed' ? command.value : undefined;
    const approver = this.approver;
    const request = { target: command.target, action: mapped, ...(value !== undefined && { value }) };
    return this.carryOut(request, approver).then(
      (result) => {
        if (result !== 'applied') this.log(`agent ${command.agent}: ${command.target} ${mapped} ${result}`);
        return result;
      },
      (error: Error) => `refused: ${error.message}`,
    );
  }

  /**
   * Run `decide` (an operator approving a leak isolation the agents proposed) so that the
   * commands it makes agents issue count that operator as their approving second person.
   */
  onBehalfOf<T>(operator: Session, decide: () => T): T {
    this.approver = operator;
    try {
      return decide();
    } finally {
      this.approver = undefined;
    }
  }

  private async carryOut(request: CommandRequest, approver: Session | undefined): Promise<string> {
    const service = this.service;
    const outcome = await service.submit(CommandService.system(), request);
    if (!outcome.ok) return `refused: ${outcome.message}`;
    if (outcome.command.state === 'awaiting-approval' && approver) {
      const approved = await service.approve(approver, outcome.command.id);
      if (!approved.ok) return `refused: ${approved.message}`;
    }
    const done = await service.whenSettled(outcome.command.id);
    if (done.state === 'succeeded') return 'applied';
    return `${done.state === 'failed' ? 'failed' : 'refused'}: ${done.failure?.message ?? done.state}`;
  }

  /**
   * A command is between the field and its readback (or an agent's select and operate): the
   * pacer must let those promises run before it moves simulated time further.
   */
  inFlight(): boolean {
    const system = CommandService.system().user;
    return this.service
      .active()
      .some(
        (c) =>
          c.state === 'writing' || c.state === 'verifying' || (c.state === 'selected' && c.user === system),
      );
  }

  /** commands in progress first, then the latest finished ones */
  recent(): CommandView[] {
    return [...this.service.active(), ...this.finished].map(view);
  }

  takeChanged(): boolean {
    const changed = this.changed;
    this.changed = false;
    return changed;
  }

  /** the requests this service answers (made in the constructor, once its fields are set) */
  readonly handlers: CommandHandlers;

  private makeHandlers(): CommandHandlers {
    return {
      'commands.targets': ({ target }) => {
        if (target === undefined) return { targets: this.targets.list().map(targetView) };
        const found = this.targets.get(target);
        return { targets: found ? [targetView(found)] : [] };
      },
      'commands.select': async (request, { session }) => outcome(await this.service.select(session, request)),
      'commands.operate': async ({ id, override }, { session }) =>
        outcome(await this.service.operate(session, id, { override: override ?? false })),
      'commands.approve': async ({ id }, { session }) => outcome(await this.service.approve(session, id)),
      'commands.cancel': async ({ id }, { session }) => outcome(await this.service.cancel(session, id)),
      'commands.get': ({ id }) => {
        const command = this.service.get(id);
        return { command: command ? view(command) : null };
      },
      'commands.recent': () => ({ commands: this.recent() }),
    };
  }

  close(): void {
    this.unsubscribe();
  }
}

/** a valve agent throttles; the plant's valves only open and close */
function positionAction(value: number | undefined): string {
  return (value ?? 100) <= 0 ? 'close' : 'open';
}

function targetView(target: CommandTarget): CommandTargetView {
  return {
    id: target.id,
    kind: target.kind,
    ...(target.description !== undefined && { description: target.description }),
    actions: Object.entries(target.actions).map(([name, spec]) => ({
      name,
      critical: spec.critical,
      ...(spec.value && { value: spec.value }),
    })),
  };
}

function view(command: ServiceCommandView): CommandView {
  const { sessionId: _sessionId, overridden: _overridden, ...rest } = command;
  return rest;
}

function outcome(result: Outcome) {
  if (result.ok) return { ok: true as const, command: view(result.command) };
  return {
    ok: false as const,
    reason: result.reason,
    message: result.message,
    ...(result.command && { command: view(result.command) }),
  };
}
