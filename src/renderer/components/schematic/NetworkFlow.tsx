import { useMemo } from 'react';
import {
  Controls,
  MiniMap,
  ReactFlow,
  type EdgeMouseHandler,
  type EdgeTypes,
  type NodeMouseHandler,
  type NodeTypes,
} from '@xyflow/react';
import type { NetworkModel } from '../../../shared/network';
import { hover, select } from '../../store/consoleStore';
import { LinkEdge } from './edges/LinkEdge';
import { FocusOnRequest } from './FocusOnRequest';
import { MiniMapDot } from './MiniMapDot';
import { buildSchematicGraph, type LinkFlowEdge, type SchematicNode } from './flowGraph';
import { JunctionNode } from './nodes/JunctionNode';
import { PumpNode } from './nodes/PumpNode';
import { ReservoirNode } from './nodes/ReservoirNode';
import { TankNode } from './nodes/TankNode';
import { ValveNode } from './nodes/ValveNode';
import { ZoomScale } from './ZoomScale';

// Module constants: React Flow re-renders everything when these objects change identity.
const nodeTypes: NodeTypes = {
  junction: JunctionNode,
  tank: TankNode,
  reservoir: ReservoirNode,
  pump: PumpNode,
  valve: ValveNode,
};
const edgeTypes: EdgeTypes = { link: LinkEdge };
/** Positions are element centres. */
const NODE_ORIGIN: [number, number] = [0.5, 0.5];
const FIT_VIEW_OPTIONS = { padding: 0.06 };

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

export function NetworkFlow({ network }: { network: NetworkModel }) {
  // Built once per network; live values never go through React Flow's node data.
  const graph = useMemo(() => buildSchematicGraph(network), [network]);

  return (
    <ReactFlow<SchematicNode, LinkFlowEdge>
      defaultNodes={graph.nodes}
      defaultEdges={graph.edges}
      nodeTypes={nodeTypes}
      edgeTypes={edgeTypes}
      nodeOrigin={NODE_ORIGIN}
      fitView
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
      // React Flow asks non-Pro users to keep its small attribution link; it is muted in CSS.
      attributionPosition="top-right"
    >
      <MiniMap<SchematicNode>
        pannable
        zoomable
        nodeColor={miniMapNodeColor}
        nodeStrokeWidth={0}
        nodeComponent={MiniMapDot}
        ariaLabel="Overview map of the network"
      />
      <ZoomScale />
      <FocusOnRequest />
      <Controls showInteractive={false} position="bottom-left" aria-label="Zoom controls" />
    </ReactFlow>
  );
}
