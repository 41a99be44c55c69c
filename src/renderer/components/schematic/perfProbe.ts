// Always-on, cheap diagnostics (ISA-101 level 4) for the schematic bench and the e2e tests:
// when the first complete schematic was painted, and push-to-paint latency, i.e. from a
// twin.frame push reaching the renderer (after its JSON is parsed) to the browser having
// finished the frame that drew it (the next animation frame has started). A bounded ring of figures on window.__aqueductPerf; nothing is sent anywhere.

const RING = 512;

export interface SchematicPerf {
  /** performance.now() of the first complete paint (network drawn, glyphs measured, a frame shown) */
  readyAt: number | null;
  mode: string | null;
  /** last push-to-paint latencies, ms */
  pushToPaint: number[];
  pushes: number;
  paints: number;
  /** performance.now() of the last paints of a new frame (same ring size) */
  paintedAt: number[];
  /** duration of the last full canvas draw, ms */
  lastDrawMs: number;
  /** where an element is on screen now (viewport px), for benches that click it */
  screenPoint: (elementId: string) => { x: number; y: number } | null;
}

declare global {
  interface Window {
    __aqueductPerf?: SchematicPerf;
  }
}

export function perf(): SchematicPerf {
  return (window.__aqueductPerf ??= {
    readyAt: null,
    mode: null,
    pushToPaint: [],
    pushes: 0,
    paints: 0,
    paintedAt: [],
    lastDrawMs: 0,
    screenPoint: () => null,
  });
}

/** Time of the oldest push not painted yet: coalesced pushes count from the first one. */
let pendingSince: number | null = null;

export function notePush(): void {
  const p = perf();
  p.pushes++;
  pendingSince ??= performance.now();
}

/** The canvas has drawn the latest frame. */
export function notePainted(): void {
  const p = perf();
  p.paints++;
  p.paintedAt.push(performance.now());
  if (p.paintedAt.length > RING) p.paintedAt.splice(0, p.paintedAt.length - RING);
  if (pendingSince === null) return;
  p.pushToPaint.push(performance.now() - pendingSince);
  if (p.pushToPaint.length > RING) p.pushToPaint.splice(0, p.pushToPaint.length - RING);
  pendingSince = null;
}

export function noteReady(element: Element | null, mode: string): void {
  const p = perf();
  if (p.readyAt !== null) return;
  p.readyAt = performance.now();
  p.mode = mode;
  performance.mark('aqueduct:schematic-ready');
  element?.closest('[data-testid="schematic"]')?.setAttribute('data-schematic-ready', mode);
}

/** A new network: readiness is measured again. */
export function resetReady(element: Element | null): void {
  const p = perf();
  p.readyAt = null;
  element?.closest('[data-testid="schematic"]')?.removeAttribute('data-schematic-ready');
}
