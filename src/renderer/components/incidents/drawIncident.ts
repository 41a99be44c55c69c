// Drawing a leak incident over the schematic: the suspected area dashed, the isolated
// segment as a wide band, the candidate pipes bold with their rank in a disc, and the
// isolation valves as squares (filled and crossed once closed). Every cue has a shape of
// its own, so it reads without colour (ISA-101); colour is only amber and red.
import type { IncidentHighlight, ValveProgress } from '../../store/incidentHighlight';
import { isolationValveLink } from '../../../shared/network';

/** What the drawing needs of the schematic's geometry (flow coordinates), e.g. its Scene. */
export interface IncidentGeometry {
  linkStart: Uint32Array;
  pointX: Float64Array;
  pointY: Float64Array;
  midX: Float64Array;
  midY: Float64Array;
  linkFrom: Int32Array;
}

export interface IncidentPlan {
  suspected: number[];
  isolated: number[];
  candidates: { index: number; rank: number }[];
  valves: { index: number; progress: ValveProgress }[];
  /** how many of the highlighted elements the network has (drawn) */
  drawn: number;
}

export interface View {
  x: number;
  y: number;
  zoom: number;
}

export interface IncidentPalette {
  warning: string;
  alarm: string;
  text: string;
  background: string;
}

/** The highlight, as link indices of the loaded network (ids it lacks are left out). */
export function planIncident(
  highlight: IncidentHighlight | null,
  linkIndexById: ReadonlyMap<string, number>,
  geometry: IncidentGeometry,
): IncidentPlan {
  const plan: IncidentPlan = { suspected: [], isolated: [], candidates: [], valves: [], drawn: 0 };
  if (!highlight) return plan;
  const drawable = (id: string) => {
    const i = linkIndexById.get(id);
    return i !== undefined && geometry.linkFrom[i] !== -1 ? i : undefined;
  };
  const seen = new Set<number>();
  const count = (i: number) => {
    if (!seen.has(i)) plan.drawn += 1;
    seen.add(i);
  };
  for (const id of highlight.suspected) {
    const i = drawable(id);
    if (i === undefined) continue;
    plan.suspected.push(i);
    count(i);
  }
  for (const id of highlight.isolated) {
    const i = drawable(id);
    if (i === undefined) continue;
    plan.isolated.push(i);
    count(i);
  }
  for (const c of highlight.candidates) {
    const i = drawable(c.pipe);
    if (i === undefined) continue;
    plan.candidates.push({ index: i, rank: c.rank });
    count(i);
  }
  for (const v of highlight.valves) {
    // a line valve (`<pipe>@<node>`) is drawn on its pipe
    const i = drawable(isolationValveLink(v.valve));
    if (i === undefined) continue;
    plan.valves.push({ index: i, progress: v.progress });
    count(i);
  }
  return plan;
}

function tracePath(ctx: CanvasRenderingContext2D, g: IncidentGeometry, link: number, view: View): void {
  const start = g.linkStart[link]!;
  const end = g.linkStart[link + 1]!;
  for (let p = start; p < end; p++) {
    const x = g.pointX[p]! * view.zoom + view.x;
    const y = g.pointY[p]! * view.zoom + view.y;
    if (p === start) ctx.moveTo(x, y);
    else ctx.lineTo(x, y);
  }
}

function strokeLinks(
  ctx: CanvasRenderingContext2D,
  g: IncidentGeometry,
  links: readonly number[],
  view: View,
  style: { colour: string; width: number; dash?: number[]; alpha?: number },
): void {
  if (links.length === 0) return;
  ctx.save();
  ctx.globalAlpha = style.alpha ?? 1;
  ctx.strokeStyle = style.colour;
  ctx.lineWidth = style.width;
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  ctx.setLineDash(style.dash ?? []);
  ctx.beginPath();
  for (const link of links) tracePath(ctx, g, link, view);
  ctx.stroke();
  ctx.restore();
}

/** Draw the plan on a canvas the size of the schematic (CSS px; `dpr` scales the backing store). */
export function drawIncident(
  ctx: CanvasRenderingContext2D,
  g: IncidentGeometry,
  plan: IncidentPlan,
  view: View,
  palette: IncidentPalette,
  size: { width: number; height: number; dpr: number },
): void {
  ctx.setTransform(size.dpr, 0, 0, size.dpr, 0, 0);
  ctx.clearRect(0, 0, size.width, size.height);
  // the isolated segment: a wide amber band with a dark core, so the pipes stay visible
  strokeLinks(ctx, g, plan.isolated, view, { colour: palette.warning, width: 12, alpha: 0.35 });
  strokeLinks(ctx, g, plan.isolated, view, { colour: palette.warning, width: 2 });
  // the suspected area: dashed amber
  strokeLinks(ctx, g, plan.suspected, view, { colour: palette.warning, width: 4, dash: [7, 5] });
  // candidates: bold red, the best on top, with its rank in a disc
  const ranked = [...plan.candidates].sort((a, b) => b.rank - a.rank);
  for (const c of ranked)
    strokeLinks(ctx, g, [c.index], view, { colour: palette.alarm, width: c.rank === 1 ? 7 : 5 });
  ctx.font = '700 11px system-ui, sans-serif';
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  for (const c of ranked) {
    const x = g.midX[c.index]! * view.zoom + view.x;
    const y = g.midY[c.index]! * view.zoom + view.y;
    ctx.beginPath();
    ctx.arc(x, y, 8, 0, Math.PI * 2);
    ctx.fillStyle = palette.alarm;
    ctx.fill();
    ctx.lineWidth = 1.5;
    ctx.strokeStyle = palette.background;
    ctx.stroke();
    ctx.fillStyle = '#fff';
    ctx.fillText(String(c.rank), x, y + 0.5);
  }
  // valves: an outlined square to close, filled and crossed when closed, a thick red one stuck
  for (const v of plan.valves) {
    const x = g.midX[v.index]! * view.zoom + view.x;
    const y = g.midY[v.index]! * view.zoom + view.y;
    const h = 8;
    ctx.save();
    ctx.lineWidth = v.progress === 'stuck' ? 3 : 2;
    ctx.strokeStyle = v.progress === 'stuck' ? palette.alarm : palette.warning;
    ctx.fillStyle = palette.background;
    ctx.fillRect(x - h, y - h, 2 * h, 2 * h);
    if (v.progress === 'closed') {
      ctx.fillStyle = palette.warning;
      ctx.fillRect(x - h, y - h, 2 * h, 2 * h);
    }
    if (v.progress === 'closing') ctx.setLineDash([3, 2]);
    ctx.strokeRect(x - h, y - h, 2 * h, 2 * h);
    ctx.setLineDash([]);
    if (v.progress === 'closed' || v.progress === 'stuck') {
      ctx.strokeStyle = v.progress === 'closed' ? palette.background : palette.alarm;
      ctx.beginPath();
      ctx.moveTo(x - h + 3, y - h + 3);
      ctx.lineTo(x + h - 3, y + h - 3);
      ctx.moveTo(x + h - 3, y - h + 3);
      ctx.lineTo(x - h + 3, y + h - 3);
      ctx.stroke();
    }
    ctx.restore();
  }
}
