// The schematic: a canvas layer (SceneCanvas) draws every pipe and junction under React
// Flow, which keeps glyphs only for what an operator acts on or must notice (see
// scene/lod.ts); clicks and hovers on the canvas are hit-tested on a spatial grid. The
// former all-React-Flow drawing ("full": every element an SVG/DOM glyph) is kept behind
// ?schematic=svg for comparisons.
import { useEffect, useMemo, useRef, useState, type MouseEvent } from 'react';
import {
  Controls,
  MiniMap,
  Panel,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
  useStore,
  useStoreApi,
  type EdgeMouseHandler,
  type EdgeTypes,
  type NodeMouseHandler,
  type NodeTypes,
} from '@xyflow/react';
import type { NetworkModel } from '../../../shared/network';
import { hover, sameElement, select, useConsoleStore } from '../../store/consoleStore';
import { CanvasMiniMap } from './canvas/CanvasMiniMap';
import { SceneCanvas } from './canvas/SceneCanvas';
import { canvasNodes } from './canvasNodes';
import { ColourLegend } from './ColourLegend';
import { LinkEdge } from './edges/LinkEdge';
import { abnormalElements, unackedElements } from './elementStates';
import { ElementSearch } from './ElementSearch';
import { FocusOnRequest } from './FocusOnRequest';
import { IncidentLayer } from './IncidentLayer';
import { MiniMapDot } from './MiniMapDot';
import { buildSchematicGraph, type LinkFlowEdge, type SchematicNode } from './flowGraph';
import { JunctionNode } from './nodes/JunctionNode';
import { PipeCueNode } from './nodes/PipeCueNode';
import { PumpNode } from './nodes/PumpNode';
import { ReservoirNode } from './nodes/ReservoirNode';
import { TankNode } from './nodes/TankNode';
import { ValveNode } from './nodes/ValveNode';
import type { ColourMode } from './scene/colourScale';
import { interactiveElements, schematicMode, type SchematicMode } from './scene/lod';
import { zoneOutlines } from './scene/outline';
import { buildScene, type Scene } from './scene/sceneModel';
import { buildSpatialIndex, type SpatialIndex } from './scene/spatialIndex';
import { ZoomScale } from './ZoomScale';

// Module constants: React Flow re-renders everything when these objects change identity.
const nodeTypes: NodeTypes = {
  junction: JunctionNode,
  tank: TankNode,
  reservoir: ReservoirNode,
  pump: PumpNode,
  valve: ValveNode,
  pipe: PipeCueNode,
};
const edgeTypes: EdgeTypes = { link: LinkEdge };
const NO_EDGES: LinkFlowEdge[] = [];
/** Positions are element centres. */
const NODE_ORIGIN: [number, number] = [0.5, 0.5];
const FIT_VIEW_OPTIONS = { padding: 0.06 };
/** Pointer distance (screen px) within which a canvas pipe or junction counts as hit. */
const HIT_RADIUS_PX = 7;

const onNodeClick: NodeMouseHandler<SchematicNode> = (_event, node) => select(node.data.ref);
const onEdgeClick: EdgeMouseHandler<LinkFlowEdge> = (_event, edge) => {
  if (edge.data) select(edge.data.ref);
};
const onNodeMouseEnter: NodeMouseHandler<SchematicNode> = (_event, node) => hover(node.data.ref);
const onEdgeMouseEnter: EdgeMouseHandler<LinkFlowEdge> = (_event, edge) => hover(edge.data?.ref ?? null);
const onMouseLeave = () => hover(null);

/** MiniMap: sources and storage stand out, the rest is the network's silhouette. */
function miniMapNodeColor(node: SchematicNode): string {
  return node.type === 'junction' ? '#6b7178' : '#b9bec5';
}

/** ?schematic=svg draws everything with React Flow (the former schematic), for comparisons. */
const modeOverride = () => new URLSearchParams(location.search).get('schematic');

