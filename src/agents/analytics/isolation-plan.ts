// Isolation planning: which valves shut off the smallest segment holding a leaking pipe,
// and who loses supply when they close.
//
// Valves come from the model (links the network's sidecar lists as isolation valves, e.g.
// the demo town's IV-xx) or, when the model has none, from a valve layer. The documented
// default layer puts a valve at every pipe end but one per node: at each node the largest
// pipe (the first in the file on a tie) has no valve, as on a typical main whose branches
// are valved. A custom layer lists `{ pipe, node }` valve positions. `model+pipe-ends` is
// a network whose sidecar lists only its larger valves (the demo town's DMA and trunk
// valves) and whose mains have line valves as the default layer places them.
//
// A segment is what stays connected when every valve is thought of as a wall: pipes and
// nodes joined wherever no valve sits between them. Closing the valves on a segment's
// boundary shuts exactly that segment. A stuck valve is no wall: re-planning without it
// merges its segment with the one beyond, and the boundary grows accordingly.
import { type NetworkGraph } from './network-graph';

export type ValveLayerConfig =
  /** sidecar isolation valves when listed, the pipe-end layer otherwise */
  'auto' | 'model' | 'pipe-ends' | 'model+pipe-ends' | { valves: { pipe: string; node: string }[] };

export interface IsolationValve {
  /** a model link id, or `<pipe>@<node>` for a layer valve */
  id: string;
  /** the link whose closing shuts the valve in the plant (the valve link, or the pipe it sits on) */
  link: string;
  /** layer valves: the node at whose end of `link` it sits */
  node: string | null;
}

export interface ValveLayer {
  kind: 'model' | 'pipe-ends' | 'model+pipe-ends' | 'custom';
  valves: IsolationValve[];
}

export interface IsolationPlan {
  /** the pipe the plan shuts in */
  pipe: string;
  segmentPipes: string[];
  segmentNodes: string[];
  valves: IsolationValve[];
  /** junctions without a path to a tank or reservoir once the valves are closed */
  nodesWithoutSupply: string[];
}

/** Build the valve layer; names in a custom layer or the sidecar list are checked. */
export function valveLayer(
  g: NetworkGraph,
  config: ValveLayerConfig,
  modelValves: readonly string[],
): ValveLayer {
  const { links, nodes } = g.model;
  if (config === 'model+pipe-ends') {
    const model = valveLayer(g, 'model', modelValves);
    return { kind: config, valves: [...model.valves, ...valveLayer(g, 'pipe-ends', []).valves] };
  }
  if (config === 'model' || (config === 'auto' && modelValves.length > 0)) {
    const unknown = modelValves.filter((id) => !g.linkIndex.has(id));
    if (unknown.length)
      throw new Error(`valve layer: no link ${unknown.slice(0, 5).join(', ')} in the model`);
    if (modelValves.length === 0)
      throw new Error('valve layer "model": the network lists no isolation valves');
    return { kind: 'model', valves: modelValves.map((id) => ({ id, link: id, node: null })) };
  }
  if (config === 'auto' || config === 'pipe-ends') {
    const valves: IsolationValve[] = [];
    nodes.forEach((node, n) => {
      const pipes = g.linksAt[n]!.filter((i) => links[i]!.kind === 'pipe');
      if (pipes.length === 0) return;
      const unvalved = pipes.reduce((best, i) => (links[i]!.diameter > links[best]!.diameter ? i : best));
      for (const i of pipes)
        if (i !== unvalved)
          valves.push({ id: `${links[i]!.id}@${node.id}`, link: links[i]!.id, node: node.id });
    });
    return { kind: 'pipe-ends', valves };
  }
  const valves = config.valves.map(({ pipe, node }, k) => {
    const i = g.linkIndex.get(pipe);
    if (i === undefined || links[i]!.kind !== 'pipe')
      throw new Error(`valve layer: valves[${k}]: no pipe "${pipe}" in the model`);
    if (links[i]!.from !== node && links[i]!.to !== node)
      throw new Error(`valve layer: valves[${k}]: pipe ${pipe} does not end at node "${node}"`);
    return { id: `${pipe}@${node}`, link: pipe, node };
  });
  return { kind: 'custom', valves };
}

