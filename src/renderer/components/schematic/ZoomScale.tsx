import { useLayoutEffect } from 'react';
import { useStore } from '@xyflow/react';

/** Zoom below which the schematic is an overview: glyphs grow, pipe chevrons hide. */
const OVERVIEW_ZOOM = 0.6;

/**
 * Publishes the zoom level to CSS (--zoom on the React Flow root, and data-zoom
 * "overview"/"detail"), so glyphs keep a readable size in the overview without covering
 * each other when zoomed in. CSS does the scaling: no node re-renders on zoom.
 */
export function ZoomScale() {
  // 2 % steps: smooth enough to see, far fewer style recalculations while wheeling.
  const zoom = useStore((s) => Math.round(s.transform[2] * 50) / 50);
  const root = useStore((s) => s.domNode);
  useLayoutEffect(() => {
    if (!root || zoom <= 0) return;
    root.style.setProperty('--zoom', String(zoom));
    root.setAttribute('data-zoom', zoom < OVERVIEW_ZOOM ? 'overview' : 'detail');
  }, [root, zoom]);
  return null;
}
