// Draws the network on a 2D canvas: DMA outlines, pipes (width by diameter, gray or by a
// colour mode), moving dashes for flow direction when zoomed in, abnormal pipes, junction
// dots, abnormal junction pressures, ids, and the selection. Pipes of one look are batched
// into one path, so NJ1's 16,000 pipes cost a few dozen strokes, not 16,000.
import type { TwinFrame } from '../../../../shared/contract';
import { junctionPressureState, type Severity } from '../../../readings/abnormal';
import type { ElementRef } from '../../../store/consoleStore';
import { binOf, COLOUR_SCALES, type ColourMode } from './colourScale';
import { ANIMATED_VELOCITY_MS, detailAt } from './lod';
import type { ZoneOutline } from './outline';
import { LINK_PIPE, NODE_JUNCTION, type Scene } from './sceneModel';
import type { SpatialIndex } from './spatialIndex';

export interface Palette {
  line: string;
  glyph: string;
  glyphStrong: string;
  selection: string;
  warning: string;
  alarm: string;
  textMuted: string;
  background: string;
}

export interface View {
  /** React Flow transform: screen = flow * zoom + (x, y) */
  x: number;
  y: number;
  zoom: number;
  /** CSS px */
  width: number;
  height: number;
  dpr: number;
}

export interface SceneState {
  frame: TwinFrame | null;
  colourMode: ColourMode;
  /** pipes whose agent is abnormal */
  linkSeverity: ReadonlyMap<number, Severity>;
  /** nodes whose agent or instrument is abnormal (drawn here when they have no glyph) */
  nodeSeverity: ReadonlyMap<number, Severity>;
  /** nodes React Flow draws (their dots are not drawn here) */
  interactiveNodes: ReadonlySet<number>;
  selected: ElementRef | null;
  hovered: ElementRef | null;
  outlines: readonly ZoneOutline[];
  /** node ids, for labels */
  nodeIds: readonly string[];
  /** flow-animation dash offset, screen px */
  phase: number;
  /** false in full mode: React Flow draws pipes and junctions, the canvas only outlines */
  drawNetwork: boolean;
}

export interface DrawStats {
  links: number;
  animated: number;
}

/** Share of the network's box on screen above which culling costs more than it saves. */
const CULL_BELOW_SHARE = 0.4;
const MAX_LABELS = 500;
const DASH_PX = [4, 10];
/** In an overview, pipes drawn narrower than this (screen px) are drawn as 1 px lines. */
const OVERVIEW_TRUNK_PX = 2;

/**
 * The two layers of a drawing. `base`: DMA outlines and every pipe by width (and colour, in
 * a colour mode): the costly part to rasterize, which depends only on the view (and on the
 * frame in a colour mode), so it is kept as a bitmap between frames. `overlay`: what live
 * data changes in status mode (closed pipes, flow dashes, abnormal pipes and junctions,
 * selection, ids), drawn over a copy of the base for every frame push.
 */
export type Layer = 'base' | 'overlay';

