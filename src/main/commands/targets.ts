// What may be commanded in the field, as engineers configure it: each target (PU-1, V-12, …),
// the actions it accepts, the value each action takes and its range, which actions are
// critical (dual approval), and what the readback must show for the field to have obeyed.
// Validated once at load time; the command service refuses anything not declared here.
import { z } from 'zod';

const nonEmpty = z.string().trim().min(1);

export const CommandValue = z.union([z.number(), z.string()]);
export type CommandValue = z.infer<typeof CommandValue>;

const ValueSpec = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('number'),
      min: z.number().finite(),
      max: z.number().finite(),
      unit: nonEmpty.optional(),
    })
    .refine((v) => v.min <= v.max, { message: 'min must not exceed max' }),
  z.object({ type: z.literal('enum'), options: z.array(nonEmpty).min(1) }),
]);
export type ValueSpec = z.infer<typeof ValueSpec>;

/** how to tell from a readback that the field did what it was told */
export const ReadbackExpectation = z.discriminatedUnion('kind', [
  /** the reported state equals a fixed one (start → 'running', close → 'closed') */
  z.object({ kind: z.literal('state'), equals: nonEmpty }),
  /** the reported value is within `tolerance` of the commanded value (speed, position, setpoint) */
  z.object({ kind: z.literal('value'), tolerance: z.number().finite().nonnegative() }),
  /** the reported state equals the commanded value (mode: 'auto' | 'manual') */
  z.object({ kind: z.literal('state-is-value') }),
]);
export type ReadbackExpectation = z.infer<typeof ReadbackExpectation>;

export const ActionSpec = z
  .object({
    /** absent: the action takes no value */
    value: ValueSpec.optional(),
    /** critical actions need a second operator's approval before they reach the field */
    critical: z.boolean().default(false),
    readback: ReadbackExpectation,
  })
  .refine((a) => a.readback.kind === 'state' || a.value !== undefined, {
    message: 'a readback that compares with the commanded value needs a value',
  })
  .refine((a) => a.readback.kind !== 'value' || a.value?.type === 'number', {
    message: 'a numeric readback needs a numeric value',
  });
export type ActionSpec = z.infer<typeof ActionSpec>;

export const CommandTargetSchema = z.object({
  id: nonEmpty,
  kind: z.enum(['pump', 'valve', 'setpoint', 'controller']),
  description: z.string().optional(),
  actions: z.record(nonEmpty, ActionSpec).refine((a) => Object.keys(a).length > 0, {
    message: 'a target needs at least one action',
  }),
});
export type CommandTarget = z.infer<typeof CommandTargetSchema>;
export type CommandTargetInput = z.input<typeof CommandTargetSchema>;

export const CommandTargetsSchema = z
  .array(CommandTargetSchema)
  .refine((targets) => new Set(targets.map((t) => t.id)).size === targets.length, {
    message: 'target ids must be unique',
  });

export type Resolution =
  | { ok: true; target: CommandTarget; spec: ActionSpec }
  | { ok: false; reason: 'unknown-target' | 'unknown-action' | 'invalid-value'; message: string };

export class CommandTargetRegistry {
  private readonly byId: ReadonlyMap<string, CommandTarget>;

  /** throws a ZodError naming every problem in the configuration */
  constructor(targets: readonly CommandTargetInput[]) {
    this.byId = new Map(CommandTargetsSchema.parse(targets).map((t) => [t.id, t]));
  }

  get(id: string): CommandTarget | undefined {
    return this.byId.get(id);
  }

  list(): CommandTarget[] {
    return [...this.byId.values()];
  }

  /** whether `action` with `value` is something `targetId` accepts */
  resolve(targetId: string, action: string, value: unknown): Resolution {
    const target = this.byId.get(targetId);
    if (!target) return { ok: false, reason: 'unknown-target', message: `unknown target ${targetId}` };
    // own properties only: 'toString' must not resolve to Object.prototype's
    const spec = Object.hasOwn(target.actions, action) ? target.actions[action] : undefined;
    if (!spec) {
      return { ok: false, reason: 'unknown-action', message: `${targetId} does not accept ${action}` };
    }
    const problem = valueProblem(spec.value, value);
    if (problem) return { ok: false, reason: 'invalid-value', message: `${targetId} ${action}: ${problem}` };
    return { ok: true, target, spec };
  }
}

function valueProblem(spec: ValueSpec | undefined, value: unknown): string | undefined {
  if (spec === undefined) return value === undefined ? undefined : 'takes no value';
  if (value === undefined) return 'needs a value';
  const schema =
    spec.type === 'number' ? z.number().finite().min(spec.min).max(spec.max) : z.enum(spec.options);
  const parsed = schema.safeParse(value);
  if (parsed.success) return undefined;
  return spec.type === 'number'
    ? `value must be a number from ${spec.min} to ${spec.max}${spec.unit ? ` ${spec.unit}` : ''}`
    : `value must be one of ${spec.options.join(', ')}`;
}