export function NetworkFlow({ network }: { network: NetworkModel }) {
  return (
    <ReactFlowProvider>
      <NetworkFlowInner network={network} />
    </ReactFlowProvider>
  );
}

function NetworkFlowInner({ network }: { network: NetworkModel }) {
  const mode: SchematicMode = useMemo(() => schematicMode(modeOverride()), []);
  // Built once per network; live values never go through React Flow's node data.
  const scene = useMemo(() => buildScene(network), [network]);
  const index = useMemo(() => buildSpatialIndex(scene), [scene]);
  const outlines = useMemo(() => zoneOutlines(network, scene), [network, scene]);
  const nodeIds = useMemo(() => network.nodes.map((node) => node.id), [network]);
  const graph = useMemo(() => (mode === 'full' ? buildSchematicGraph(network) : null), [network, mode]);
  const interactive = useInteractiveNodes(network, scene, mode);
  const interactiveNodes = useMemo(
    () => new Set(interactive.filter((n) => n.data.ref.kind === 'node').map((n) => n.data.ref.index)),
    [interactive],
  );
  const [colourMode, setColourMode] = useState<ColourMode>('status');
  const pointer = useCanvasPointer(index);

  // Canvas mode is uncontrolled too (React Flow keeps the glyphs' measurements): the
  // interactive set starts as the default nodes and later changes go through setNodes.
  const [initialInteractive] = useState(interactive);
  useSyncNodes(interactive, mode);
  const fitScene = useFitScene(scene);
  const modeProps =
    graph !== null
      ? { defaultNodes: graph.nodes, defaultEdges: graph.edges, fitView: true }
      : { defaultNodes: initialInteractive, defaultEdges: NO_EDGES, ...pointer };

  return (
    <ReactFlow<SchematicNode, LinkFlowEdge>
      {...modeProps}
      nodeTypes={nodeTypes}
      edgeTypes={edgeTypes}
      nodeOrigin={NODE_ORIGIN}
      fitViewOptions={FIT_VIEW_OPTIONS}
      minZoom={0.02}
      maxZoom={4}
      // The e2e test counts rendered nodes; culling would also make panning stutter as
      // glyphs mount and unmount.
      onlyRenderVisibleElements={false}
      nodesDraggable={false}
      nodesConnectable={false}
      elementsSelectable={false}
      nodesFocusable={false}
      edgesFocusable={false}
      deleteKeyCode={null}
      selectionKeyCode={null}
      multiSelectionKeyCode={null}
      zoomOnDoubleClick={false}
      onNodeClick={onNodeClick}
      onEdgeClick={onEdgeClick}
      onNodeMouseEnter={onNodeMouseEnter}
      onNodeMouseLeave={onMouseLeave}
      onEdgeMouseEnter={onEdgeMouseEnter}
      onEdgeMouseLeave={onMouseLeave}
      colorMode="dark"
      data-schematic-mode={mode}
      // React Flow asks non-Pro users to keep its small attribution link; it is muted in CSS.
      attributionPosition="top-right"
    >
      <SceneCanvas
        mode={mode}
        scene={scene}
        index={index}
        outlines={outlines}
        nodeIds={nodeIds}
        interactiveNodes={interactiveNodes}
        colourMode={colourMode}
      />
      <IncidentLayer scene={scene} />
      <Panel position="top-left" className="schematic-tools">
        <ElementSearch network={network} />
        {mode === 'canvas' ? <ColourLegend mode={colourMode} onChange={setColourMode} /> : null}
      </Panel>
      {mode === 'canvas' ? (
        <Panel position="bottom-right">
          <CanvasMiniMap scene={scene} />
        </Panel>
      ) : (
        <MiniMap<SchematicNode>
          pannable
          zoomable
          nodeColor={miniMapNodeColor}
          nodeStrokeWidth={0}
          nodeComponent={MiniMapDot}
          ariaLabel="Overview map of the network"
        />
      )}
      <ZoomScale />
      <FocusOnRequest scene={scene} />
      {mode === 'canvas' ? <FitSceneOnce fit={fitScene} /> : null}
      <Controls
        showInteractive={false}
        position="bottom-left"
        aria-label="Zoom controls"
        onFitView={mode === 'canvas' ? fitScene : undefined}
      />
    </ReactFlow>
  );
}

