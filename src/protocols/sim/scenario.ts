// Scenario files: what trainers, tests and benchmarks share to say "this network, from this
// time, for this long, with these sensors, and then these things happen to the plant".
// JSON or YAML. Every mistake is reported with the line and the path of the offending value,
// because the people writing these are water engineers, not programmers.
import { isMap, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import { z } from 'zod';

const UNIT_SECONDS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86_400 };

/** "90s", "15m", "6h", "2d", "1h30m" or a number of seconds → seconds */
export function parseDuration(text: string | number): number {
  if (typeof text === 'number') {
    if (!Number.isFinite(text) || text < 0)
      throw new Error(`duration must be a non-negative number of seconds`);
    return text;
  }
  const compact = text.trim().replace(/\s+/g, '');
  if (!/^(\d+(\.\d+)?(ms|s|m|h|d))+$/.test(compact)) {
    throw new Error(`"${text}" is not a duration (examples: 90s, 15m, 6h, 2d, 1h30m)`);
  }
  let seconds = 0;
  for (const [, amount, unit] of compact.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)) {
    seconds += Number(amount) * UNIT_SECONDS[unit!]!;
  }
  return seconds;
}

const Duration = z.union([z.string(), z.number()]).transform((value, ctx) => {
  try {
    return parseDuration(value);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
    return z.NEVER;
  }
});

const Id = z.string().min(1).max(64);
const at = { at: Duration };

const ScenarioEvent = z.discriminatedUnion('type', [
  z
    .object({
      ...at,
      type: z.literal('leak'),
      pipe: Id.optional(),
      node: Id.optional(),
      /** L/s at the pressure when the leak starts (the twin sizes an orifice from it) */
      flowLps: z.number().positive().max(1000),
      /** grows linearly to full size over this many hours; 0 = abrupt */
      rampHours: z
        .number()
        .min(0)
        .max(24 * 60)
        .default(0),
    })
    .strict()
    .refine(
      (e) => (e.pipe === undefined) !== (e.node === undefined),
      'a leak needs exactly one of "pipe" or "node"',
    ),
  z
    .object({ ...at, type: z.literal('pipe_burst'), pipe: Id, flowLps: z.number().positive().max(5000) })
    .strict(),
  z
    .object({
      ...at,
      type: z.literal('pump_degradation'),
      pump: Id,
      /** relative loss of head at the same flow, e.g. 0.08 = 8 % */
      headLoss: z.number().min(0).max(0.9).default(0.08),
      vibrationIncrease: z.number().min(0).max(10).default(0.15),
      temperatureRiseC: z.number().min(0).max(80).default(5),
      over: Duration.default(30 * 86_400),
    })
    .strict(),
  z.object({ ...at, type: z.literal('pump_trip'), pump: Id }).strict(),
  z
    .object({
      ...at,
      type: z.literal('hydrant_open'),
      node: Id,
      flowLps: z.number().positive().max(200),
      for: Duration.optional(),
    })
    .strict(),
  z
    .object({
      ...at,
      type: z.literal('sensor_fault'),
      sensor: Id,
      mode: z.enum(['drift', 'stuck', 'offline']),
      /** drift rate in the sensor's unit per hour */
      driftPerHour: z.number().default(0.5),
      for: Duration.optional(),
    })
    .strict(),
  z.object({ ...at, type: z.literal('valve_stuck'), valve: Id }).strict(),
  z
    .object({
      ...at,
      type: z.literal('demand_surge'),
      zone: Id.optional(),
      factor: z.number().positive().max(10),
      for: Duration,
    })
    .strict(),
  z.object({ ...at, type: z.literal('comms_loss'), zone: Id, for: Duration }).strict(),
  z
    .object({
      ...at,
      type: z.literal('tariff'),
      /** 24 hourly prices in currency per kWh */
      pricesPerKwh: z.array(z.number().min(0)).length(24),
    })
    .strict(),
  z
    .object({
      ...at,
      type: z.literal('contamination'),
      node: Id,
      concentration: z.number().positive(),
      for: Duration,
    })
    .strict(),
]);
export type ScenarioEvent = z.output<typeof ScenarioEvent>;

