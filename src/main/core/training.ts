// A training session on the live console: a trainer runs a scenario file's events on the
// simulated plant, or injects them live (a leak at a clicked pipe, a pump trip, a sensor
// fault, a hydrant opening), and the trainee is scored on how the emergency was handled:
// how soon the alarms came and were acknowledged, how soon each leak was isolated, how much
// water was lost, and how many of the trainee's commands were refused or failed.
//
// The score reads the plant's truth (where the leaks are, what they lose): it is the
// trainer's debrief, never something the console's operator side or its agents can see.
import type { Clock } from '../../agents/runtime';
import type { SimulatedPlant } from '../../protocols/sim/plant';
import type { ScenarioEvent } from '../../protocols/sim/scenario';
import type { InjectedEvent, TraineeScore, TrainingStatus } from '../../shared/operations';
import type { AlarmEngine } from '../alarms';
import { CommandService, isTerminal } from '../commands';

/** a leak counts as isolated once it loses less than this share of its worst, or almost nothing */
const ISOLATED_SHARE = 0.05;
const ISOLATED_LPS = 0.05;

interface LeakTrack {
  /** the pipe or junction the leak was put on */
  at: string;
  since: number;
  peakLps: number;
  isolatedAt?: number;
}

export class TrainingSession {
  private readonly startedAt: number;
  private readonly firstEvent: number;
  private readonly activations: { id: string; time: number }[] = [];
  private readonly acks = new Map<string, number[]>();
  private readonly leaks = new Map<number, LeakTrack>();
  private commands = 0;
  private wrongCommands = 0;
  private waterLostL = 0;
  private stoppedAt: number | undefined;
  private changed = true;
  private readonly unsubscribe: (() => void)[];

  constructor(
    readonly name: string,
    private readonly plant: SimulatedPlant,
    private readonly clock: Clock,
    alarms: AlarmEngine,
    commands: CommandService,
  ) {
    this.startedAt = clock.now();
    this.firstEvent = plant.history.length;
    const system = CommandService.system().user;
    this.unsubscribe = [
      alarms.onChange(({ entry }) => {
        if (this.stoppedAt !== undefined) return;
        if (entry.event === 'activated') this.activations.push({ id: entry.alarmId, time: entry.time });
        if (entry.event === 'acknowledged')
          this.acks.set(entry.alarmId, [...(this.acks.get(entry.alarmId) ?? []), entry.time]);
        this.changed = true;
      }),
      commands.onChange(({ command, previous }) => {
        if (this.stoppedAt !== undefined || command.user === system) return;
        if (previous === undefined) this.commands++;
        if (isTerminal(command.state) && (command.state === 'refused' || command.state === 'failed'))
          this.wrongCommands++;
        this.changed = true;
      }),
      plant.onStep(() => this.followLeaks()),
    ];
  }

  get active(): boolean {
    return this.stoppedAt === undefined;
  }

  inject(event: InjectedEvent): void {
    if (!this.active) throw new Error('the training session has ended: start a new one');
    this.plant.inject(scenarioEvent(event));
    this.followLeaks();
    this.changed = true;
  }

  stop(): void {
    this.followLeaks();
    this.stoppedAt ??= this.clock.now();
    this.changed = true;
  }

  status(): TrainingStatus {
    return {
      active: this.active,
      scenario: this.name,
      startedAt: this.startedAt,
      plantEvents: this.events().map((e) => ({ ...e })),
      score: this.score(),
    };
  }

  takeChanged(): boolean {
    const changed = this.changed;
    this.changed = false;
    return changed;
  }

  close(): void {
    for (const u of this.unsubscribe) u();
  }

  private events() {
    return this.plant.history.slice(this.firstEvent);
  }

  private followLeaks(): void {
    if (this.stoppedAt !== undefined) return;
    const now = this.clock.now();
    for (const { leak: n, at, outflowLps } of this.plant.leakOutflows()) {
      let leak = this.leaks.get(n);
      if (!leak) this.leaks.set(n, (leak = { at, since: now, peakLps: 0 }));
      this.waterLostL += outflowLps * this.plant.twin.stepS;
      leak.peakLps = Math.max(leak.peakLps, outflowLps);
      const isolated = outflowLps < Math.max(ISOLATED_LPS, ISOLATED_SHARE * leak.peakLps);
      if (isolated && leak.peakLps > ISOLATED_LPS) leak.isolatedAt ??= now;
      else if (!isolated) delete leak.isolatedAt; // opened again: not isolated after all
      this.changed = true;
    }
  }

