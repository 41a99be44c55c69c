// A uniform grid over the scene, for hit-testing the pointer against pipes and junctions
// drawn on the canvas (which has no DOM element to click) and for finding what is inside
// the viewport. A grid suits a water network: elements are spread fairly evenly and are
// short compared with the whole, so each cell holds a handful of items.
import type { ElementRef } from '../../../store/consoleStore';
import type { Scene } from './sceneModel';

export interface SpatialIndex {
  /** nearest node within `radius` (flow px), else nearest link within it, else null */
  hitTest(x: number, y: number, radius: number): ElementRef | null;
  /** calls `visit` once for each link with a segment whose box meets the rectangle */
  forEachLinkIn(minX: number, minY: number, maxX: number, maxY: number, visit: (link: number) => void): void;
  forEachNodeIn(minX: number, minY: number, maxX: number, maxY: number, visit: (node: number) => void): void;
}

/** About this many items per cell. */
const ITEMS_PER_CELL = 4;

export function buildSpatialIndex(scene: Scene): SpatialIndex {
  const { bounds } = scene;
  const width = Math.max(1, bounds.maxX - bounds.minX);
  const height = Math.max(1, bounds.maxY - bounds.minY);
  const items = Math.max(1, scene.nodeCount + scene.linkCount);
  const cell = Math.max(1, Math.sqrt((width * height * ITEMS_PER_CELL) / items));
  const cols = Math.max(1, Math.ceil(width / cell) + 1);
  const rows = Math.max(1, Math.ceil(height / cell) + 1);
  const col = (x: number) => Math.min(cols - 1, Math.max(0, Math.floor((x - bounds.minX) / cell)));
  const row = (y: number) => Math.min(rows - 1, Math.max(0, Math.floor((y - bounds.minY) / cell)));

  const nodeCells = bucket(cols * rows, scene.nodeCount, (node, add) =>
    add(row(scene.nodeY[node]!) * cols + col(scene.nodeX[node]!)),
  );
  const linkCells = bucket(cols * rows, scene.linkCount, (link, add) => {
    const start = scene.linkStart[link]!;
    const end = scene.linkStart[link + 1]!;
    for (let p = start + 1; p < end; p++) {
      const c0 = col(Math.min(scene.pointX[p - 1]!, scene.pointX[p]!));
      const c1 = col(Math.max(scene.pointX[p - 1]!, scene.pointX[p]!));
      const r0 = row(Math.min(scene.pointY[p - 1]!, scene.pointY[p]!));
      const r1 = row(Math.max(scene.pointY[p - 1]!, scene.pointY[p]!));
      for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) add(r * cols + c);
    }
  });

  // A link spans several cells: stamps dedupe it within one query without a Set.
  const linkStamp = new Uint32Array(scene.linkCount);
  let stamp = 0;

  function forEachCell(
    minX: number,
    minY: number,
    maxX: number,
    maxY: number,
    visit: (cell: number) => void,
  ) {
    const c0 = col(minX);
    const c1 = col(maxX);
    const r0 = row(minY);
    const r1 = row(maxY);
    if (maxX < bounds.minX - cell || minX > bounds.maxX + cell) return;
    if (maxY < bounds.minY - cell || minY > bounds.maxY + cell) return;
    for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) visit(r * cols + c);
  }

  function forEachLinkIn(
    minX: number,
    minY: number,
    maxX: number,
    maxY: number,
    visit: (link: number) => void,
  ) {
    stamp = stamp === 0xffffffff ? 1 : stamp + 1;
    if (stamp === 1) linkStamp.fill(0);
    forEachCell(minX, minY, maxX, maxY, (c) => {
      for (let k = linkCells.start[c]!; k < linkCells.start[c + 1]!; k++) {
        const link = linkCells.items[k]!;
        if (linkStamp[link] === stamp) continue;
        linkStamp[link] = stamp;
        visit(link);
      }
    });
  }

  function forEachNodeIn(
    minX: number,
    minY: number,
    maxX: number,
    maxY: number,
    visit: (node: number) => void,
  ) {
    forEachCell(minX, minY, maxX, maxY, (c) => {
      for (let k = nodeCells.start[c]!; k < nodeCells.start[c + 1]!; k++) {
        const node = nodeCells.items[k]!;
        const x = scene.nodeX[node]!;
        const y = scene.nodeY[node]!;
        if (x >= minX && x <= maxX && y >= minY && y <= maxY) visit(node);
      }
    });
  }

  return {
    forEachLinkIn,
    forEachNodeIn,
    hitTest(x, y, radius) {
      let best = -1;
      let bestDistance = radius * radius;
      forEachNodeIn(x - radius, y - radius, x + radius, y + radius, (node) => {
        const d = (scene.nodeX[node]! - x) ** 2 + (scene.nodeY[node]! - y) ** 2;
        if (d <= bestDistance) {
          bestDistance = d;
          best = node;
        }
      });
      if (best >= 0) return { kind: 'node', index: best };
      bestDistance = radius * radius;
      forEachLinkIn(x - radius, y - radius, x + radius, y + radius, (link) => {
        const start = scene.linkStart[link]!;
        const end = scene.linkStart[link + 1]!;
        for (let p = start + 1; p < end; p++) {
          const d = segmentDistance2(
            x,
            y,
            scene.pointX[p - 1]!,
            scene.pointY[p - 1]!,
            scene.pointX[p]!,
            scene.pointY[p]!,
          );
          if (d <= bestDistance) {
            bestDistance = d;
            best = link;
          }
        }
      });
      return best >= 0 ? { kind: 'link', index: best } : null;
    },
  };
}

/** Counting sort of items into cells: two flat arrays instead of one array per cell. */
function bucket(
  cellCount: number,
  itemCount: number,
  cellsOf: (item: number, add: (cell: number) => void) => void,
): { start: Uint32Array; items: Uint32Array } {
  const counts = new Uint32Array(cellCount + 1);
  for (let i = 0; i < itemCount; i++) cellsOf(i, (c) => counts[c + 1]!++);
  for (let c = 0; c < cellCount; c++) counts[c + 1]! += counts[c]!;
  const start = counts.slice();
  const fill = counts.slice();
  const items = new Uint32Array(start[cellCount]!);
  for (let i = 0; i < itemCount; i++) cellsOf(i, (c) => (items[fill[c]!++] = i));
  return { start, items };
}

/** Squared distance from point p to segment ab. */
export function segmentDistance2(
  px: number,
  py: number,
  ax: number,
  ay: number,
  bx: number,
  by: number,
): number {
  const dx = bx - ax;
  const dy = by - ay;
  const length2 = dx * dx + dy * dy;
  const t = length2 > 0 ? Math.min(1, Math.max(0, ((px - ax) * dx + (py - ay) * dy) / length2)) : 0;
  const cx = ax + t * dx - px;
  const cy = ay + t * dy - py;
  return cx * cx + cy * cy;
}
