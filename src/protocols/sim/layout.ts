// A few .inp files come without [COORDINATES]. The console still has to draw them, so we
// place nodes on a grid in breadth-first order from the sources: neighbours stay near each
// other, and the model says `syntheticLayout` so the UI can tell the engineer it is not a map.
import type { NetworkLink, NetworkNode } from '../../shared/network';

const SPACING_M = 100;

export function gridLayout(nodes: NetworkNode[], links: NetworkLink[]): void {
  const index = new Map(nodes.map((n, i) => [n.id, i]));
  const neighbours: number[][] = nodes.map(() => []);
  for (const link of links) {
    const a = index.get(link.from)!;
    const b = index.get(link.to)!;
    neighbours[a]!.push(b);
    neighbours[b]!.push(a);
  }
  const order: number[] = [];
  const seen = new Uint8Array(nodes.length);
  // start from reservoirs and tanks, where water (and the engineer's reading) begins
  const starts = [...nodes.keys()].sort((a, b) => rank(nodes[a]!) - rank(nodes[b]!));
  for (const start of starts) {
    if (seen[start]) continue;
    seen[start] = 1;
    const queue = [start];
    for (let q = 0; q < queue.length; q++) {
      const i = queue[q]!;
      order.push(i);
      for (const j of neighbours[i]!) {
        if (!seen[j]) {
          seen[j] = 1;
          queue.push(j);
        }
      }
    }
  }
  const side = Math.ceil(Math.sqrt(nodes.length));
  order.forEach((nodeIndex, k) => {
    const node = nodes[nodeIndex]!;
    const row = Math.floor(k / side);
    // boustrophedon rows keep consecutive nodes adjacent at row ends
    const col = row % 2 === 0 ? k % side : side - 1 - (k % side);
    node.x = col * SPACING_M;
    node.y = -row * SPACING_M;
  });
  for (const link of links) link.vertices = [];
}

function rank(node: NetworkNode): number {
  return node.kind === 'reservoir' ? 0 : node.kind === 'tank' ? 1 : 2;
}