export function drawScene(
  ctx: CanvasRenderingContext2D,
  scene: Scene,
  index: SpatialIndex,
  view: View,
  state: SceneState,
  palette: Palette,
  layer: Layer,
): DrawStats {
  const { zoom, dpr } = view;
  if (layer === 'base') {
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, ctx.canvas.width, ctx.canvas.height);
  }
  // flow coordinates from here on; line widths are divided by zoom to stay in screen px
  ctx.setTransform(dpr * zoom, 0, 0, dpr * zoom, dpr * view.x, dpr * view.y);
  const px = 1 / zoom;
  const pad = 20 * px;
  const minX = -view.x / zoom - pad;
  const minY = -view.y / zoom - pad;
  const maxX = (view.width - view.x) / zoom + pad;
  const maxY = (view.height - view.y) / zoom + pad;
  const detail = detailAt(zoom, scene.typicalSpacing);

  if (layer === 'base') drawOutlines(ctx, state.outlines, px, palette);
  if (!state.drawNetwork) return { links: 0, animated: 0 };

  // Which links: all of them in an overview, the grid's answer when zoomed in.
  const { bounds } = scene;
  const share =
    ((maxX - minX) * (maxY - minY)) / Math.max(1, (bounds.maxX - bounds.minX) * (bounds.maxY - bounds.minY));
  const visible: number[] = [];
  if (share >= CULL_BELOW_SHARE) for (let i = 0; i < scene.linkCount; i++) visible.push(i);
  else index.forEachLinkIn(minX, minY, maxX, maxY, (i) => visible.push(i));

  if (layer === 'base') {
    drawPipes(ctx, scene, visible, state, palette, px, !detail.junctionDots);
    return { links: visible.length, animated: 0 };
  }

  const frame = state.frame;
  const status = frame?.links.status;
  const velocity = frame?.links.velocity;

  // Closed links: the base's solid line erased, then dashed.
  const closed = status ? visible.filter((i) => status[i] === 0 && scene.linkFrom[i] !== -1) : [];
  if (closed.length > 0) {
    ctx.lineCap = 'round';
    ctx.strokeStyle = palette.background;
    ctx.lineWidth = 5 * px;
    strokeLinks(ctx, scene, closed, null);
    ctx.strokeStyle = palette.line;
    ctx.lineWidth = 1.25 * px;
    ctx.lineCap = 'butt';
    ctx.setLineDash([4 * px, 4 * px]);
    strokeLinks(ctx, scene, closed, null);
    ctx.setLineDash([]);
  }

  // Flow direction: dashes moving downstream, only once a pipe is long on screen.
  let animated = 0;
  if (detail.flowAnimation && frame && velocity) {
    const flow = frame.links.flow;
    const moving = visible.filter(
      (i) =>
        scene.linkKind[i] === LINK_PIPE &&
        status?.[i] !== 0 &&
        Math.abs(velocity[i] ?? 0) >= ANIMATED_VELOCITY_MS,
    );
    animated = moving.length;
    // short, dim dashes: direction for whoever looks, no flicker for whoever does not
    ctx.strokeStyle = palette.glyph;
    ctx.globalAlpha = 0.6;
    ctx.lineWidth = 1 * px;
    ctx.lineCap = 'butt';
    ctx.setLineDash([DASH_PX[0]! * px, DASH_PX[1]! * px]);
    ctx.lineDashOffset = -state.phase * px;
    strokeLinks(ctx, scene, moving, flow);
    ctx.setLineDash([]);
    ctx.lineDashOffset = 0;
    ctx.globalAlpha = 1;
  }

  // Abnormal pipes: severity colour and a dash-dot pattern (shape as well as colour).
  for (const [i, severity] of state.linkSeverity) {
    ctx.strokeStyle = severity === 'alarm' ? palette.alarm : palette.warning;
    ctx.lineWidth = (scene.linkWidth[i]! + 1) * px;
    ctx.lineCap = 'butt';
    ctx.setLineDash([10 * px, 3 * px, 2 * px, 3 * px]);
    strokeLinks(ctx, scene, [i], null);
  }
  ctx.setLineDash([]);

  for (const [ref, colour, extra] of [
    [state.hovered, palette.glyphStrong, 1],
    [state.selected, palette.selection, 2],
  ] as const) {
    if (ref?.kind !== 'link' || ref.index >= scene.linkCount) continue;
    ctx.strokeStyle = colour;
    ctx.lineCap = 'round';
    ctx.lineWidth = (scene.linkWidth[ref.index]! + extra) * px;
    strokeLinks(ctx, scene, [ref.index], null);
  }

  drawJunctions(ctx, scene, index, state, palette, detail.junctionDots, [minX, minY, maxX, maxY], px);
  if (detail.labels) drawLabels(ctx, scene, index, view, state, palette, [minX, minY, maxX, maxY]);
  return { links: visible.length, animated };
}

/**
 * Every pipe by width, gray (or by colour bin), batched into one path per look. In an
 * overview thin pipes are drawn 1 px wide with butt caps: Skia rasterizes such thin lines
 * on its fast hairline path, several times cheaper than wider round-capped strokes, and at
 * that scale the trunk mains (kept at their width) are what the eye follows.
 */