/**
 * Canvas mode's React Flow nodes: recomputed when the abnormal or unacknowledged set
 * changes, and handed to React Flow only when the list of elements really differs (a new
 * snapshot with the same abnormal elements keeps the same array).
 */
function useInteractiveNodes(network: NetworkModel, scene: Scene, mode: SchematicMode): SchematicNode[] {
  const key = useConsoleStore((s) => {
    if (mode !== 'canvas') return '';
    const refs = [...abnormalElements(s), ...unackedElements(s)];
    return refs
      .map((r) => `${r.kind[0]}${r.index}`)
      .sort()
      .join(',');
  });
  return useMemo(() => {
    if (mode !== 'canvas') return [];
    const state = useConsoleStore.getState();
    const abnormal = abnormalElements(state);
    const unacked = unackedElements(state);
    const alerting = new Set([...abnormal, ...unacked].map((r) => `${r.kind}${r.index}`));
    return canvasNodes(network, scene, interactiveElements({ network, abnormal, unacked }), alerting);
    // `key` stands for the abnormal and unacked sets read from the store above
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [network, scene, mode, key]);
}

/** Hands a changed interactive set to React Flow, keeping the node objects it has measured. */
function useSyncNodes(interactive: SchematicNode[], mode: SchematicMode) {
  const flow = useReactFlow<SchematicNode, LinkFlowEdge>();
  const first = useRef(true);
  useEffect(() => {
    if (first.current || mode !== 'canvas') {
      first.current = false;
      return;
    }
    flow.setNodes((current) => {
      const byId = new Map(current.map((node) => [node.id, node]));
      return interactive.map((node) => byId.get(node.id) ?? node);
    });
  }, [flow, interactive, mode]);
}

/** Canvas mode fits the whole network, not just its glyphs (React Flow's fitView would). */
function useFitScene(scene: Scene) {
  const flow = useReactFlow();
  return useMemo(() => {
    const { minX, minY, maxX, maxY } = scene.bounds;
    return () =>
      void flow.fitBounds({ x: minX, y: minY, width: maxX - minX, height: maxY - minY }, FIT_VIEW_OPTIONS);
  }, [flow, scene]);
}

function FitSceneOnce({ fit }: { fit: () => void }) {
  const sized = useStore((s) => s.width > 0 && s.height > 0);
  const done = useRef(false);
  useEffect(() => {
    if (!sized || done.current) return;
    done.current = true;
    fit();
  }, [sized, fit]);
  return null;
}

/** Click and hover on what the canvas draws: the pane's pointer, hit-tested on the spatial index. */
function useCanvasPointer(index: SpatialIndex) {
  const flowStore = useStoreApi();
  return useMemo(() => {
    const hit = (event: MouseEvent) => {
      const { transform, domNode } = flowStore.getState();
      const box = domNode?.getBoundingClientRect();
      if (!box) return null;
      const [x, y, zoom] = transform;
      const fx = (event.clientX - box.left - x) / zoom;
      const fy = (event.clientY - box.top - y) / zoom;
      return index.hitTest(fx, fy, HIT_RADIUS_PX / zoom);
    };
    return {
      onPaneClick: (event: MouseEvent) => {
        const ref = hit(event);
        if (ref) select(ref);
      },
      onPaneMouseMove: (event: MouseEvent) => {
        // dragging pans the view: no hover (and no redraw for it) until the button is up
        if (event.buttons !== 0) return;
        const ref = hit(event);
        if (!sameElement(ref, useConsoleStore.getState().hovered)) hover(ref);
        (event.currentTarget as HTMLElement).style.cursor = ref ? 'pointer' : '';
      },
      onPaneMouseLeave: () => hover(null),
    };
  }, [flowStore, index]);
}
