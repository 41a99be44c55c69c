// Test harness for the command path: the real service on a SimulatedClock with a real SQLite
// audit log in a temp dir, and a small fake field (the other side of the wire) that carries
// out writes after a delay on the same clock, or misbehaves in the ways real fields do.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setImmediate as afterPendingCallbacks } from 'node:timers/promises';
import { SimulatedClock, type Clock } from '../../agents/runtime/clock';
import type { Role, Session } from '../../shared/access';
import { openStorage } from '../storage/storage';
import type { CommandEvent } from './command';
import { CommandService, type CommandServiceOptions } from './command-service';
import type { FieldWriter, Quality, Readback } from './field';
import { Interlocks, type InterlockInput, type TagValue } from './interlocks';
import { CommandTargetRegistry, type CommandTargetInput, type CommandValue } from './targets';

/** 2024-01-01T00:00:00Z */
export const T0 = 1_704_067_200_000;
export const SECOND = 1_000;

const pump = (id: string): CommandTargetInput => ({
  id,
  kind: 'pump',
  actions: {
    start: { readback: { kind: 'state', equals: 'running' } },
    stop: { readback: { kind: 'state', equals: 'stopped' } },
    set_speed: {
      value: { type: 'number', min: 0, max: 100, unit: '%' },
      readback: { kind: 'value', tolerance: 1 },
    },
  },
});

export const TARGETS: CommandTargetInput[] = [
  pump('PU-1'),
  pump('PU-2'),
  {
    id: 'V-1',
    kind: 'valve',
    actions: {
      open: { readback: { kind: 'state', equals: 'open' } },
      close: { readback: { kind: 'state', equals: 'closed' } },
      set_position: {
        value: { type: 'number', min: 0, max: 100, unit: '%' },
        readback: { kind: 'value', tolerance: 2 },
      },
    },
  },
  {
    id: 'V-HOSP',
    kind: 'valve',
    description: 'supply main to the hospital',
    actions: {
      open: { readback: { kind: 'state', equals: 'open' } },
      close: { critical: true, readback: { kind: 'state', equals: 'closed' } },
    },
  },
  {
    id: 'SP-ZONE3',
    kind: 'setpoint',
    description: 'zone 3 pressure setpoint',
    actions: {
      set: {
        value: { type: 'number', min: 20, max: 60, unit: 'm' },
        readback: { kind: 'value', tolerance: 0.1 },
      },
    },
  },
  {
    id: 'CTL-PS1',
    kind: 'controller',
    description: 'pump station 1 control mode',
    actions: {
      set_mode: {
        value: { type: 'enum', options: ['auto', 'manual'] },
        critical: true,
        readback: { kind: 'state-is-value' },
      },
    },
  },
];

export const INTERLOCKS: InterlockInput[] = [
  {
    id: 'pump-discharge-open',
    when: { target: 'PU-*', action: 'start' },
    require: { tag: '{target}.discharge_valve', equals: 'open' },
    message: 'no pump start with its discharge valve closed',
  },
  {
    id: 'hospital-supply',
    when: { target: 'V-HOSP', action: 'close' },
    require: { tag: 'HOSPITAL.alternate_supply', equals: true },
    message: 'V-HOSP supplies the hospital: closing it needs an engineer override',
    overridable: true,
  },
];

/** a plant where every interlock is satisfied except the hospital's (it has no alternate supply) */
export const PLANT_TAGS: Record<string, TagValue> = {
  'PU-1.discharge_valve': 'open',
  'PU-2.discharge_valve': 'open',
  'HOSPITAL.alternate_supply': false,
};

const INITIAL_FIELD: Record<string, Readback> = {
  'PU-1': { state: 'stopped', value: 0, quality: 'good' },
  'PU-2': { state: 'stopped', value: 0, quality: 'good' },
  'V-1': { state: 'open', value: 100, quality: 'good' },
  'V-HOSP': { state: 'open', value: 100, quality: 'good' },
  'SP-ZONE3': { value: 35, quality: 'good' },
  'CTL-PS1': { state: 'auto', quality: 'good' },
};

