// What the leak benchmarks share: a network of the suite loaded as the console loads it
// (with its DMA sidecar, where it has one), its flow meters, and the pipes a leak may be on.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseSidecar } from '../src/protocols/sim/sidecar';
import { HydraulicTwin } from '../src/protocols/sim/twin';

const root = resolve(import.meta.dirname, '..');

/** `demo` is the built-in demo town; any other name is a network of ../shared/networks */
export const inpOf = (name: string) =>
  name === 'demo'
    ? resolve(root, 'assets/demo-town/demo-town.inp')
    : resolve(root, '../shared/networks', `${name}.inp`);

/**
 * The network `name`, its twin still open (the leak study needs it; the caller closes it),
 * the flow meters of the suite (pumps, PRVs, DMA inlets, the pipes at every tank and
 * reservoir) and the pipes a leak may be put on (not between two sources, not of length 0).
 */
export async function suiteNetwork(name: string, startMs: number) {
  const inpPath = inpOf(name);
  if (!existsSync(inpPath)) return undefined;
  const inp = readFileSync(inpPath, 'utf8');
  const sidecarPath = inpPath.replace(/\.inp$/, '.zones.json');
  const sidecar = existsSync(sidecarPath)
    ? parseSidecar(readFileSync(sidecarPath, 'utf8'), 'zones')
    : undefined;
  const twin = await HydraulicTwin.load(inp, { name, startMs, ...(sidecar ? { sidecar } : {}) });
  const model = twin.model;
  const sources = new Set(model.nodes.filter((n) => n.kind !== 'junction').map((n) => n.id));
  const inlets = new Set(model.zones.flatMap((z) => z.inlets));
  const flows = model.links
    .filter(
      (l) =>
        l.kind === 'pump' ||
        l.valveType === 'PRV' ||
        inlets.has(l.id) ||
        sources.has(l.from) ||
        sources.has(l.to),
    )
    .map((l) => l.id);
  const pipes = model.links.filter(
    (l) => l.kind === 'pipe' && (!sources.has(l.from) || !sources.has(l.to)) && l.length > 0,
  );
  return { inpPath, inp, twin, model, flows, pipes };
}
