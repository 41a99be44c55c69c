import { useEffect } from 'react';
import { useReactFlow } from '@xyflow/react';
import { useConsoleStore, type ElementRef } from '../../store/consoleStore';
import { polylineGeometry } from './edges/polyline';
import { deviceFlowId, nodeFlowId, pipeFlowId, type LinkFlowEdge, type SchematicNode } from './flowGraph';

/** Zoom the schematic goes to when it brings an element into view (closer stays closer). */
const FOCUS_ZOOM = 1.2;
const FOCUS_DURATION_MS = 400;

/**
 * Brings the element of a focus request (an alert's source, an agents-view row) into the
 * middle of the schematic. Lives inside React Flow for its viewport; renders nothing.
 */
export function FocusOnRequest() {
  const focus = useConsoleStore((s) => s.focus);
  const flow = useReactFlow<SchematicNode, LinkFlowEdge>();

  useEffect(() => {
    if (!focus) return;
    const centre = flowPosition(focus.ref, flow);
    if (!centre) return;
    const zoom = Math.max(flow.getZoom(), FOCUS_ZOOM);
    void flow.setCenter(centre.x, centre.y, { zoom, duration: FOCUS_DURATION_MS });
  }, [focus, flow]);
  return null;
}

/** Where an element is drawn, in flow coordinates (node positions are centres). */
function flowPosition(
  ref: ElementRef,
  flow: ReturnType<typeof useReactFlow<SchematicNode, LinkFlowEdge>>,
): { x: number; y: number } | null {
  if (ref.kind === 'node') return flow.getNode(nodeFlowId(ref.index))?.position ?? null;
  const device = flow.getNode(deviceFlowId(ref.index));
  if (device) return device.position;
  const points = flow.getEdge(pipeFlowId(ref.index))?.data?.points;
  return points ? polylineGeometry(points).middle : null;
}