/** The field as a driver sees it: obeys writes after `respondAfterMs`, unless told to misbehave. */
export class FakeField implements FieldWriter {
  readonly writes: { target: string; action: string; value?: CommandValue }[] = [];
  readonly reads: string[] = [];
  respondAfterMs = 1_000;
  /** reject every write with this message */
  writeError: string | undefined;
  /** never answer writes (a driver stuck on a dead link) */
  hangWrites = false;
  /** accept writes but do nothing (a pump in local control) */
  ignoreWrites = false;
  /** reject every read with this message */
  readError: string | undefined;
  /** the quality every readback reports */
  quality: Quality = 'good';
  private readonly state = new Map<string, Readback>(
    Object.entries(INITIAL_FIELD).map(([k, v]) => [k, { ...v }]),
  );

  constructor(private readonly clock: Clock) {}

  async write(target: string, action: string, value?: CommandValue): Promise<void> {
    this.writes.push({ target, action, ...(value !== undefined && { value }) });
    if (this.writeError !== undefined) throw new Error(this.writeError);
    if (this.hangWrites) return new Promise<void>(() => {});
    if (this.ignoreWrites) return;
    this.clock.at(this.clock.now() + this.respondAfterMs, () => this.apply(target, action, value));
  }

  async read(target: string): Promise<Readback> {
    this.reads.push(target);
    if (this.readError !== undefined) throw new Error(this.readError);
    return { ...(this.state.get(target) ?? { quality: 'bad' }), quality: this.quality };
  }

  current(target: string): Readback | undefined {
    return this.state.get(target);
  }

  private apply(target: string, action: string, value?: CommandValue): void {
    const s = this.state.get(target) ?? { quality: 'good' };
    const effects: Record<string, Partial<Readback>> = {
      start: { state: 'running' },
      stop: { state: 'stopped' },
      open: { state: 'open', value: 100 },
      close: { state: 'closed', value: 0 },
      set_speed: { value: Number(value) },
      set_position: { value: Number(value) },
      set: { value: Number(value) },
      set_mode: { state: String(value) },
    };
    this.state.set(target, { ...s, ...effects[action] });
  }
}

export function session(user: string, role: Role, id = `s-${user}`): Session {
  return { id, user, role, source: `ws:10.0.0.${user.length}` };
}

export const alice = session('alice', 'operator');
export const bob = session('bob', 'operator');
export const vera = session('vera', 'viewer');
export const erin = session('erin', 'engineer');
export const adam = session('adam', 'admin');

/**
 * Lets every pending promise callback run (the field's answers, queued audit appends). It is
 * not a timer: simulated time does not move.
 */
export const settle = () => afterPendingCallbacks();

export type Harness = Awaited<ReturnType<typeof openHarness>>;

export async function openHarness(options: Partial<CommandServiceOptions> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'aqueduct-commands-'));
  const clock = new SimulatedClock(T0);
  const storage = openStorage(join(dir, 'aqueduct.db'), { clock, flushEveryMs: 0 });
  const field = new FakeField(clock);
  const tags = new Map(Object.entries(PLANT_TAGS));
  /** everything but the audit log, for a test that builds its own service around another one */
  const parts = {
    clock,
    field,
    targets: new CommandTargetRegistry(TARGETS),
    interlocks: new Interlocks(INTERLOCKS),
    plant: (tag: string) => tags.get(tag),
  };
  const service = new CommandService({
    ...parts,
    audit: storage.audit,
    onError: (error) => {
      throw error;
    },
    ...options,
  });
  const events: CommandEvent[] = [];
  service.onChange((e) => events.push(e));

  /** move the clock on by `ms`, stopping at every due task so the field's answers land in between */
  const advance = async (ms: number) => {
    const target = clock.now() + ms;
    await settle();
    for (let next = clock.nextDue(); next !== undefined && next <= target; next = clock.nextDue()) {
      clock.advanceTo(next);
      await settle();
    }
    clock.advanceTo(target);
    await settle();
  };

  /** the audit trail as compact rows for assertions */
  const trail = async (filter: (r: { details: Record<string, unknown> }) => boolean = () => true) =>
    (await storage.audit.records())
      .filter(filter)
      .map((r) => ({ t: r.time - T0, user: r.user, action: r.action, target: r.target, result: r.result }));

  /** the states one command went through, in order */
  const statesOf = (commandId: string) =>
    events.filter((e) => e.command.id === commandId).map((e) => e.command.state);

  const close = async () => {
    await settle();
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  };

  return {
    clock,
    storage,
    audit: storage.audit,
    field,
    tags,
    parts,
    service,
    events,
    advance,
    trail,
    statesOf,
    close,
  };
}
