// Turns a NetworkModel into React Flow nodes and edges, once per network.
//
// Junctions, tanks and reservoirs are nodes at their coordinates. Pumps and valves are
// nodes too, at the midpoint of their link and joined to its end nodes by two edges, so
// they get a clickable glyph like on a P&ID. Every pipe is one edge. Live values are not
// in here: components read them from the store, so a new frame never rebuilds this graph.
import type { Edge, Node } from '@xyflow/react';
import type { NetworkModel, NetworkNode, ValveType } from '../../../shared/network';
import type { ElementRef } from '../../store/consoleStore';
import { placeDevices } from './devicePlacement';

/** The network's longest side, in flow coordinates (px at zoom 1). */
export const SCHEMATIC_SPAN_PX = 4000;

export type Point = readonly [number, number];

type Tagged = { ref: ElementRef; elementId: string };

export type JunctionFlowNode = Node<Tagged & { hydrant: boolean }, 'junction'>;
export type TankFlowNode = Node<Tagged & { tank: NetworkNode['tank'] }, 'tank'>;
export type ReservoirFlowNode = Node<Tagged, 'reservoir'>;
/** `angle`: direction from the link's `from` node to its `to` node, degrees clockwise on screen */
export type PumpFlowNode = Node<Tagged & { angle: number }, 'pump'>;
export type ValveFlowNode = Node<Tagged & { angle: number; valveType: ValveType | null }, 'valve'>;
/** canvas mode only: an abnormal pipe's cue (state words, blinking while unacknowledged) at its middle */
export type PipeCueFlowNode = Node<Tagged & { angle: number }, 'pipe'>;

export type SchematicNode =
  JunctionFlowNode | TankFlowNode | ReservoirFlowNode | PumpFlowNode | ValveFlowNode | PipeCueFlowNode;

export type LinkEdgeData = {
  ref: ElementRef;
  /** the link's id, which is also its agent's id */
  elementId: string;
  /** end points and vertices in flow coordinates: the path does not depend on handle measurement */
  points: Point[];
  /** screen px (strokes do not scale with zoom) */
  strokeWidth: number;
  /** one of the two halves of a pump or valve, rather than a pipe */
  device: boolean;
};
export type LinkFlowEdge = Edge<LinkEdgeData, 'link'>;

export interface SchematicGraph {
  nodes: SchematicNode[];
  edges: LinkFlowEdge[];
}

// React Flow ids are built from indices: EPANET lets a node and a link share an id.
export const nodeFlowId = (index: number) => `n${index}`;
export const deviceFlowId = (linkIndex: number) => `d${linkIndex}`;
export const pipeFlowId = (linkIndex: number) => `p${linkIndex}`;
export const pipeCueFlowId = (linkIndex: number) => `c${linkIndex}`;

const DEVICE_STROKE_PX = 2;

/** Pipe stroke in screen px: thin distribution mains, heavier trunk mains. */
export function pipeStrokeWidth(diameterMm: number): number {
  return Math.min(4, Math.max(0.75, 0.75 + diameterMm / 200));
}

/**
 * Maps model coordinates to flow coordinates: longest side scaled to `span` px, y flipped
 * (EPANET y grows north, screen y grows down).
 */
export function projection(network: NetworkModel, span = SCHEMATIC_SPAN_PX): (x: number, y: number) => Point {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  const include = (x: number, y: number) => {
    if (!Number.isFinite(x) || !Number.isFinite(y)) return;
    minX = Math.min(minX, x);
    maxX = Math.max(maxX, x);
    minY = Math.min(minY, y);
    maxY = Math.max(maxY, y);
  };
  for (const node of network.nodes) include(node.x, node.y);
  for (const link of network.links) for (const [x, y] of link.vertices) include(x, y);
  if (minX === Infinity) return () => [0, 0];
  const extent = Math.max(maxX - minX, maxY - minY);
  const scale = extent > 0 ? span / extent : 1;
  return (x, y) => [(x - minX) * scale, (maxY - y) * scale];
}

export function buildSchematicGraph(network: NetworkModel): SchematicGraph {
  const project = projection(network);
  const positions = network.nodes.map((node) => project(node.x, node.y));
  const indexById = new Map(network.nodes.map((node, index) => [node.id, index]));
  const fixed = { draggable: false, connectable: false, selectable: false } as const;

  const nodes: SchematicNode[] = network.nodes.map((node, index): SchematicNode => {
    const [x, y] = positions[index] ?? [0, 0];
    const base = { id: nodeFlowId(index), position: { x, y }, ...fixed };
    const tagged: Tagged = { ref: { kind: 'node', index }, elementId: node.id };
    switch (node.kind) {
      case 'junction':
        return { ...base, type: 'junction', data: { ...tagged, hydrant: node.hydrant } };
      case 'tank':
        return { ...base, type: 'tank', data: { ...tagged, tank: node.tank } };
      case 'reservoir':
        return { ...base, type: 'reservoir', data: tagged };
    }
  });
  const edges: LinkFlowEdge[] = [];
  const devicePositions = placeDevices(network, positions, indexById);

  network.links.forEach((link, linkIndex) => {
    const fromIndex = indexById.get(link.from);
    const toIndex = indexById.get(link.to);
    const from = fromIndex === undefined ? undefined : positions[fromIndex];
    const to = toIndex === undefined ? undefined : positions[toIndex];
    if (fromIndex === undefined || toIndex === undefined || !from || !to) {
      console.warn(`[aqueduct] link ${link.id} joins a node the network does not have; not drawn`);
      return;
    }
    const ref: ElementRef = { kind: 'link', index: linkIndex };

    if (link.kind === 'pipe') {
      edges.push({
        id: pipeFlowId(linkIndex),
        type: 'link',
        source: nodeFlowId(fromIndex),
        target: nodeFlowId(toIndex),
        data: {
          ref,
          elementId: link.id,
          points: [from, ...link.vertices.map(([vx, vy]) => project(vx, vy)), to],
          strokeWidth: pipeStrokeWidth(link.diameter),
          device: false,
        },
      });
      return;
    }

    // Pumps and valves: a glyph on the link (see placeDevices), straight halves to each end.
    const middle = devicePositions.get(linkIndex) ?? from;
    const angle = (Math.atan2(to[1] - from[1], to[0] - from[0]) * 180) / Math.PI;
    const id = deviceFlowId(linkIndex);
    const tagged: Tagged = { ref, elementId: link.id };
    const position = { x: middle[0], y: middle[1] };
    nodes.push(
      link.kind === 'pump'
        ? { id, type: 'pump', position, ...fixed, data: { ...tagged, angle } }
        : { id, type: 'valve', position, ...fixed, data: { ...tagged, angle, valveType: link.valveType } },
    );
    const half = (suffix: string, source: string, target: string, points: Point[]): LinkFlowEdge => ({
      id: `${id}${suffix}`,
      type: 'link',
      source,
      target,
      data: { ref, elementId: link.id, points, strokeWidth: DEVICE_STROKE_PX, device: true },
    });
    edges.push(
      half('a', nodeFlowId(fromIndex), id, [from, middle]),
      half('b', id, nodeFlowId(toIndex), [middle, to]),
    );
  });

  return { nodes, edges };
}
