// The network as the console sees it: topology and static attributes in SI units
// (metres, millimetres, litres per second), whatever units the source .inp used.
// Live values travel separately as index-aligned arrays (see TwinFrame in contract.ts),
// so a frame for a 16,000-link city stays a few flat arrays instead of 16,000 objects.
import { z } from 'zod';

export const NodeKind = z.enum(['junction', 'tank', 'reservoir']);
export type NodeKind = z.infer<typeof NodeKind>;

export const LinkKind = z.enum(['pipe', 'pump', 'valve']);
export type LinkKind = z.infer<typeof LinkKind>;

export const ValveType = z.enum(['PRV', 'PSV', 'PBV', 'FCV', 'TCV', 'GPV']);
export type ValveType = z.infer<typeof ValveType>;

export const NetworkNode = z.object({
  id: z.string(),
  kind: NodeKind,
  x: z.number(),
  y: z.number(),
  /** m above datum */
  elevation: z.number(),
  /** L/s, primary demand before patterns (junctions only) */
  baseDemand: z.number(),
  /** a junction that the network's sidecar marks as a fire hydrant */
  hydrant: z.boolean(),
  /** DMA id from the sidecar, when the network has one */
  zone: z.string().nullable(),
  tank: z.object({ minLevel: z.number(), maxLevel: z.number(), diameter: z.number() }).nullable(),
});
export type NetworkNode = z.infer<typeof NetworkNode>;

export const NetworkLink = z.object({
  id: z.string(),
  kind: LinkKind,
  valveType: ValveType.nullable(),
  from: z.string(),
  to: z.string(),
  /** m; 0 for pumps and valves */
  length: z.number(),
  /** mm; 0 for pumps */
  diameter: z.number(),
  /** intermediate drawing points between the end nodes */
  vertices: z.array(z.tuple([z.number(), z.number()])),
  /** a pump the sidecar marks as standby */
  standby: z.boolean(),
});
export type NetworkLink = z.infer<typeof NetworkLink>;

export const Zone = z.object({ id: z.string(), name: z.string(), inlets: z.array(z.string()) });
export type Zone = z.infer<typeof Zone>;

export const NetworkModel = z.object({
  /** new each time the core loads a network, even the same file again; frames carry it too */
  loadId: z.string(),
  name: z.string(),
  title: z.string(),
  /** flow units of the source file, for the engineer's information */
  sourceUnits: z.string(),
  /** hydraulic step of the twin, seconds */
  hydraulicStep: z.number(),
  /** true when the .inp had no coordinates and Aqueduct laid the nodes out itself */
  syntheticLayout: z.boolean(),
  nodes: z.array(NetworkNode),
  links: z.array(NetworkLink),
  zones: z.array(Zone),
});
export type NetworkModel = z.infer<typeof NetworkModel>;

/**
 * Where a leak midway along a pipe leaves a node-based model: its two end junctions, half
 * each (the usual way to place a leak inside a pipe without splitting it). A hydrant node
 * stands for the hydrant on its lateral, whose monitor reads what the hydrant discharges,
 * so a main's leak drains at its other end; so does a pipe from a tank or reservoir. The
 * simulated plant drains its leaks this way, and the leak analytics match pipes this way.
 */
export function pipeLeakEnds(link: NetworkLink, nodeOf: (id: string) => NetworkNode | undefined): string[] {
  const junctions = [...new Set([link.from, link.to])].filter((id) => nodeOf(id)?.kind === 'junction');
  const mains = junctions.filter((id) => !nodeOf(id)!.hydrant);
  return mains.length > 0 ? mains : junctions;
}

/**
 * The link an isolation valve closes: a valve in the model is its own link; a line valve of
 * a valve layer, `<pipe>@<node>` (the valve on `pipe` at its `node` end), closes its pipe.
 */
export function isolationValveLink(valve: string): string {
  const at = valve.lastIndexOf('@');
  return at < 0 ? valve : valve.slice(0, at);
}
