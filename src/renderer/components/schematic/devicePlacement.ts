// Where a pump or valve glyph goes on its link. The midpoint, unless that hides it or
// its neighbours: real networks put valves on links of a few metres (a tank outlet, both
// sides of a trunk main node) and pumps in parallel between the same two nodes.
import type { NetworkModel, NodeKind } from '../../../shared/network';
import type { Point } from './flowGraph';

/** Distance between parallel pumps/valves on the same pair of nodes, in flow px. */
const PARALLEL_SPACING_PX = 48;

/**
 * How far a device glyph must sit from the centre of the end node it hangs off, in flow px,
 * so neither covers the other (allowing for glyphs drawn larger in the overview).
 */
const CLEARANCE_PX: Record<NodeKind, number> = { junction: 26, tank: 54, reservoir: 60 };

/** Which end a short device link hangs off: storage before junctions. */
const ANCHOR_RANK: Record<NodeKind, number> = { junction: 0, tank: 1, reservoir: 2 };

export function placeDevices(
  network: NetworkModel,
  positions: readonly Point[],
  indexById: ReadonlyMap<string, number>,
): Map<number, Point> {
  const degree = new Array<number>(network.nodes.length).fill(0);
  for (const link of network.links) {
    for (const end of [link.from, link.to]) {
      const index = indexById.get(end);
      if (index !== undefined) degree[index] = (degree[index] ?? 0) + 1;
    }
  }
  const sideOffsets = parallelOffsets(network, indexById);
  const placed = new Map<number, Point>();

  network.links.forEach((link, linkIndex) => {
    if (link.kind === 'pipe') return;
    const a = indexById.get(link.from);
    const b = indexById.get(link.to);
    if (a === undefined || b === undefined) return;
    const from = positions[a];
    const to = positions[b];
    const fromNode = network.nodes[a];
    const toNode = network.nodes[b];
    if (!from || !to || !fromNode || !toNode) return;

    const length = Math.hypot(to[0] - from[0], to[1] - from[1]);
    if (length === 0) {
      placed.set(linkIndex, from);
      return;
    }
    const rankFrom = ANCHOR_RANK[fromNode.kind];
    const rankTo = ANCHOR_RANK[toNode.kind];
    const anchorIsFrom = rankFrom !== rankTo ? rankFrom > rankTo : (degree[a] ?? 0) >= (degree[b] ?? 0);
    const [anchor, other, anchorKind] = anchorIsFrom ? [from, to, fromNode.kind] : [to, from, toNode.kind];
    // Out from the anchor along the link: half-way, or further if half-way is too close.
    const along = Math.max(length / 2, CLEARANCE_PX[anchorKind]);
    const ux = (other[0] - anchor[0]) / length;
    const uy = (other[1] - anchor[1]) / length;
    // Parallel devices fan out on the normal of the pair's canonical direction (lower node
    // index first), so links drawn either way round fan to the same side.
    const sign = (anchorIsFrom ? a < b : b < a) ? 1 : -1;
    const offset = (sideOffsets.get(linkIndex) ?? 0) * sign;
    placed.set(linkIndex, [anchor[0] + ux * along - uy * offset, anchor[1] + uy * along + ux * offset]);
  });
  return placed;
}

/**
 * Sideways offset (flow px) of every pump or valve that shares its pair of end nodes with
 * other links. Pipes stay on the straight line, so devices beside a bypass pipe move off
 * it; a device alone on its pair stays on the line.
 */
function parallelOffsets(network: NetworkModel, indexById: ReadonlyMap<string, number>): Map<number, number> {
  const byPair = new Map<string, { devices: number[]; pipes: number }>();
  network.links.forEach((link, linkIndex) => {
    const a = indexById.get(link.from);
    const b = indexById.get(link.to);
    if (a === undefined || b === undefined) return;
    const key = a < b ? `${a}:${b}` : `${b}:${a}`;
    let group = byPair.get(key);
    if (!group) byPair.set(key, (group = { devices: [], pipes: 0 }));
    if (link.kind === 'pipe') group.pipes += 1;
    else group.devices.push(linkIndex);
  });
  const offsets = new Map<number, number>();
  for (const { devices, pipes } of byPair.values()) {
    if (devices.length + pipes < 2) continue;
    devices.forEach((linkIndex, i) => {
      // With a pipe on the centre line: slots ±1, ±2…; without: centred on it.
      const slot =
        pipes > 0 ? (i % 2 === 0 ? 1 : -1) * (Math.floor(i / 2) + 1) : i - (devices.length - 1) / 2;
      offsets.set(linkIndex, slot * PARALLEL_SPACING_PX);
    });
  }
  return offsets;
}
