// Level-of-detail decisions, kept pure so they can be tested and tuned by measurement.
//
// The canvas layer draws pipes and junctions; React Flow keeps only what an operator acts
// on or must notice: pumps, valves, tanks, reservoirs, hydrants, and any element that is
// abnormal or has an unacknowledged alarm. That is the default for every network, the demo
// town included: measured with bench/schematic-scale.ts in headless Chromium (software
// rendering, 2 busy cores), the all-React-Flow schematic (every element an SVG/DOM glyph,
// "full", still there with ?schematic=svg) costs the demo town's 580 elements p95 140 ms a
// frame while panning and L-Town's 1,700 over 2 s; the canvas keeps both under 25 ms.
import type { NetworkModel } from '../../../../shared/network';
import type { ElementRef } from '../../../store/consoleStore';

export type SchematicMode = 'full' | 'canvas';

/** `override` ("svg"/"canvas", from the page's ?schematic= parameter) is for measurements. */
export function schematicMode(override?: string | null): SchematicMode {
  return override === 'svg' || override === 'full' ? 'full' : 'canvas';
}

/** Screen px between neighbouring junctions from which their dots are drawn, and their ids. */
const DOTS_FROM_PX = 7;
const LABELS_FROM_PX = 70;
/** Flow animation (moving dashes) only once pipes are long enough on screen to show it. */
const ANIMATION_FROM_PX = 40;

export interface Detail {
  junctionDots: boolean;
  labels: boolean;
  flowAnimation: boolean;
}

/** What the canvas draws at `zoom`, given the network's typical pipe length in flow px. */
export function detailAt(zoom: number, typicalSpacing: number): Detail {
  const px = zoom * typicalSpacing;
  return {
    junctionDots: px >= DOTS_FROM_PX,
    labels: px >= LABELS_FROM_PX,
    flowAnimation: px >= ANIMATION_FROM_PX,
  };
}

/** Pipes slower than this (m/s) get no moving dashes: nothing worth the eye's attention. */
export const ANIMATED_VELOCITY_MS = 0.05;

/**
 * At most this many abnormal or unacknowledged elements become glyphs. In a city-wide event
 * (a trunk main bursts on NJ1) thousands of gauges go abnormal; as many DOM glyphs would
 * cost the schematic its fluidity exactly when the operator needs it. The rest keep their
 * cue on the canvas (a diamond in their severity's colour) and are still clickable there.
 */
export const MAX_ALERT_GLYPHS = 250;

export interface InteractiveInput {
  network: NetworkModel;
  /** element refs whose agent or instrument is abnormal */
  abnormal: readonly ElementRef[];
  /** element refs with an unacknowledged alarm (they blink: they get glyphs first) */
  unacked: readonly ElementRef[];
  limit?: number;
}

/**
 * The elements that stay React Flow nodes in canvas mode, in a stable order (nodes, then
 * links, by index) so React Flow can diff the list cheaply when an element turns abnormal.
 */
export function interactiveElements({
  network,
  abnormal,
  unacked,
  limit = MAX_ALERT_GLYPHS,
}: InteractiveInput): ElementRef[] {
  const nodes = new Set<number>();
  const links = new Set<number>();
  network.nodes.forEach((node, i) => {
    if (node.kind !== 'junction' || node.hydrant) nodes.add(i);
  });
  network.links.forEach((link, i) => {
    if (link.kind !== 'pipe') links.add(i);
  });
  const alerting = new Set<string>();
  for (const ref of [...unacked, ...abnormal]) {
    const key = `${ref.kind}${ref.index}`;
    if (alerting.size >= limit && !alerting.has(key)) break;
    alerting.add(key);
    (ref.kind === 'node' ? nodes : links).add(ref.index);
  }
  return [
    ...[...nodes].sort((a, b) => a - b).map((index): ElementRef => ({ kind: 'node', index })),
    ...[...links].sort((a, b) => a - b).map((index): ElementRef => ({ kind: 'link', index })),
  ];
}
