// The network's geometry in flow coordinates as flat typed arrays, built once per network:
// what the canvas layer draws, what hit-testing searches and where search zooms to. At NJ1
// scale (15,000 nodes, 16,000 links) objects per element would cost more to walk every
// frame than the drawing itself; typed arrays are walked in a few milliseconds.
import type { NetworkModel } from '../../../../shared/network';
import { placeDevices } from '../devicePlacement';
import { pipeStrokeWidth, projection, type Point } from '../flowGraph';

export const NODE_JUNCTION = 0;
export const NODE_TANK = 1;
export const NODE_RESERVOIR = 2;
export const LINK_PIPE = 0;
export const LINK_PUMP = 1;
export const LINK_VALVE = 2;

export interface Bounds {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

export interface Scene {
  nodeCount: number;
  linkCount: number;
  /** node centres, flow px */
  nodeX: Float64Array;
  nodeY: Float64Array;
  nodeKind: Uint8Array;
  hydrant: Uint8Array;
  /** link i's polyline is points linkStart[i] … linkStart[i+1]-1 of pointX/pointY */
  linkStart: Uint32Array;
  pointX: Float64Array;
  pointY: Float64Array;
  linkKind: Uint8Array;
  /** screen px */
  linkWidth: Float32Array;
  /** half-way along the link (a pump or valve: where its glyph sits) */
  midX: Float64Array;
  midY: Float64Array;
  /** from/to node indices, -1 when the link names a node the network lacks */
  linkFrom: Int32Array;
  linkTo: Int32Array;
  bounds: Bounds;
  /** median pipe length, flow px: how far apart junctions typically are (drives level of detail) */
  typicalSpacing: number;
}

const DEVICE_WIDTH_PX = 2;

export function buildScene(network: NetworkModel): Scene {
  const project = projection(network);
  const nodeCount = network.nodes.length;
  const linkCount = network.links.length;
  const nodeX = new Float64Array(nodeCount);
  const nodeY = new Float64Array(nodeCount);
  const nodeKind = new Uint8Array(nodeCount);
  const hydrant = new Uint8Array(nodeCount);
  const positions: Point[] = [];
  const indexById = new Map<string, number>();
  network.nodes.forEach((node, i) => {
    const p = project(node.x, node.y);
    positions.push(p);
    nodeX[i] = p[0];
    nodeY[i] = p[1];
    nodeKind[i] =
      node.kind === 'tank' ? NODE_TANK : node.kind === 'reservoir' ? NODE_RESERVOIR : NODE_JUNCTION;
    hydrant[i] = node.hydrant ? 1 : 0;
    indexById.set(node.id, i);
  });
  const devices = placeDevices(network, positions, indexById);

  const linkStart = new Uint32Array(linkCount + 1);
  const xs: number[] = [];
  const ys: number[] = [];
  const linkKind = new Uint8Array(linkCount);
  const linkWidth = new Float32Array(linkCount);
  const midX = new Float64Array(linkCount);
  const midY = new Float64Array(linkCount);
  const linkFrom = new Int32Array(linkCount).fill(-1);
  const linkTo = new Int32Array(linkCount).fill(-1);
  const pipeLengths: number[] = [];

  network.links.forEach((link, i) => {
    linkStart[i] = xs.length;
    linkKind[i] = link.kind === 'pump' ? LINK_PUMP : link.kind === 'valve' ? LINK_VALVE : LINK_PIPE;
    linkWidth[i] = link.kind === 'pipe' ? pipeStrokeWidth(link.diameter) : DEVICE_WIDTH_PX;
    const a = indexById.get(link.from);
    const b = indexById.get(link.to);
    if (a === undefined || b === undefined) return; // not drawn, like flowGraph
    linkFrom[i] = a;
    linkTo[i] = b;
    const device = link.kind === 'pipe' ? undefined : devices.get(i);
    const inner: Point[] = device ? [device] : link.vertices.map(([vx, vy]) => project(vx, vy));
    const pts: Point[] = [positions[a]!, ...inner, positions[b]!];
    for (const [x, y] of pts) {
      xs.push(x);
      ys.push(y);
    }
    const middle = device ?? polylineMiddle(pts);
    midX[i] = middle[0];
    midY[i] = middle[1];
    if (link.kind === 'pipe') pipeLengths.push(polylineLength(pts));
  });
  linkStart[linkCount] = xs.length;

  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  const grow = (x: number, y: number) => {
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  };
  for (let i = 0; i < nodeCount; i++) grow(nodeX[i]!, nodeY[i]!);
  for (let i = 0; i < xs.length; i++) grow(xs[i]!, ys[i]!);
  if (minX === Infinity) minX = minY = maxX = maxY = 0;
  pipeLengths.sort((p, q) => p - q);

  return {
    nodeCount,
    linkCount,
    nodeX,
    nodeY,
    nodeKind,
    hydrant,
    linkStart,
    pointX: Float64Array.from(xs),
    pointY: Float64Array.from(ys),
    linkKind,
    linkWidth,
    midX,
    midY,
    linkFrom,
    linkTo,
    bounds: { minX, minY, maxX, maxY },
    typicalSpacing: pipeLengths[Math.floor(pipeLengths.length / 2)] ?? 100,
  };
}

function polylineLength(points: readonly Point[]): number {
  let total = 0;
  for (let i = 1; i < points.length; i++)
    total += Math.hypot(points[i]![0] - points[i - 1]![0], points[i]![1] - points[i - 1]![1]);
  return total;
}

function polylineMiddle(points: readonly Point[]): Point {
  let remaining = polylineLength(points) / 2;
  for (let i = 1; i < points.length; i++) {
    const [ax, ay] = points[i - 1]!;
    const [bx, by] = points[i]!;
    const length = Math.hypot(bx - ax, by - ay);
    if (remaining <= length) {
      const t = length > 0 ? remaining / length : 0;
      return [ax + (bx - ax) * t, ay + (by - ay) * t];
    }
    remaining -= length;
  }
  return points[0] ?? [0, 0];
}

/** Where an element is drawn, flow coordinates: a node's centre, a link's middle. */
export function elementPosition(scene: Scene, kind: 'node' | 'link', index: number): Point | null {
  if (kind === 'node')
    return index >= 0 && index < scene.nodeCount ? [scene.nodeX[index]!, scene.nodeY[index]!] : null;
  if (index < 0 || index >= scene.linkCount || scene.linkFrom[index] === -1) return null;
  return [scene.midX[index]!, scene.midY[index]!];
}
