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
}

export function networkGraph(model: NetworkModel): NetworkGraph {
  const nodeIndex = new Map(model.nodes.map((n, i) => [n.id, i]));
  const linkIndex = new Map(model.links.map((l, i) => [l.id, i]));
  const linksAt: number[][] = model.nodes.map(() => []);
  model.links.forEach((l, i) => {
    linksAt[nodeIndex.get(l.from)!]!.push(i);
    linksAt[nodeIndex.get(l.to)!]!.push(i);
  });
  return { model, nodeIndex, linkIndex, linksAt };
}

/** the node at the other end of link `i` from node `n` (indices) */
export function across(g: NetworkGraph, i: number, n: number): number {
  const link = g.model.links[i]!;
  const from = g.nodeIndex.get(link.from)!;
  return from === n ? g.nodeIndex.get(link.to)! : from;
}

/** shortest distance along links from the given start distances to every node, m (Dijkstra) */
export function distancesFrom(g: NetworkGraph, start: ReadonlyMap<number, number>): Float64Array {
  const dist = new Float64Array(g.model.nodes.length).fill(Infinity);
  // a binary heap of [distance, node]; networks of 15,000 nodes stay fast
  const heap: [number, number][] = [];
  const push = (d: number, n: number) => {
    heap.push([d, n]);
    for (let i = heap.length - 1; i > 0;) {
      const parent = (i - 1) >> 1;
      if (heap[parent]![0] <= heap[i]![0]) break;
      [heap[parent], heap[i]] = [heap[i]!, heap[parent]!];
      i = parent;
    }
  };
  const pop = (): [number, number] => {
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      for (let i = 0; ;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && heap[l]![0] < heap[m]![0]) m = l;
        if (r < heap.length && heap[r]![0] < heap[m]![0]) m = r;
        if (m === i) break;
        [heap[m], heap[i]] = [heap[i]!, heap[m]!];
        i = m;
      }
    }
    return top;
  };
  for (const [n, d] of start) {
    if (d < dist[n]!) {
      dist[n] = d;
      push(d, n);
    }
  }
  while (heap.length > 0) {
    const [d, n] = pop();
    if (d > dist[n]!) continue;
    for (const i of g.linksAt[n]!) {
      const m = across(g, i, n);
      const nd = d + g.model.links[i]!.length;
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
  if (a === b) return 0;
  const la = g.model.links[g.linkIndex.get(a)!];
  const lb = g.model.links[g.linkIndex.get(b)!];
  if (!la || !lb) throw new Error(`pipe distance: no link ${!la ? a : b}`);
  const start = new Map([
    [g.nodeIndex.get(la.from)!, la.length / 2],
    [g.nodeIndex.get(la.to)!, la.length / 2],
  ]);
  const dist = distancesFrom(g, start);
  const end = Math.min(dist[g.nodeIndex.get(lb.from)!]!, dist[g.nodeIndex.get(lb.to)!]!);
  return end + lb.length / 2;
}
