/**
 * Hydraulic sanity check for the demo town:  npx tsx assets/demo-town/check.ts [hours]
 *
 * Loads demo-town.inp with epanet-js, runs a 48 h (default) extended-period simulation and prints
 * JSON: element counts, junction pressure statistics over all time steps (tanks and reservoir
 * excluded), tank levels (hourly trace, min/max, night fill / day draw), pump on-hours, the DMA
 * inlet water balance, sidecar consistency problems and every EPANET warning.
 * Exit code 1 if a hard requirement fails (warning, sidecar problem, pressure < 20 m, a tank
 * within 0.2 m of empty / overflow or not cycling).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CountType,
  InitHydOption,
  LinkProperty,
  LinkType,
  NodeProperty,
  NodeType,
  Project,
  StatusReport,
  TimeParameter,
  Workspace,
} from 'epanet-js';

interface Sidecar {
  zones: Array<{ id: string; inlets: string[]; nodes: string[] }>;
  hydrants: string[];
  standbyPumps: string[];
  isolationValves: string[];
}

const here = dirname(fileURLToPath(import.meta.url));
const hours = Number(process.argv[2] ?? 48);
const sidecar = JSON.parse(readFileSync(join(here, 'demo-town.zones.json'), 'utf8')) as Sidecar;

// epanet-js reports toolkit warnings (codes < 100) through console.warn: capture them.
const warnings: string[] = [];
console.warn = (...args: unknown[]): void => void warnings.push(args.map(String).join(' '));

const ws = new Workspace();
await ws.loadModule();
ws.writeFile('net.inp', readFileSync(join(here, 'demo-town.inp'), 'utf8'));
const p = new Project(ws);
p.open('net.inp', 'report.rpt', 'out.bin');
p.setTimeParameter(TimeParameter.Duration, hours * 3600);
p.setStatusReport(StatusReport.NormalReport); // warnings and status changes go to the report

// ---------------------------------------------------------------- inventory
const nNodes = p.getCount(CountType.NodeCount);
const nLinks = p.getCount(CountType.LinkCount);
const nodeIds = Array.from({ length: nNodes }, (_, i) => p.getNodeId(i + 1));
const nodeTypes = nodeIds.map((_, i) => p.getNodeType(i + 1));
const linkIds = Array.from({ length: nLinks }, (_, i) => p.getLinkId(i + 1));
const linkTypes = linkIds.map((_, i) => p.getLinkType(i + 1));
const r2 = (v: number): number => Math.round(v * 100) / 100;
const countOf = <T>(xs: T[], v: T): number => xs.filter((x) => x === v).length;
const junctionIdx = nodeTypes.flatMap((t, i) => (t === NodeType.Junction ? [i + 1] : []));
const tankIdx = nodeTypes.flatMap((t, i) => (t === NodeType.Tank ? [i + 1] : []));
const pumpIdx = linkTypes.flatMap((t, i) => (t === LinkType.Pump ? [i + 1] : []));
const counts = {
  junctions: junctionIdx.length,
  reservoirs: countOf(nodeTypes, NodeType.Reservoir),
  tanks: tankIdx.length,
  pipes: countOf(linkTypes, LinkType.Pipe) + countOf(linkTypes, LinkType.CVPipe),
  pumps: pumpIdx.length,
  valves: { PRV: countOf(linkTypes, LinkType.PRV), TCV: countOf(linkTypes, LinkType.TCV) },
  patterns: p.getCount(CountType.PatCount),
  curves: p.getCount(CountType.CurveCount),
  controls: p.getCount(CountType.ControlCount),
  hydrants: sidecar.hydrants.length,
  isolationValves: sidecar.isolationValves.length,
  zones: Object.fromEntries(sidecar.zones.map((z) => [z.id, z.nodes.length])),
};

// ---------------------------------------------------------------- sidecar consistency
const problems: string[] = [];
const inZone = new Map<string, string>();
for (const z of sidecar.zones)
  for (const n of z.nodes) {
    if (inZone.has(n)) problems.push(`${n} in two zones`);
    inZone.set(n, z.id);
  }
for (const i of junctionIdx) if (!inZone.has(p.getNodeId(i))) problems.push(`${p.getNodeId(i)} in no zone`);
for (const n of inZone.keys()) if (!nodeIds.includes(n)) problems.push(`unknown node ${n}`);
for (const id of sidecar.hydrants) {
  if (!nodeIds.includes(id) || p.getBaseDemand(p.getNodeIndex(id), 1) !== 0) problems.push(`hydrant ${id}`);
}
for (const id of [...sidecar.isolationValves, ...sidecar.standbyPumps]) {
  if (!linkIds.includes(id)) problems.push(`unknown link ${id}`);
}
for (const z of sidecar.zones) {
  for (const id of z.inlets) {
    // Inlets point into the DMA (positive flow = water entering). Their upstream end is outside the
    // DMA's streets: the trunk main (whose zero-demand nodes are listed under DMA-C), a tank or the
    // PRV; the water-balance check below proves no other link feeds the DMA.
    const { node2 } = p.getLinkNodes(p.getLinkIndex(id));
    if (inZone.get(nodeIds[node2 - 1] ?? '') !== z.id) problems.push(`inlet ${id} does not enter ${z.id}`);
  }
}

// ---------------------------------------------------------------- simulation
const pressures: number[] = [];
const zoneMin: Record<string, { p: number; node: string; hour: number }> = {};
let worst = { p: Infinity, node: '', hour: 0 };
const tankLevels: Record<string, number[]> = Object.fromEntries(tankIdx.map((i) => [p.getNodeId(i), []]));
const tankHourly: Record<string, number[]> = Object.fromEntries(tankIdx.map((i) => [p.getNodeId(i), []]));
const pumpOn: Record<string, { hours: number; starts: number; last: boolean; maxFlow: number }> =
  Object.fromEntries(pumpIdx.map((i) => [p.getLinkId(i), { hours: 0, starts: 0, last: false, maxFlow: 0 }]));
let demandSum = 0;
let demandPeak = 0;
let balanceErr = 0;
const zoneNodeIdx = sidecar.zones.map((z) => ({
  z,
  nodes: z.nodes.map((n) => p.getNodeIndex(n)),
  inlets: z.inlets.map((l) => p.getLinkIndex(l)),
}));

p.openH();
p.initH(InitHydOption.NoSave);
let tstep: number;
do {
  const t = p.runH();
  const hour = t / 3600;
  // Read the solution at time t first: nextH() already advances the tank levels.
  for (const i of junctionIdx) {
    const pr = p.getNodeValue(i, NodeProperty.Pressure);
    pressures.push(pr);
    const zone = inZone.get(nodeIds[i - 1] ?? '') ?? '?';
    if (!zoneMin[zone] || pr < (zoneMin[zone]?.p ?? 0))
      zoneMin[zone] = { p: pr, node: nodeIds[i - 1] ?? '', hour };
    if (pr < worst.p) worst = { p: pr, node: nodeIds[i - 1] ?? '', hour };
  }
  for (const i of tankIdx) {
    // Level from head: NodeProperty.TankLevel returns the initial level in some engine versions.
    const lvl = p.getNodeValue(i, NodeProperty.Head) - p.getNodeValue(i, NodeProperty.Elevation);
    tankLevels[p.getNodeId(i)]?.push(lvl);
    if (t % 3600 === 0) tankHourly[p.getNodeId(i)]?.push(r2(lvl));
  }
  const pumpFlows = pumpIdx.map((i) => [p.getLinkId(i), p.getLinkValue(i, LinkProperty.Flow)] as const);
  const demand = junctionIdx.reduce((s, i) => s + p.getNodeValue(i, NodeProperty.Demand), 0);
  // Water balance: net inlet flow (links point outside -> inside) must equal DMA consumption.
  for (const { nodes, inlets } of zoneNodeIdx) {
    const use = nodes.reduce((s, i) => s + p.getNodeValue(i, NodeProperty.Demand), 0);
    const inflow = inlets.reduce((s, l) => s + p.getLinkValue(l, LinkProperty.Flow), 0);
    balanceErr = Math.max(balanceErr, Math.abs(use - inflow));
  }

  tstep = t >= hours * 3600 ? 0 : p.nextH(); // this solution holds for [t, t + tstep)
  for (const [id, q] of pumpFlows) {
    const s = pumpOn[id];
    if (!s) continue;
    const on = q > 0.01;
    if (on && !s.last) s.starts++;
    if (on) s.hours += tstep / 3600;
    s.last = on;
    s.maxFlow = Math.max(s.maxFlow, q);
  }
  demandSum += (demand * tstep) / 3600;
  demandPeak = Math.max(demandPeak, demand);
} while (tstep > 0);
p.closeH();
const tankLimits = Object.fromEntries(
  tankIdx.map((i) => [
    p.getNodeId(i),
    { min: r2(p.getNodeValue(i, NodeProperty.MinLevel)), max: r2(p.getNodeValue(i, NodeProperty.MaxLevel)) },
  ]),
);
p.close();

const report = ws.readFile('report.rpt');
const reportWarnings = report
  .split('\n')
  .filter((l) => /warning/i.test(l))
  .map((l) => l.trim());

// ---------------------------------------------------------------- summary
const sorted = [...pressures].sort((a, b) => a - b);
const pct = (q: number): number =>
  Math.round((sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN) * 10) / 10;
const tanks = Object.fromEntries(
  Object.entries(tankLevels).map(([id, lv]) => {
    const h = tankHourly[id] ?? [];
    return [
      id,
      {
        minLimit: tankLimits[id]?.min,
        maxLimit: tankLimits[id]?.max,
        min: r2(Math.min(...lv)),
        max: r2(Math.max(...lv)),
        // "Never empty or overflow": keep at least 0.2 m away from either limit.
        hitsLimit:
          Math.min(...lv) < (tankLimits[id]?.min ?? 0) + 0.2 ||
          Math.max(...lv) > (tankLimits[id]?.max ?? 0) - 0.2,
        // Fills overnight (00-06 h) and draws down through the day (07-21 h) on the first day.
        cycles: (h[6] ?? 0) > (h[0] ?? 0) && (h[21] ?? 0) < (h[7] ?? 0),
        hourly: h,
      },
    ];
  }),
);
const result = {
  engine: ws.version,
  hours,
  counts,
  pressure: {
    min: r2(sorted[0] ?? NaN),
    p1: pct(0.01),
    p5: pct(0.05),
    p50: pct(0.5),
    p95: pct(0.95),
    p99: pct(0.99),
    max: r2(sorted.at(-1) ?? NaN),
    share25to70: r2(pressures.filter((v) => v >= 25 && v <= 70).length / pressures.length),
    below20: pressures.filter((v) => v < 20).length,
    worst: { ...worst, p: r2(worst.p) },
    minByZone: Object.fromEntries(Object.entries(zoneMin).map(([z, v]) => [z, { ...v, p: r2(v.p) }])),
  },
  tanks,
  pumps: Object.fromEntries(
    Object.entries(pumpOn).map(([id, s]) => [
      id,
      { onHours: r2(s.hours), starts: s.starts, maxFlow: r2(s.maxFlow) },
    ]),
  ),
  demand: { avgLps: r2(demandSum / hours), peakLps: r2(demandPeak), maxDmaBalanceErrorLps: r2(balanceErr) },
  warnings: [...warnings, ...reportWarnings],
  problems,
};
console.log(
  JSON.stringify(result, (k, v: unknown) => (k === 'hourly' && Array.isArray(v) ? v.join(' ') : v), 2),
);
const ok =
  !result.warnings.length &&
  !problems.length &&
  !Object.values(tanks).some((t) => t.hitsLimit || !t.cycles) &&
  result.pressure.min >= 20;
process.exitCode = ok ? 0 : 1;
