// Interlocks: declarative rules that refuse a command while the plant is in a state where it
// would be unsafe ("no pump start with its discharge valve closed"). Engineers write them as
// config; they are validated once at load time and evaluated at operate (and again right
// before a critical command is written, since the plant may have moved while it awaited approval).
import { z } from 'zod';

export type TagValue = number | string | boolean;

/** the current plant state by tag; undefined when the tag is unknown or has no value yet */
export type PlantState = (tag: string) => TagValue | undefined;

const nonEmpty = z.string().trim().min(1);
const scalar = z.union([z.number(), z.string(), z.boolean()]);

const Requirement = z
  .object({
    /** `{target}` is replaced by the commanded target, so one rule can cover every pump */
    tag: nonEmpty,
    equals: scalar.optional(),
    notEquals: scalar.optional(),
    above: z.number().finite().optional(),
    below: z.number().finite().optional(),
  })
  .refine((r) => [r.equals, r.notEquals, r.above, r.below].filter((c) => c !== undefined).length === 1, {
    message: 'a requirement needs exactly one of equals, notEquals, above, below',
  });
export type Requirement = z.infer<typeof Requirement>;

export const InterlockSchema = z.object({
  id: nonEmpty,
  when: z.object({
    /** target id, `*` matches any run of characters: 'PU-*' */
    target: nonEmpty,
    action: z.union([nonEmpty, z.array(nonEmpty).min(1)]),
  }),
  require: Requirement,
  message: nonEmpty,
  /** an engineer or admin may override it (audited); safety-of-equipment rules stay false */
  overridable: z.boolean().default(false),
});
export type Interlock = z.infer<typeof InterlockSchema>;
export type InterlockInput = z.input<typeof InterlockSchema>;

export const InterlocksSchema = z
  .array(InterlockSchema)
  .refine((rules) => new Set(rules.map((r) => r.id)).size === rules.length, {
    message: 'interlock ids must be unique',
  });

export interface Violation {
  id: string;
  message: string;
  overridable: boolean;
  tag: string;
  /** what the plant state held; null when the tag had no value */
  actual: TagValue | null;
}

export class Interlocks {
  private readonly rules: ReadonlyArray<{ rule: Interlock; target: RegExp }>;

  /** throws a ZodError naming every problem in the configuration */
  constructor(rules: readonly InterlockInput[]) {
    this.rules = InterlocksSchema.parse(rules).map((rule) => ({
      rule,
      target: globToRegExp(rule.when.target),
    }));
  }

  /** every rule that applies to this command and is not satisfied by the plant state */
  check(target: string, action: string, plant: PlantState): Violation[] {
    const violations: Violation[] = [];
    for (const { rule, target: pattern } of this.rules) {
      const actions = Array.isArray(rule.when.action) ? rule.when.action : [rule.when.action];
      if (!pattern.test(target) || !actions.includes(action)) continue;
      const tag = rule.require.tag.replaceAll('{target}', target);
      const actual = plant(tag);
      if (satisfied(rule.require, actual)) continue;
      violations.push({
        id: rule.id,
        message: rule.message,
        overridable: rule.overridable,
        tag,
        actual: actual ?? null,
      });
    }
    return violations;
  }
}

/** an unknown value never satisfies a requirement: an interlock fails safe */
function satisfied(r: Requirement, actual: TagValue | undefined): boolean {
  if (actual === undefined) return false;
  if (r.equals !== undefined) return actual === r.equals;
  if (r.notEquals !== undefined) return actual !== r.notEquals;
  if (typeof actual !== 'number' || !Number.isFinite(actual)) return false;
  if (r.above !== undefined) return actual > r.above;
  if (r.below !== undefined) return actual < r.below;
  return false;
}

function globToRegExp(glob: string): RegExp {
  const escaped = glob.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${escaped.join('.*')}$`);
}
