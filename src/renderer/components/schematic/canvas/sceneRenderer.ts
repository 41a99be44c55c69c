// The canvas layer's drawing loop, outside React: a pan or zoom must not re-render
// components, and a frame push must not wait for React either. It draws at most once per
// animation frame, and only when something changed (view, data, size) or flow dashes move.
//
// Pan/zoom: redrawing a whole canvas and handing it to the compositor every frame is what
// software rendering (no GPU) pays most for, far more than our drawing calls. So while the
// view moves, the canvas element itself is moved and scaled with a CSS transform (the
// compositor does that without new pixels) and redrawn properly every REFRESH_CHEAP_MS
// for a cheap scene (L-Town), every REFRESH_HEAVY_MS for a heavy one (NJ1), and as soon
// as the view rests for SETTLE_MS. New data is drawn at once (push-to-paint), whatever the
// view does.
import { detailAt } from '../scene/lod';
import { drawScene, type Palette, type SceneState, type View } from '../scene/drawScene';
import type { Scene } from '../scene/sceneModel';
import type { SpatialIndex } from '../scene/spatialIndex';

/**
 * A base layer of up to this many links counts as cheap to redraw while the view moves.
 * Counted rather than timed: our JS is the small part, Skia rasterizes the strokes later.
 */
const CHEAP_BASE_LINKS = 5_000;
const REFRESH_CHEAP_MS = 200;
const REFRESH_HEAVY_MS = 700;
const SETTLE_MS = 120;
/** flow dashes move at this many screen px per second */
const DASH_SPEED_PX_S = 18;
const DASH_PERIOD_PX = 14;

export interface SceneRenderer {
  /**
   * The data (frame, abnormal set, selection, colour mode) changed: redraw fully at the
   * next animation frame, or right now with `now` (a frame push is applied inside an
   * animation frame already: drawing at once saves a whole frame of latency).
   */
  dataChanged(now?: boolean): void;
  /** what the base layer shows changed (colour mode, outlines): draw it again */
  baseChanged(): void;
  viewChanged(): void;
  resize(width: number, height: number, dpr: number): void;
  destroy(): void;
}

export interface RendererInput {
  canvas: HTMLCanvasElement;
  scene: Scene;
  index: SpatialIndex;
  palette: Palette;
  /** React Flow's transform and the pane size */
  view: () => Omit<View, 'width' | 'height' | 'dpr'>;
  state: (phase: number) => SceneState;
  /** after every full draw, with its duration */
  onDraw: (state: SceneState, ms: number) => void;
  reducedMotion: boolean;
}

export function createSceneRenderer(input: RendererInput): SceneRenderer {
  const { canvas, scene, index, palette } = input;
  const ctx = canvas.getContext('2d');
  // the base layer (see drawScene) kept as a bitmap, and what it was drawn for
  const base = document.createElement('canvas');
  const baseCtx = base.getContext('2d');
  let baseKey: unknown[] | null = null;
  let baseFrame: unknown = null;
  let baseGeneration = 0;
  let baseLinks = 0;
  /** the view the canvas was last drawn at: a CSS transform maps it to the current one */
  let drawnView: View | null = null;
  let drawnAt = 0;
  let viewChangedAt = 0;
  let size = { width: 0, height: 0, dpr: 1 };
  let lastDrawMs = 0;
  let dataDirty = true;
  let viewDirty = false;
  let animating = false;
  let settleTimer: ReturnType<typeof setTimeout> | undefined;
  let rafId: number | undefined;
  let destroyed = false;

  const currentView = (): View => ({ ...input.view(), ...size });

  function schedule() {
    if (rafId !== undefined || destroyed) return;
    rafId = requestAnimationFrame(tick);
  }

  function fullDraw(now: number) {
    if (!ctx || !baseCtx || size.width === 0) return;
    const view = currentView();
    const phase = input.reducedMotion ? 0 : ((now / 1000) * DASH_SPEED_PX_S) % DASH_PERIOD_PX;
    const state = input.state(phase);
    const t0 = performance.now();
    // The base (all pipes) only when the view or what colours it changed.
    const key = [view.x, view.y, view.zoom, view.width, view.height, state.colourMode, baseGeneration];
    const frameKey = state.colourMode === 'status' ? null : state.frame;
    if (!baseKey || frameKey !== baseFrame || key.some((k, i) => k !== baseKey![i])) {
      baseLinks = drawScene(baseCtx, scene, index, view, state, palette, 'base').links;
      baseKey = key;
      baseFrame = frameKey;
    }
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(base, 0, 0);
    const stats = drawScene(ctx, scene, index, view, state, palette, 'overlay');
    lastDrawMs = performance.now() - t0;
    canvas.style.transform = '';
    drawnView = view;
    drawnAt = now;
    animating =
      !input.reducedMotion && stats.animated > 0 && detailAt(view.zoom, scene.typicalSpacing).flowAnimation;
    input.onDraw(state, lastDrawMs);
  }

  /** The last drawing, moved and scaled to the current view by the compositor. */
  function reproject() {
    if (!drawnView) return;
    const view = currentView();
    const k = view.zoom / drawnView.zoom;
    const dx = view.x - drawnView.x * k;
    const dy = view.y - drawnView.y * k;
    canvas.style.transform = `translate(${dx}px, ${dy}px) scale(${k})`;
  }

  function tick(now: number) {
    rafId = undefined;
    const refreshMs = baseLinks <= CHEAP_BASE_LINKS ? REFRESH_CHEAP_MS : REFRESH_HEAVY_MS;
    // flow dashes rest while the view moves: the eye follows the pan, not the water
    const moving = viewDirty || now - viewChangedAt < SETTLE_MS;
    if (dataDirty || (animating && !moving) || (viewDirty && now - drawnAt >= refreshMs)) {
      dataDirty = false;
      viewDirty = false;
      fullDraw(now);
    } else if (viewDirty) {
      viewDirty = false;
      reproject();
      clearTimeout(settleTimer);
      settleTimer = setTimeout(() => {
        dataDirty = true;
        schedule();
      }, SETTLE_MS);
    }
    if (animating) schedule();
  }

  return {
    dataChanged(now) {
      if (now && !destroyed) {
        dataDirty = false;
        viewDirty = false;
        fullDraw(performance.now());
        if (animating) schedule();
        return;
      }
      dataDirty = true;
      schedule();
    },
    baseChanged() {
      baseGeneration++;
      dataDirty = true;
      schedule();
    },
    viewChanged() {
      viewDirty = true;
      viewChangedAt = performance.now();
      schedule();
    },
    resize(width, height, dpr) {
      size = { width, height, dpr };
      for (const c of [canvas, base]) {
        c.width = Math.max(1, Math.round(width * dpr));
        c.height = Math.max(1, Math.round(height * dpr));
      }
      baseKey = null;
      canvas.style.width = `${width}px`;
      canvas.style.height = `${height}px`;
      drawnView = null;
      dataDirty = true;
      schedule();
    },
    destroy() {
      destroyed = true;
      if (rafId !== undefined) cancelAnimationFrame(rafId);
      clearTimeout(settleTimer);
    },
  };
}
