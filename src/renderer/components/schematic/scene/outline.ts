// DMA outlines: the convex hull of each zone's nodes, drawn on the canvas with the zone's
// name. A hull is cheap (n log n, once per network) and reads as "this area"; a concave
// outline would follow the streets better but is not worth its cost at an overview.
import type { NetworkModel } from '../../../../shared/network';
import type { Point } from '../flowGraph';
import type { Scene } from './sceneModel';

export interface ZoneOutline {
  id: string;
  name: string;
  /** hull vertices, counter-clockwise on screen, flow px */
  hull: Point[];
  /** where the name goes: the hull's topmost vertex */
  labelAt: Point;
}

/** Andrew's monotone chain. Collinear points are dropped; fewer than 3 distinct points stay as they are. */
export function convexHull(points: readonly Point[]): Point[] {
  const sorted = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const unique = sorted.filter((p, i) => i === 0 || p[0] !== sorted[i - 1]![0] || p[1] !== sorted[i - 1]![1]);
  if (unique.length < 3) return unique;
  const cross = (o: Point, a: Point, b: Point) =>
    (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const half = (list: Point[]) => {
    const chain: Point[] = [];
    for (const p of list) {
      while (chain.length >= 2 && cross(chain[chain.length - 2]!, chain[chain.length - 1]!, p) <= 0)
        chain.pop();
      chain.push(p);
    }
    chain.pop();
    return chain;
  };
  return [...half(unique), ...half([...unique].reverse())];
}

/** One outline per zone that has at least one node; zones are those of the network's sidecar. */
export function zoneOutlines(network: NetworkModel, scene: Scene): ZoneOutline[] {
  const pointsByZone = new Map<string, Point[]>();
  network.nodes.forEach((node, i) => {
    if (!node.zone) return;
    let list = pointsByZone.get(node.zone);
    if (!list) pointsByZone.set(node.zone, (list = []));
    list.push([scene.nodeX[i]!, scene.nodeY[i]!]);
  });
  const names = new Map(network.zones.map((zone) => [zone.id, zone.name]));
  const outlines: ZoneOutline[] = [];
  for (const [id, points] of pointsByZone) {
    const hull = convexHull(points);
    if (hull.length === 0) continue;
    const labelAt = hull.reduce((top, p) => (p[1] < top[1] ? p : top), hull[0]!);
    outlines.push({ id, name: names.get(id) ?? id, hull, labelAt });
  }
  return outlines;
}