const SensorSet = z.union([
  z.literal('auto'),
  z
    .object({
      pressure: z.union([z.literal('auto'), z.array(Id)]).default('auto'),
      flow: z.union([z.literal('auto'), z.array(Id)]).default('auto'),
      level: z.union([z.literal('auto'), z.array(Id)]).default('auto'),
      /** sampling period of every sensor */
      period: Duration.default(60),
    })
    .strict(),
]);

export const Scenario = z
  .object({
    name: z.string().min(1).max(200),
    description: z.string().max(10_000).optional(),
    /** 'demo' for the built-in town, or an .inp path relative to the scenario file */
    network: z.string().min(1).default('demo'),
    start: z.iso.datetime({ offset: true }).transform((s) => Date.parse(s)),
    duration: Duration.refine(
      (s) => s > 0 && s <= 366 * 86_400,
      'duration must be more than 0 and at most a year',
    ),
    hydraulicStep: Duration.default(60).refine(
      (s) => s >= 1 && s <= 3600,
      'hydraulicStep must be 1 s to 1 h',
    ),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1)
      .default(1),
    speed: z.union([z.literal('max'), z.number().positive()]).default('max'),
    sensors: SensorSet.default('auto'),
    noise: z
      .object({
        /** standard deviation of pressure readings, m */
        pressure: z.number().min(0).max(10).default(0.1),
        /** relative standard deviation of flow readings */
        flow: z.number().min(0).max(1).default(0.01),
        /** standard deviation of level readings, m */
        level: z.number().min(0).max(1).default(0.01),
      })
      .strict()
      .default({ pressure: 0.1, flow: 0.01, level: 0.01 }),
    uncertainty: z
      .object({
        /** per-node random variation of demand, relative standard deviation */
        demandNoise: z.number().min(0).max(1).default(0),
        /** relative perturbation of the plant's pipe roughness (the console's model stays nominal) */
        roughness: z.number().min(0).max(0.5).default(0),
      })
      .strict()
      .default({ demandNoise: 0, roughness: 0 }),
    events: z.array(ScenarioEvent).max(10_000).default([]),
    /** leak response for this run; overrides the network sidecar's `leakResponse.mode` */
    leakResponse: z
      .object({ mode: z.enum(['auto', 'advise', 'off']) })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine((scenario, ctx) => {
    scenario.events.forEach((event, i) => {
      if (event.at > scenario.duration) {
        ctx.addIssue({
          code: 'custom',
          path: ['events', i, 'at'],
          message: 'happens after the end of the scenario',
        });
      }
    });
  });
export type Scenario = z.output<typeof Scenario>;

export class ScenarioError extends Error {
  constructor(
    readonly fileName: string,
    readonly line: number | null,
    readonly path: string,
    detail: string,
  ) {
    super(`${fileName}${line !== null ? `: line ${line}` : ''}${path ? ` (${path})` : ''}: ${detail}`);
    this.name = 'ScenarioError';
  }
}

/** Parse and validate a scenario (YAML is a superset of JSON, so one parser reads both). */
export function parseScenario(text: string, fileName: string): Scenario {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: true });
  const syntax = doc.errors[0];
  if (syntax) {
    const line = syntax.linePos?.[0]?.line ?? null;
    throw new ScenarioError(fileName, line, '', syntax.message.split('\n')[0]!);
  }
  const parsed = Scenario.safeParse(doc.toJS());
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const path = issue.path
    .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
    .join('')
    .replace(/^\./, '');
  return throwAt(fileName, doc.contents, issue.path, path, issue.message, lines);
}

function throwAt(
  fileName: string,
  root: unknown,
  path: PropertyKey[],
  printable: string,
  message: string,
  lines: LineCounter,
): never {
  // walk as deep as the document goes, so a missing key points at its parent
  let node = root as YamlNode | null;
  for (const key of path) {
    const child: unknown = isMap(node) || isSeq(node) ? node.get(key as never, true) : undefined;
    if (!child || typeof child !== 'object') break;
    node = child as YamlNode;
  }
  const offset = node?.range?.[0];
  const line = offset === undefined ? null : lines.linePos(offset).line;
  throw new ScenarioError(fileName, line, printable, message);
}
