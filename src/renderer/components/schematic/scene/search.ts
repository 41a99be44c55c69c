// Finding elements by id for the schematic's search box: ranked, bounded, no index needed
// (31,000 ids of NJ1 are scanned in about a millisecond per keystroke).
import type { NetworkModel } from '../../../../shared/network';
import type { ElementRef } from '../../../store/consoleStore';

const MAX_MATCHES = 8;

export interface Match {
  id: string;
  kind: string;
  ref: ElementRef;
}

/** Exact id first (case-insensitive), then ids starting with the text, then ids containing it. */
export function findElements(network: NetworkModel, text: string, limit = MAX_MATCHES): Match[] {
  const query = text.trim().toLowerCase();
  if (!query) return [];
  const ranked: [number, Match][] = [];
  const consider = (id: string, kind: string, ref: ElementRef) => {
    const lower = id.toLowerCase();
    const rank = lower === query ? 0 : lower.startsWith(query) ? 1 : lower.includes(query) ? 2 : -1;
    if (rank >= 0) ranked.push([rank, { id, kind, ref }]);
  };
  network.nodes.forEach((n, index) =>
    consider(n.id, n.hydrant ? 'hydrant' : n.kind, { kind: 'node', index }),
  );
  network.links.forEach((l, index) => consider(l.id, l.kind, { kind: 'link', index }));
  return ranked
    .sort((a, b) => a[0] - b[0] || a[1].id.length - b[1].id.length || a[1].id.localeCompare(b[1].id))
    .slice(0, limit)
    .map(([, match]) => match);
}
