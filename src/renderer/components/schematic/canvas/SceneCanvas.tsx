import { useEffect, useLayoutEffect, useRef } from 'react';
import { useNodesInitialized, useStoreApi } from '@xyflow/react';
import { onPush } from '../../../api/client';
import { abnormalSeverity } from '../../../readings/agentStates';
import type { Severity } from '../../../readings/abnormal';
import { elementOfAgent, useConsoleStore, type ConsoleState } from '../../../store/consoleStore';
import { notePainted, notePush, noteReady, perf, resetReady } from '../perfProbe';
import type { ColourMode } from '../scene/colourScale';
import { readPalette, type SceneState } from '../scene/drawScene';
import type { SchematicMode } from '../scene/lod';
import type { ZoneOutline } from '../scene/outline';
import { elementPosition, LINK_PIPE, type Scene } from '../scene/sceneModel';
import type { SpatialIndex } from '../scene/spatialIndex';
import { createSceneRenderer, type SceneRenderer } from './sceneRenderer';

interface SceneCanvasProps {
  mode: SchematicMode;
  scene: Scene;
  index: SpatialIndex;
  outlines: readonly ZoneOutline[];
  nodeIds: readonly string[];
  /** nodes React Flow draws as glyphs */
  interactiveNodes: ReadonlySet<number>;
  colourMode: ColourMode;
}

/**
 * The canvas under React Flow's glyphs: the whole pipe network and its junctions in canvas
 * mode, only the DMA outlines in full mode. Follows React Flow's viewport through its store
 * (no React render per pan step) and the console store through a subscription.
 */
export function SceneCanvas(props: SceneCanvasProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const renderer = useRef<SceneRenderer | null>(null);
  const latest = useRef(props);
  const flowStore = useStoreApi();
  const nodesInitialized = useNodesInitialized();
  const initialized = useRef(false);
  const { scene, index, mode } = props;
  // the drawing loop reads the latest props and readiness through refs, outside React
  useLayoutEffect(() => {
    latest.current = props;
    initialized.current = nodesInitialized;
  });

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    resetReady(canvas);
    let lastFrame: unknown = null;
    const r = createSceneRenderer({
      canvas,
      scene,
      index,
      palette: readPalette(canvas),
      reducedMotion: matchMedia('(prefers-reduced-motion: reduce)').matches,
      view: () => {
        const [x, y, zoom] = flowStore.getState().transform;
        return { x, y, zoom };
      },
      state: (phase) => sceneState(useConsoleStore.getState(), latest.current, phase),
      onDraw: (state, ms) => {
        const p = perf();
        p.lastDrawMs = ms;
        if (state.frame && state.frame !== lastFrame) {
          lastFrame = state.frame;
          // painted = the browser has finished the frame that carried this drawing (and the
          // glyphs' React render of the same values): the next animation frame has begun
          requestAnimationFrame(() => notePainted());
        }
        if (state.frame && initialized.current) noteReady(canvas, mode);
      },
    });
    renderer.current = r;

    const observer = new ResizeObserver(() => {
      const box = canvas.parentElement?.getBoundingClientRect();
      if (box) r.resize(box.width, box.height, window.devicePixelRatio || 1);
    });
    if (canvas.parentElement) observer.observe(canvas.parentElement);

    const offView = flowStore.subscribe((s, prev) => {
      if (s.transform !== prev.transform) r.viewChanged();
    });
    const offStore = useConsoleStore.subscribe((s, prev) => {
      if (s.frame !== prev.frame) r.dataChanged(true);
      else if (
        s.selected !== prev.selected ||
        s.hovered !== prev.hovered ||
        s.abnormal !== prev.abnormal ||
        s.alarmSummary !== prev.alarmSummary
      )
        r.dataChanged();
    });
    const offPush = onPush('twin.frame', () => notePush());

    perf().screenPoint = (elementId) => {
      const s = useConsoleStore.getState();
      const node = s.nodeIndexById.get(elementId);
      const link = node === undefined ? s.linkIndexById.get(elementId) : undefined;
      const at =
        node !== undefined
          ? elementPosition(scene, 'node', node)
          : link !== undefined
            ? elementPosition(scene, 'link', link)
            : null;
      if (!at) return null;
      const [x, y, zoom] = flowStore.getState().transform;
      // the pane's box: the canvas itself may be moved by a CSS transform mid-pan
      const box = (canvas.parentElement ?? canvas).getBoundingClientRect();
      return { x: box.left + at[0] * zoom + x, y: box.top + at[1] * zoom + y };
    };

    return () => {
      r.destroy();
      renderer.current = null;
      observer.disconnect();
      offView();
      offStore();
      offPush();
    };
  }, [scene, index, mode, flowStore]);

  // Props that change the drawing: colour mode and outlines (the base layer), which nodes
  // React Flow now draws, readiness.
  useEffect(() => {
    renderer.current?.baseChanged();
  }, [props.colourMode, props.outlines]);
  useEffect(() => {
    renderer.current?.dataChanged();
  }, [props.interactiveNodes, nodesInitialized]);

  return (
    <canvas
      ref={canvasRef}
      className="scene-canvas"
      data-testid="scene-canvas"
      data-mode={mode}
      aria-hidden="true"
    />
  );
}

interface Severities {
  links: ReadonlyMap<number, Severity>;
  nodes: ReadonlyMap<number, Severity>;
}
const severityCache = new WeakMap<object, Severities>();

/** Pipes and nodes whose own agent or instrument is abnormal, with the worst severity. */
function severities(state: ConsoleState, scene: Scene): Severities {
  const cached = severityCache.get(state.abnormal);
  if (cached) return cached;
  const links = new Map<number, Severity>();
  const nodes = new Map<number, Severity>();
  for (const [agentId, agentState] of Object.entries(state.abnormal)) {
    const ref = elementOfAgent(state, agentId);
    if (!ref) continue;
    if (ref.kind === 'link' && scene.linkKind[ref.index] !== LINK_PIPE) continue;
    const map = ref.kind === 'link' ? links : nodes;
    if (map.get(ref.index) !== 'alarm') map.set(ref.index, abnormalSeverity(agentState));
  }
  const result = { links, nodes };
  severityCache.set(state.abnormal, result);
  return result;
}

function sceneState(state: ConsoleState, props: SceneCanvasProps, phase: number): SceneState {
  const network = props.mode === 'canvas';
  const abnormal = network ? severities(state, props.scene) : null;
  return {
    frame: state.frame,
    colourMode: props.colourMode,
    linkSeverity: abnormal?.links ?? new Map(),
    nodeSeverity: abnormal?.nodes ?? new Map(),
    interactiveNodes: props.interactiveNodes,
    selected: state.selected,
    hovered: state.hovered,
    outlines: props.outlines,
    nodeIds: props.nodeIds,
    phase,
    drawNetwork: network,
  };
}
