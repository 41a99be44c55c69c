// Inflow balances: the net metered inflow of a district (DMA) or of the whole network.
// A leak can only add to it, while water taking another way in (one inlet up, another
// down) leaves it as it was: which is why the detector lets balances, not single inlet
// flows, raise an alarm. Pure: which observations to sum, with which sign.
import type { NetworkGraph } from './network-graph';
import type { Observation } from './reference-model';

/** a metered net inflow: Σ sign × flow over the observations that cross its boundary */
export interface Balance {
  /** `inflow:<zone>`, or `inflow:network` */
  id: string;
  terms: { index: number; sign: 1 | -1 }[];
}

/**
 * The inflow balances the instruments allow: each DMA whose every inlet is metered (sign
 * by which end lies in the zone), and the whole network when every link joining a tank or
 * reservoir to the rest is metered (a pump out of a reservoir counts as such a link).
 */
export function inflowBalances(g: NetworkGraph, observations: readonly Observation[]): Balance[] {
  const { model } = g;
  const flowIndex = new Map(
    observations.flatMap((o, i) => (o.quantity === 'flow' ? [[o.element, i] as const] : [])),
  );
  const zoneOf = new Map(model.nodes.map((n) => [n.id, n.zone]));
  const balances: Balance[] = [];
  for (const zone of model.zones) {
    if (zone.inlets.length === 0) continue;
    const terms = zone.inlets.flatMap((id) => {
      const link = model.links[g.linkIndex.get(id) ?? -1];
      const index = flowIndex.get(id);
      return link && index !== undefined
        ? [{ index, sign: zoneOf.get(link.to) === zone.id ? (1 as const) : (-1 as const) }]
        : [];
    });
    if (terms.length === zone.inlets.length) balances.push({ id: `inflow:${zone.id}`, terms });
  }
  const source = new Set(model.nodes.filter((n) => n.kind !== 'junction').map((n) => n.id));
  const crossing = model.links.filter((l) => source.has(l.from) !== source.has(l.to));
  const terms = crossing.flatMap((l) => {
    const index = flowIndex.get(l.id);
    return index === undefined ? [] : [{ index, sign: source.has(l.from) ? (1 as const) : (-1 as const) }];
  });
  if (crossing.length > 0 && terms.length === crossing.length) balances.push({ id: 'inflow:network', terms });
  return balances;
}