/**
 * The segment holding `pipe`, the valves that close it and the junctions left without
 * supply. `unusable` valves (stuck) are treated as absent. Null when no set of usable
 * valves can separate the pipe from every source (the whole network would be one segment).
 * Several pipes: the segments holding any of them, closed together (the valves between
 * two of them stay open); the plan is named after the first.
 */
export function planIsolation(
  g: NetworkGraph,
  layer: ValveLayer,
  pipes: string | readonly string[],
  unusable: ReadonlySet<string> = new Set(),
): IsolationPlan | null {
  const { links, nodes } = g.model;
  const seeds = typeof pipes === 'string' ? [pipes] : pipes;
  const pipe = seeds[0];
  if (pipe === undefined) return null;
  const pipeIndices = seeds.map((id) => {
    const i = g.linkIndex.get(id);
    if (i === undefined) throw new Error(`isolation: no pipe "${id}"`);
    return i;
  });
  const usable = layer.valves.filter((v) => !unusable.has(v.id));
  const valveLinks = new Set(usable.filter((v) => v.node === null).map((v) => v.link));
  const endValves = new Set(usable.filter((v) => v.node !== null).map((v) => `${v.link}@${v.node}`));
  // union-find over elements: nodes 0…N-1, links N…N+L-1
  const N = nodes.length;
  const parent = Int32Array.from({ length: N + links.length }, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  const join = (a: number, b: number) => (parent[find(a)] = find(b));
  links.forEach((l, i) => {
    if (valveLinks.has(l.id)) return;
    for (const end of [l.from, l.to])
      if (!endValves.has(`${l.id}@${end}`)) join(N + i, g.nodeIndex.get(end)!);
  });
  const roots = new Set(pipeIndices.map((i) => find(N + i)));
  const segmentNodes = new Set<number>();
  const segmentLinks = new Set<number>();
  for (let i = 0; i < N; i++) if (roots.has(find(i))) segmentNodes.add(i);
  links.forEach((_, i) => roots.has(find(N + i)) && segmentLinks.add(i));
  if ([...segmentNodes].some((n) => nodes[n]!.kind !== 'junction')) return null; // a source inside
  const boundary = usable.filter((v) => {
    const i = g.linkIndex.get(v.link)!;
    if (v.node === null) {
      const l = links[i]!;
      const [a, b] = [segmentNodes.has(g.nodeIndex.get(l.from)!), segmentNodes.has(g.nodeIndex.get(l.to)!)];
      // a valve with the segment on both sides (around a loop, or between two of several
      // segments) isolates nothing: it stays open
      return a !== b;
    }
    return segmentLinks.has(i) !== segmentNodes.has(g.nodeIndex.get(v.node)!);
  });
  if (boundary.length === 0) return null;
  return {
    pipe,
    segmentPipes: [...segmentLinks].map((i) => links[i]!.id),
    segmentNodes: [...segmentNodes].map((n) => nodes[n]!.id),
    valves: boundary,
    nodesWithoutSupply: unsupplied(g, boundary, segmentLinks),
  };
}

/** junctions no longer connected to any tank or reservoir once `closed` valves shut */
function unsupplied(g: NetworkGraph, closed: IsolationValve[], segmentLinks: Set<number>): string[] {
  const { links, nodes } = g.model;
  const cut = new Set(segmentLinks);
  for (const v of closed) cut.add(g.linkIndex.get(v.link)!); // a pipe shut at one end carries nothing
  const reached = new Uint8Array(nodes.length);
  const queue: number[] = [];
  nodes.forEach((n, i) => {
    if (n.kind !== 'junction') {
      reached[i] = 1;
      queue.push(i);
    }
  });
  while (queue.length > 0) {
    const n = queue.pop()!;
    for (const i of g.linksAt[n]!) {
      if (cut.has(i)) continue;
      const l = links[i]!;
      const m = g.nodeIndex.get(l.from === nodes[n]!.id ? l.to : l.from)!;
      if (!reached[m]) {
        reached[m] = 1;
        queue.push(m);
      }
    }
  }
  return nodes.flatMap((n, i) => (n.kind === 'junction' && !reached[i] ? [n.id] : []));
}