function drawPipes(
  ctx: CanvasRenderingContext2D,
  scene: Scene,
  visible: readonly number[],
  state: SceneState,
  palette: Palette,
  px: number,
  overview: boolean,
) {
  const frame = state.frame;
  const velocity = frame?.links.velocity;
  const pressure = frame?.nodes.pressure;
  const scale = state.colourMode === 'status' ? null : COLOUR_SCALES[state.colourMode];
  const batches = new Map<number, number[]>();
  for (const i of visible) {
    if (scene.linkFrom[i] === -1) continue;
    let bin = -1;
    if (scale) {
      const value =
        scale.mode === 'velocity'
          ? velocity && Math.abs(velocity[i] ?? NaN)
          : pressure && ((pressure[scene.linkFrom[i]!] ?? NaN) + (pressure[scene.linkTo[i]!] ?? NaN)) / 2;
      bin = binOf(scale, value ?? undefined);
    }
    const width = scene.linkWidth[i]!;
    const halfPx = overview && width < OVERVIEW_TRUNK_PX ? 2 : Math.round(width * 2);
    const key = halfPx * 16 + (bin + 1);
    let batch = batches.get(key);
    if (!batch) batches.set(key, (batch = []));
    batch.push(i);
  }
  ctx.lineCap = overview ? 'butt' : 'round';
  ctx.lineJoin = overview ? 'miter' : 'round';
  for (const [key, links] of batches) {
    const bin = (key % 16) - 1;
    ctx.strokeStyle = scale && bin >= 0 ? scale.bins[bin]!.colour : palette.line;
    ctx.lineWidth = (Math.floor(key / 16) / 2) * px;
    strokeLinks(ctx, scene, links, null);
  }
}

/** One path for all `links`; with `flow`, each drawn from its upstream end (dashes then move downstream). */
function strokeLinks(
  ctx: CanvasRenderingContext2D,
  scene: Scene,
  links: readonly number[],
  flow: readonly number[] | null,
) {
  ctx.beginPath();
  const { pointX, pointY, linkStart } = scene;
  for (const i of links) {
    const start = linkStart[i]!;
    const end = linkStart[i + 1]!;
    if (end - start < 2) continue;
    if (flow && (flow[i] ?? 0) < 0) {
      ctx.moveTo(pointX[end - 1]!, pointY[end - 1]!);
      for (let p = end - 2; p >= start; p--) ctx.lineTo(pointX[p]!, pointY[p]!);
    } else {
      ctx.moveTo(pointX[start]!, pointY[start]!);
      for (let p = start + 1; p < end; p++) ctx.lineTo(pointX[p]!, pointY[p]!);
    }
  }
  ctx.stroke();
}

function drawOutlines(
  ctx: CanvasRenderingContext2D,
  outlines: readonly ZoneOutline[],
  px: number,
  palette: Palette,
) {
  if (outlines.length === 0) return;
  ctx.save();
  // dotted and faint: an area, not a pipe (closed pipes are dashed)
  ctx.strokeStyle = 'rgba(142, 149, 157, 0.55)';
  ctx.fillStyle = 'rgba(142, 149, 157, 0.05)';
  ctx.lineWidth = 1.5 * px;
  ctx.lineCap = 'round';
  ctx.setLineDash([0.1 * px, 5 * px]);
  for (const { hull } of outlines) {
    if (hull.length < 3) continue;
    ctx.beginPath();
    hull.forEach(([x, y], i) => (i === 0 ? ctx.moveTo(x, y) : ctx.lineTo(x, y)));
    ctx.closePath();
    ctx.fill();
    ctx.stroke();
  }
  ctx.setLineDash([]);
  ctx.fillStyle = palette.textMuted;
  ctx.font = `600 ${12 * px}px system-ui, sans-serif`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'bottom';
  for (const { name, labelAt } of outlines) ctx.fillText(name, labelAt[0], labelAt[1] - 6 * px);
  ctx.restore();
}

type Rect = readonly [number, number, number, number];

