// The sidecar file beside an .inp (`<name>.zones.json`) carries what EPANET files do not:
// DMAs with their metered inlets, which junctions are fire hydrants, which pumps are standby.
import { z } from 'zod';

export const Sidecar = z.object({
  name: z.string().optional(),
  zones: z
    .array(
      z.object({
        id: z.string(),
        name: z.string(),
        inlets: z.array(z.string()).default([]),
        nodes: z.array(z.string()).default([]),
      }),
    )
    .default([]),
  hydrants: z.array(z.string()).default([]),
  standbyPumps: z.array(z.string()).default([]),
  isolationValves: z.array(z.string()).default([]),
  /**
   * Leak response: `auto` closes the isolation valves, `advise` proposes them to the
   * operator, `off` only reports. The valve layer: `auto` = the isolation valves above when
   * listed, else a valve at every pipe end but one per node (`pipe-ends`); both
   * (`model+pipe-ends`: the listed valves and line valves on the mains); or a list.
   */
  leakResponse: z
    .object({
      mode: z.enum(['auto', 'advise', 'off']).default('advise'),
      valveLayer: z
        .union([
          z.enum(['auto', 'model', 'pipe-ends', 'model+pipe-ends']),
          z.object({
            valves: z.array(z.object({ pipe: z.string().min(1), node: z.string().min(1) })).min(1),
          }),
        ])
        .default('auto'),
    })
    .default({ mode: 'advise', valveLayer: 'auto' }),
  /**
   * What an .inp cannot say about an element's agent, by agent id: a pipe's material and
   * install date, a pump's power, an instrument's thresholds. Checked against the kind's
   * own config schema when the agents are created.
   */
  agents: z.record(z.string(), z.record(z.string(), z.unknown())).default({}),
  /** customer meters: each reads what its service node delivers (or `share` of it) */
  meters: z
    .array(
      z.object({
        id: z.string().min(1),
        node: z.string().min(1),
        customer: z.string().default(''),
        type: z.enum(['residential', 'commercial', 'industrial']).default('residential'),
        share: z.number().gt(0).max(1).default(1),
      }),
    )
    .default([]),
});
export type CustomerMeter = Sidecar['meters'][number];
export type Sidecar = z.infer<typeof Sidecar>;

export function parseSidecar(text: string, fileName: string): Sidecar {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`${fileName}: not valid JSON (${(error as Error).message})`, { cause: error });
  }
  const parsed = Sidecar.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${fileName}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return parsed.data;
}
