// The network as a graph for the leak analytics: which links meet at a node, and how far
// apart two pipes are along the pipes (the BattLeDIM yardstick: a leak counts as found
// when the reported pipe lies within 300 m of the true one, measured along the network).
import type { NetworkModel } from '../../shared/network';

export interface NetworkGraph {
  model: NetworkModel;
  nodeIndex: Map<string, number>;
  linkIndex: Map<string, number>;
  /** node index → indices of the links that end there */
  linksAt: number[][];
  /** link index → its end nodes' indices and its length, m (flat: Dijkstra runs hundreds of times) */
  linkFrom: Int32Array;
  linkTo: Int32Array;
  linkLength: Float64Array;
}

export function networkGraph(model: NetworkModel): NetworkGraph {
  const nodeIndex = new Map(model.nodes.map((n, i) => [n.id, i]));
  const linkIndex = new Map(model.links.map((l, i) => [l.id, i]));
  const linksAt: number[][] = model.nodes.map(() => []);
  const linkFrom = new Int32Array(model.links.length);
  const linkTo = new Int32Array(model.links.length);
  const linkLength = new Float64Array(model.links.length);
  model.links.forEach((l, i) => {
    linkFrom[i] = nodeIndex.get(l.from)!;
    linkTo[i] = nodeIndex.get(l.to)!;
    linkLength[i] = l.length;
    linksAt[linkFrom[i]!]!.push(i);
    linksAt[linkTo[i]!]!.push(i);
  });
  return { model, nodeIndex, linkIndex, linksAt, linkFrom, linkTo, linkLength };
}

/** the node at the other end of link `i` from node `n` (indices) */
export function across(g: NetworkGraph, i: number, n: number): number {
  const from = g.linkFrom[i]!;
  return from === n ? g.linkTo[i]! : from;
}

/** shortest distance along links from the given start distances to every node, m (Dijkstra) */
export function distancesFrom(g: NetworkGraph, start: ReadonlyMap<number, number>): Float64Array {
  const dist = new Float64Array(g.model.nodes.length).fill(Infinity);
  // a binary heap of (distance, node) in two parallel arrays; networks of 15,000 nodes stay fast
  let keys = new Float64Array(64);
  let items = new Int32Array(64);
  let size = 0;
  const push = (d: number, n: number) => {
    if (size === keys.length) {
      const k = new Float64Array(2 * size);
      k.set(keys);
      keys = k;
      const it = new Int32Array(2 * size);
      it.set(items);
      items = it;
    }
    let i = size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (keys[parent]! <= d) break;
      keys[i] = keys[parent]!;
      items[i] = items[parent]!;
      i = parent;
    }
    keys[i] = d;
    items[i] = n;
  };
  const popInto = (): number => {
    const top = items[0]!;
    const d = keys[--size]!;
    const n = items[size]!;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= size) break;
      const m = l + 1 < size && keys[l + 1]! < keys[l]! ? l + 1 : l;
      if (keys[m]! >= d) break;
      keys[i] = keys[m]!;
      items[i] = items[m]!;
      i = m;
    }
    keys[i] = d;
    items[i] = n;
    return top;
  };
  for (const [n, d] of start) {
    if (d < dist[n]!) {
      dist[n] = d;
      push(d, n);
    }
  }
  while (size > 0) {
    const d = keys[0]!;
    const n = popInto();
    if (d > dist[n]!) continue;
    for (const i of g.linksAt[n]!) {
      const m = across(g, i, n);
      const nd = d + g.linkLength[i]!;
      if (nd < dist[m]!) {
        dist[m] = nd;
        push(nd, m);
      }
    }
  }
  return dist;
}

/**
 * Distance between two pipes along the network, midpoint to midpoint (0 for the same
 * pipe). From the true pipe's midpoint: half its length to either end node, the shortest
 * path from there, half the other pipe's length.
 */
export function pipeDistance(g: NetworkGraph, a: string, b: string): number {
  return a === b ? 0 : pipeDistancesFrom(g, a)(b);
}

/** the distance from pipe `a` to any other, as pipeDistance measures it, from one Dijkstra */
export function pipeDistancesFrom(g: NetworkGraph, a: string): (b: string) => number {
  const la = g.model.links[g.linkIndex.get(a) ?? -1];
  if (!la) throw new Error(`pipe distance: no link ${a}`);
  const start = new Map([
    [g.nodeIndex.get(la.from)!, la.length / 2],
    [g.nodeIndex.get(la.to)!, la.length / 2],
  ]);
  const dist = distancesFrom(g, start);
  return (b) => {
    if (b === a) return 0;
    const lb = g.model.links[g.linkIndex.get(b) ?? -1];
    if (!lb) throw new Error(`pipe distance: no link ${b}`);
    return Math.min(dist[g.nodeIndex.get(lb.from)!]!, dist[g.nodeIndex.get(lb.to)!]!) + lb.length / 2;
  };
}
