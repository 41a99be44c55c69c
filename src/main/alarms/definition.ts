// Alarm definitions as engineers write them (JSON), validated once at load time so the engine
// never meets a malformed definition at 3 a.m. Durations are in seconds because people write
// these files; the engine converts to clock milliseconds.
import { z } from 'zod';
import { TEMPLATE_FIELDS, templateFields } from './message-template';

export type Quality = 'good' | 'uncertain' | 'bad';
export type TagValue = number | string | boolean;

const nonEmpty = z.string().trim().min(1);
const seconds = z.number().finite().nonnegative();
/** hysteresis in engineering units: an analog alarm clears only once back inside by this much */
const deadband = z.number().finite().nonnegative().default(0);

const common = {
  id: nonEmpty,
  tag: nonEmpty,
  /** 1 = highest. ISA-18.2 allows 3–4 priorities; we use 4. */
  priority: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]),
  /** e.g. '{tag} pressure high: {value} m (limit {setpoint})' — see message-template.ts */
  message: nonEmpty.refine((t) => templateFields(t).every((f) => TEMPLATE_FIELDS.includes(f)), {
    message: `message template may only use ${TEMPLATE_FIELDS.map((f) => `{${f}}`).join(' ')}`,
  }),
  area: nonEmpty.optional(),
  zone: nonEmpty.optional(),
  /** the condition must hold this long before the alarm activates (filters transients) */
  onDelayS: seconds.default(0),
  /** the condition must be gone this long before the alarm clears (filters chatter) */
  offDelayS: seconds.default(0),
  /** safety-critical alarms are configured as not shelvable */
  shelvable: z.boolean().default(true),
};

export const LimitAlarmSchema = z.object({
  ...common,
  type: z.literal('limit'),
  limit: z.enum(['hi', 'hihi', 'lo', 'lolo']),
  setpoint: z.number().finite(),
  deadband,
});

export const DeviationAlarmSchema = z
  .object({
    ...common,
    type: z.literal('deviation'),
    /** the value the tag is compared with: another tag (e.g. a setpoint tag) or a constant */
    referenceTag: nonEmpty.optional(),
    referenceValue: z.number().finite().optional(),
    /** allowed |value − reference| before alarming */
    maxDeviation: z.number().finite().positive(),
    direction: z.enum(['both', 'above', 'below']).default('both'),
    deadband,
  })
  .refine((d) => (d.referenceTag === undefined) !== (d.referenceValue === undefined), {
    message: 'a deviation alarm needs exactly one of referenceTag or referenceValue',
  });

export const RateOfChangeAlarmSchema = z.object({
  ...common,
  type: z.literal('rate_of_change'),
  /** engineering units per minute */
  ratePerMinute: z.number().finite().positive(),
  direction: z.enum(['both', 'rising', 'falling']).default('both'),
  deadband,
});

export const DiscreteAlarmSchema = z.object({
  ...common,
  type: z.literal('discrete'),
  /** the alarm is active while the tag equals this, e.g. a pump state 'Emergency_Stop' */
  equals: z.union([z.string(), z.number(), z.boolean()]),
});

export const CommsLossAlarmSchema = z.object({
  ...common,
  type: z.literal('comms_loss'),
  /** active once the tag has been bad, or silent, for longer than this */
  afterS: z.number().finite().positive(),
});

export const AlarmDefinitionSchema = z.discriminatedUnion('type', [
  LimitAlarmSchema,
  DeviationAlarmSchema,
  RateOfChangeAlarmSchema,
  DiscreteAlarmSchema,
  CommsLossAlarmSchema,
]);

export const SuppressionRuleSchema = z.object({
  id: nonEmpty,
  when: z.object({ tag: nonEmpty, equals: z.union([z.string(), z.number(), z.boolean()]) }),
  /** alarm ids, or patterns where '*' matches any run of characters ('pump.P1.*') */
  suppress: z.array(nonEmpty).min(1),
  /**
   * Keep suppressing this long after the condition ends: a pump that has just started needs a
   * moment before its flow is up, and the low-flow alarm must not flash in between.
   */
  releaseDelayS: seconds.default(0),
});

export const AlarmConfigSchema = z
  .object({
    alarms: z.array(AlarmDefinitionSchema),
    suppressionRules: z.array(SuppressionRuleSchema).default([]),
  })
  .superRefine((config, ctx) => {
    const seen = new Set<string>();
    config.alarms.forEach((alarm, i) => {
      if (seen.has(alarm.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['alarms', i, 'id'],
          message: `duplicate alarm id '${alarm.id}'`,
        });
      }
      seen.add(alarm.id);
    });
  });

export type AlarmDefinition = z.output<typeof AlarmDefinitionSchema>;
export type AlarmDefinitionInput = z.input<typeof AlarmDefinitionSchema>;
export type LimitAlarm = z.output<typeof LimitAlarmSchema>;
export type DeviationAlarm = z.output<typeof DeviationAlarmSchema>;
export type RateOfChangeAlarm = z.output<typeof RateOfChangeAlarmSchema>;
export type DiscreteAlarm = z.output<typeof DiscreteAlarmSchema>;
export type CommsLossAlarm = z.output<typeof CommsLossAlarmSchema>;
export type SuppressionRule = z.output<typeof SuppressionRuleSchema>;
export type SuppressionRuleInput = z.input<typeof SuppressionRuleSchema>;
export type AlarmConfig = z.output<typeof AlarmConfigSchema>;
export type Priority = AlarmDefinition['priority'];

export class AlarmConfigError extends Error {
  override name = 'AlarmConfigError';
}

/** Validate an alarm configuration object (e.g. from JSON.parse); throws with every problem listed. */
export function parseAlarmConfig(input: unknown): AlarmConfig {
  const result = AlarmConfigSchema.safeParse(input);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new AlarmConfigError(`invalid alarm configuration:\n  ${problems.join('\n  ')}`);
  }
  return result.data;
}

/** Parse and validate the text of an alarm configuration JSON file. */
export function parseAlarmConfigJson(text: string): AlarmConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new AlarmConfigError(`alarm configuration is not valid JSON: ${(error as Error).message}`);
  }
  return parseAlarmConfig(raw);
}

/** Fill defaults of a single definition (handy in code and tests). */
export const defineAlarm = (input: AlarmDefinitionInput): AlarmDefinition =>
  AlarmDefinitionSchema.parse(input);
export const defineSuppressionRule = (input: SuppressionRuleInput): SuppressionRule =>
  SuppressionRuleSchema.parse(input);
