// The command path's way into the field through the drivers: a FieldWriter driven by
// bindings that say, per command target, which tag writes an action is (start PU-3 = write 1
// to pump.PU-3.cmd; set_speed = the value to pump.PU-3.setpoint, then 3 to pump.PU-3.cmd) and
// which tags the readback comes from (a state register decoded to 'running'/'stopped', an
// analog feedback). The command service then verifies the readback as it does for any field.
import type { CommandValue } from '../main/commands/targets';
import type { FieldWriter, Readback } from '../main/commands/field';
import type { Driver, Quality, TagSample, TagValue } from './driver';

export interface WriteStep {
  point: string;
  /** a fixed value (a command code); absent: the command's own value */
  value?: TagValue;
}

export interface FieldBinding {
  target: string;
  actions: Record<string, WriteStep[]>;
  readback: {
    /** a point whose raw value names the state: { "1": "running", "0": "stopped" } */
    state?: { point: string; states: Record<string, string> };
    /** analog feedback: speed %, position %, … */
    value?: string;
  };
}

const WORST: Record<Quality, number> = { good: 0, uncertain: 1, bad: 2 };

export class TagFieldWriter implements FieldWriter {
  private readonly bindings: Map<string, FieldBinding>;

  constructor(
    bindings: readonly FieldBinding[],
    /** which driver serves a point */
    private readonly driverOf: (point: string) => Driver | undefined,
  ) {
    this.bindings = new Map(bindings.map((b) => [b.target, b]));
  }

  async write(target: string, action: string, value?: CommandValue): Promise<void> {
    const binding = this.bindings.get(target);
    if (!binding) throw new Error(`${target} is not bound to any field tag`);
    const steps = binding.actions[action];
    if (!steps) throw new Error(`${target} has no field binding for ${action}`);
    for (const step of steps) {
      const v = step.value ?? value;
      if (v === undefined) throw new Error(`${target} ${action}: ${step.point} needs a value`);
      const result = await this.driver(step.point).write(step.point, v);
      if (!result.confirmed)
        throw new Error(`${target} ${action}: ${step.point} write not confirmed (${result.detail ?? ''})`);
    }
  }

  async read(target: string): Promise<Readback> {
    const binding = this.bindings.get(target);
    if (!binding) return { quality: 'bad' };
    const { state, value } = binding.readback;
    const points = [state?.point, value].filter((p): p is string => p !== undefined);
    const samples: TagSample[] = [];
    try {
      for (const p of points) samples.push(...(await this.driver(p).read([p])));
    } catch {
      return { quality: 'bad' };
    }
    const quality = samples.reduce<Quality>((q, s) => (WORST[s.quality] > WORST[q] ? s.quality : q), 'good');
    const readback: Readback = { quality };
    const stateSample = samples.find((s) => s.point === state?.point);
    if (state && stateSample && stateSample.value !== null) {
      const raw = typeof stateSample.value === 'boolean' ? Number(stateSample.value) : stateSample.value;
      readback.state = state.states[String(raw)] ?? `unknown ${String(raw)}`;
    }
    const valueSample = samples.find((s) => s.point === value);
    if (valueSample && typeof valueSample.value === 'number') readback.value = valueSample.value;
    return readback;
  }

  private driver(point: string): Driver {
    const d = this.driverOf(point);
    if (!d) throw new Error(`no driver serves ${point}`);
    return d;
  }
}
