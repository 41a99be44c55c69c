import { useEffect } from 'react';
import { useReactFlow, useStoreApi } from '@xyflow/react';
import { useConsoleStore } from '../../store/consoleStore';
import { elementPosition, type Scene } from './scene/sceneModel';

/** Zoom the schematic goes to when it brings an element into view (closer stays closer). */
const FOCUS_ZOOM = 1.2;
const FOCUS_ZOOM_MAX = 1.6;
const FOCUS_DURATION_MS = 400;
/** how long after a request a resize of the schematic still re-centres it */
const FOLLOW_RESIZE_MS = 1_500;

/**
 * Brings the element of a focus request (an alert's source, an agents-view row, a search)
 * into the middle of the schematic. Positions come from the scene's geometry, not from
 * React Flow, so a pipe or junction drawn only on the canvas is found too. Lives inside
 * React Flow for its viewport; renders nothing.
 */
export function FocusOnRequest({ scene }: { scene: Scene }) {
  const focus = useConsoleStore((s) => s.focus);
  const flow = useReactFlow();
  const flowStore = useStoreApi();

  useEffect(() => {
    if (!focus) return;
    const centre = elementPosition(scene, focus.ref.kind, focus.ref.index);
    if (!centre) return;
    // close enough that the element's neighbours are apart on screen; not so close that
    // glyphs (which React Flow scales with the zoom) crowd them out
    const zoom = Math.max(
      flow.getZoom(),
      FOCUS_ZOOM,
      Math.min(FOCUS_ZOOM_MAX, 120 / Math.max(1, scene.typicalSpacing)),
    );
    const centreIt = (duration: number) => void flow.setCenter(centre[0], centre[1], { zoom, duration });
    // The request also opens the details panel, which narrows the schematic (and may widen
    // again as its content arrives): centre now, and again whenever React Flow's size
    // changes in the next moments.
    centreIt(FOCUS_DURATION_MS);
    const off = flowStore.subscribe((s, prev) => {
      if (s.width !== prev.width || s.height !== prev.height) centreIt(FOCUS_DURATION_MS / 2);
    });
    const stop = setTimeout(off, FOLLOW_RESIZE_MS);
    return () => {
      clearTimeout(stop);
      off();
    };
  }, [focus, flow, flowStore, scene]);
  return null;
}