function drawJunctions(
  ctx: CanvasRenderingContext2D,
  scene: Scene,
  index: SpatialIndex,
  state: SceneState,
  palette: Palette,
  dots: boolean,
  [minX, minY, maxX, maxY]: Rect,
  px: number,
) {
  const pressure = state.frame?.nodes.pressure;
  if (dots) {
    ctx.fillStyle = palette.glyph;
    ctx.beginPath();
    const r = 2.5 * px;
    index.forEachNodeIn(minX, minY, maxX, maxY, (i) => {
      if (scene.nodeKind[i] !== NODE_JUNCTION || state.interactiveNodes.has(i)) return;
      ctx.moveTo(scene.nodeX[i]! + r, scene.nodeY[i]!);
      ctx.arc(scene.nodeX[i]!, scene.nodeY[i]!, r, 0, Math.PI * 2);
    });
    ctx.fill();
  }
  // Low and negative pressures, and abnormal agents beyond the glyph limit (lod.ts), at
  // every zoom: a diamond, filled for an alarm, outlined for a warning.
  if (pressure || state.nodeSeverity.size > 0) {
    const s = 4 * px;
    const warning = new Path2D();
    const alarm = new Path2D();
    for (let i = 0; i < scene.nodeCount; i++) {
      if (state.interactiveNodes.has(i)) continue;
      const fromPressure =
        scene.nodeKind[i] === NODE_JUNCTION ? junctionPressureState(pressure?.[i])?.severity : undefined;
      const fromAgent = state.nodeSeverity.get(i);
      const severity =
        fromPressure === 'alarm' || fromAgent === 'alarm' ? 'alarm' : (fromPressure ?? fromAgent);
      if (!severity) continue;
      const x = scene.nodeX[i]!;
      const y = scene.nodeY[i]!;
      if (x < minX || x > maxX || y < minY || y > maxY) continue;
      const path = severity === 'alarm' ? alarm : warning;
      path.moveTo(x, y - s);
      path.lineTo(x + s, y);
      path.lineTo(x, y + s);
      path.lineTo(x - s, y);
      path.closePath();
    }
    ctx.lineWidth = 1.5 * px;
    ctx.fillStyle = palette.background;
    ctx.strokeStyle = palette.warning;
    ctx.fill(warning);
    ctx.stroke(warning);
    ctx.fillStyle = palette.alarm;
    ctx.fill(alarm);
  }
  for (const [ref, colour] of [
    [state.hovered, palette.glyphStrong],
    [state.selected, palette.selection],
  ] as const) {
    if (ref?.kind !== 'node' || ref.index >= scene.nodeCount || state.interactiveNodes.has(ref.index))
      continue;
    ctx.strokeStyle = colour;
    ctx.lineWidth = 2 * px;
    ctx.beginPath();
    ctx.arc(scene.nodeX[ref.index]!, scene.nodeY[ref.index]!, 6 * px, 0, Math.PI * 2);
    ctx.stroke();
  }
}

/** Junction ids (and LOW / NEGATIVE beside abnormal ones), in screen px so text stays crisp. */
function drawLabels(
  ctx: CanvasRenderingContext2D,
  scene: Scene,
  index: SpatialIndex,
  view: View,
  state: SceneState,
  palette: Palette,
  [minX, minY, maxX, maxY]: Rect,
) {
  const pressure = state.frame?.nodes.pressure;
  ctx.setTransform(view.dpr, 0, 0, view.dpr, 0, 0);
  ctx.font = '10px system-ui, sans-serif';
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  let count = 0;
  index.forEachNodeIn(minX, minY, maxX, maxY, (i) => {
    if (count >= MAX_LABELS || scene.nodeKind[i] !== NODE_JUNCTION || state.interactiveNodes.has(i)) return;
    count++;
    const sx = scene.nodeX[i]! * view.zoom + view.x;
    const sy = scene.nodeY[i]! * view.zoom + view.y;
    const abnormal = junctionPressureState(pressure?.[i]);
    ctx.fillStyle = palette.textMuted;
    ctx.fillText(state.nodeIds[i] ?? '', sx + 6, sy);
    if (abnormal) {
      ctx.fillStyle = abnormal.severity === 'alarm' ? palette.alarm : palette.warning;
      ctx.font = '700 10px system-ui, sans-serif';
      ctx.fillText(abnormal.label, sx + 6, sy + 11);
      ctx.font = '10px system-ui, sans-serif';
    }
  });
}

export function readPalette(element: Element): Palette {
  const style = getComputedStyle(element);
  const v = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return {
    line: v('--line', '#7a8189'),
    glyph: v('--glyph', '#a3a9b1'),
    glyphStrong: v('--glyph-strong', '#c6cbd1'),
    selection: v('--selection', '#f4f6f8'),
    warning: v('--warning', '#e3a42b'),
    alarm: v('--alarm', '#e5484d'),
    textMuted: v('--text-muted', '#8e959d'),
    background: v('--bg-schematic', '#25282c'),
  };
}