  private score(): TraineeScore {
    const events = this.events().filter((e) => e.type !== 'tariff');
    const firstAlarms = events.flatMap((e) => {
      const alarm = this.activations.find((a) => a.time >= e.time);
      return alarm ? [{ event: e, alarm }] : [];
    });
    const acked = firstAlarms.flatMap(({ alarm }) => {
      const ack = this.acks.get(alarm.id)?.find((t) => t >= alarm.time);
      return ack === undefined ? [] : [(ack - alarm.time) / 1000];
    });
    const leaks = [...this.leaks.values()];
    const isolated = leaks
      .filter((l) => l.isolatedAt !== undefined)
      .map((l) => (l.isolatedAt! - l.since) / 1000);
    // a leak still running has taken at least this long so far: it weighs in the grade
    const end = this.stoppedAt ?? this.clock.now();
    const running = leaks.filter((l) => l.isolatedAt === undefined).map((l) => (end - l.since) / 1000);
    const secondsToAlarm = mean(firstAlarms.map(({ event, alarm }) => (alarm.time - event.time) / 1000));
    const secondsToAcknowledge = mean(acked);
    const secondsToIsolate = mean(isolated);
    const waterLostM3 = Math.round(this.waterLostL) / 1000;
    const unacknowledged = new Set(firstAlarms.map(({ alarm }) => alarm.id)).size - acked.length;
    const leaksNotIsolated = leaks.length - isolated.length;
    return {
      events: events.length,
      secondsToAlarm,
      secondsToAcknowledge,
      unacknowledged: Math.max(0, unacknowledged),
      secondsToIsolate,
      leaksNotIsolated,
      waterLostM3,
      wrongCommands: this.wrongCommands,
      commands: this.commands,
      grade: grade({
        secondsToAcknowledge,
        unacknowledged,
        secondsLeaking: mean([...isolated, ...running]),
        leaksNotIsolated,
        waterLostM3,
        wrongCommands: this.wrongCommands,
      }),
    };
  }
}

/**
 * A simple grade for the debrief, 100 at best: a point off per minute to acknowledge (up to
 * 25) and per two minutes a leak ran, isolated or not (up to 25), 15 per alarm left
 * unacknowledged and 35 per leak left running (up to 60 together), 5 per refused or failed
 * command (up to 20), a point per m³ lost (up to 15).
 */
function grade(s: {
  secondsToAcknowledge: number | null;
  unacknowledged: number;
  secondsLeaking: number | null;
  leaksNotIsolated: number;
  waterLostM3: number;
  wrongCommands: number;
}): number {
  const penalty =
    Math.min(25, (s.secondsToAcknowledge ?? 0) / 60) +
    Math.min(25, (s.secondsLeaking ?? 0) / 120) +
    Math.min(60, 15 * s.unacknowledged + 35 * s.leaksNotIsolated) +
    Math.min(20, 5 * s.wrongCommands) +
    Math.min(15, s.waterLostM3);
  return Math.max(0, Math.round(100 - penalty));
}

function mean(values: number[]): number | null {
  return values.length ? Math.round(values.reduce((a, b) => a + b, 0) / values.length) : null;
}

/** a trainer's injection as the scenario event the plant applies now */
function scenarioEvent(event: InjectedEvent): ScenarioEvent {
  switch (event.type) {
    case 'leak':
      return event.rampMinutes > 0
        ? { at: 0, type: 'leak', pipe: event.pipe, flowLps: event.flowLps, rampHours: event.rampMinutes / 60 }
        : { at: 0, type: 'pipe_burst', pipe: event.pipe, flowLps: event.flowLps };
    case 'pump_trip':
      return { at: 0, type: 'pump_trip', pump: event.pump };
    case 'sensor_fault':
      return {
        at: 0,
        type: 'sensor_fault',
        sensor: event.sensor,
        mode: event.mode,
        driftPerHour: event.driftPerHour,
      };
    case 'hydrant_open':
      return {
        at: 0,
        type: 'hydrant_open',
        node: event.node,
        flowLps: event.flowLps,
        ...(event.minutes && { for: event.minutes * 60 }),
      };
    case 'valve_stuck':
      return { at: 0, type: 'valve_stuck', valve: event.valve };
  }
}
