// For the analytics tests: the demo town's network model as the console loads it (with its
// DMA sidecar), and the console's reference model on it, at a fixed Monday midnight.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSidecar } from '../../protocols/sim/sidecar';
import { HydraulicTwin } from '../../protocols/sim/twin';
import { type EpanetReference, loadReferenceModel } from './epanet-reference';

const dir = join(__dirname, '../../../assets/demo-town');

export async function demoTownReference(): Promise<{
  start: number;
  model: HydraulicTwin['model'];
  reference: EpanetReference;
}> {
  const inp = readFileSync(join(dir, 'demo-town.inp'), 'utf8');
  const start = Date.parse('2026-01-05T00:00:00Z');
  const twin = await HydraulicTwin.load(inp, {
    name: 'demo-town',
    startMs: start,
    sidecar: parseSidecar(readFileSync(join(dir, 'demo-town.zones.json'), 'utf8'), 'zones'),
  });
  const model = twin.model;
  twin.close();
  return { start, model, reference: await loadReferenceModel({ model, inp, epochMs: start }) };
}
