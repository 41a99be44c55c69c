/**
 * Generator for Aqueduct's built-in demo network: "Demo Town", a small fictional hillside town.
 *
 *   npx tsx assets/demo-town/generate.ts
 *
 * Writes demo-town.inp (EPANET 2.2 input, LPS / Hazen-Williams) and demo-town.zones.json (DMA
 * sidecar) next to this file. The output is deterministic (seeded PRNG, fixed iteration order):
 * re-running it reproduces the checked-in files byte for byte. Verify / tune with check.ts.
 *
 * Town layout (metres, x east, y north), ~2.9 km x 1.8 km of streets:
 *
 *                      T-NORTH (reservoir hill, tank floor 80 m)
 *    +---- DMA-N North: 1990s suburbs (PVC), fed from T-NORTH and the main ----+   y ~ 1950, 44 m
 *    ===== northern ring road: DMA-N boundary, north main tee (TN-07) ==========   y ~ 1440
 *    |     DMA-C Central: old town (cast iron), shops in the centre, industry east |  T-EAST (ridge)
 *    ===== railway corridor: trunk main, DMA-C inlets, PRV-SOUTH =================   y = 750
 *    |     DMA-S South: low-lying 1970s estates, fed only through PRV-SOUTH         |
 *  R-WTP (treatment works clearwell on the river terrace, west)                       y ~ 130, 7 m
 *
 * Hydraulics: one pressure zone floats on the two tanks (water level 81-87 m). The ground falls
 * from ~45 m in the north to ~5 m in the south, which gives 35-50 m pressure in the north and
 * 50-65 m in the centre; the south would see 65-80 m, so PRV-SOUTH drops it to a ~52 m grade.
 * Trunk-main and pump-station nodes carry no demand and are listed under DMA-C (which hosts the
 * main); each DMA's metered `inlets` are the only links entering its distribution streets, so
 * sum(inlet flows) = DMA consumption at every time step.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { seededRandom } from '../../src/protocols/sim/random';

// ------------------------------------------------------------------ deterministic randomness
// same seed => same town
const rnd = seededRandom(0xaced0c7);
const uniform = (lo: number, hi: number): number => lo + (hi - lo) * rnd();
const round = (v: number, dp = 0): number => Math.round(v * 10 ** dp) / 10 ** dp;
const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
function fail(msg: string): never {
  throw new Error(msg);
}

// ------------------------------------------------------------------ model
type Zone = 'DMA-N' | 'DMA-C' | 'DMA-S';
type Use = 'RES' | 'COM' | 'IND' | '';
type Kind = 'PIPE' | 'TCV' | 'PRV';
type Pt = [number, number];
type Junction = { id: string; x: number; y: number; elev: number; demand: number; use: Use; zone: Zone };
type Link = {
  id: string;
  from: string;
  to: string;
  kind: Kind;
  diam: number;
  rough: number;
  setting: number;
  checkValve?: boolean; // pipe with a non-return valve (EPANET status CV)
};

const junctions = new Map<string, Junction>();
const coords = new Map<string, Pt>(); // every node, incl. tanks and reservoir
const links: Link[] = [];
const vertices = new Map<string, Pt[]>();
const inlets: Record<Zone, string[]> = { 'DMA-N': [], 'DMA-C': [], 'DMA-S': [] };
const isolationValves: string[] = [];
const hydrants: string[] = [];
let pipeNo = 0;
let ivNo = 0;

/** Ground model: south-facing hillside, 5 m at the river (y = 0) to 45 m at the top of town
 *  (y = 2000), a low ridge in the east where T-EAST stands, and +-1 m of natural unevenness. */
function ground(x: number, y: number): number {
  const slope = 5 + 40 * Math.min(Math.max(y / 2000, 0), 1);
  const ridge = 4 * Math.exp(-(((x - 2750) / 450) ** 2));
  return round(slope + ridge + uniform(-1, 1), 2);
}
const xy = (id: string): Pt => coords.get(id) ?? fail(`no coordinates for ${id}`);

function addJunction(id: string, x: number, y: number, zone: Zone, demand = 0, use: Use = ''): Junction {
  const j: Junction = { id, x: round(x, 1), y: round(y, 1), elev: ground(x, y), demand, use, zone };
  junctions.set(id, j);
  coords.set(id, [j.x, j.y]);
  return j;
}
function addPipe(a: string, b: string, diam: number, rough: number, via: Pt[] = [], id?: string): Link {
  const pid = id ?? `P-${pad(++pipeNo, 3)}`;
  const link: Link = { id: pid, from: a, to: b, kind: 'PIPE', diam, rough, setting: 0 };
  links.push(link);
  if (via.length) vertices.set(link.id, via);
  return link;
}
/** Puts a valve at node `at`, pointing towards `to`: adds a junction 3 m away (so the valve draws
 *  as a small element on the main) and returns it; the caller continues the main from there.
 *  TCV with setting 0 = fully open gate valve (IV-xx). */
function addValve(id: string, kind: Kind, at: string, to: Pt, zone: Zone, diam: number, setting = 0): string {
  const [ax, ay] = xy(at);
  const d = Math.hypot(to[0] - ax, to[1] - ay);
  const node = `J-${id.replace('-', '')}`;
  addJunction(node, ax + ((to[0] - ax) * 3) / d, ay + ((to[1] - ay) * 3) / d, zone);
  links.push({ id, from: at, to: node, kind, diam, rough: 0, setting });
  if (kind === 'TCV') isolationValves.push(id);
  return node;
}
const nextIv = (): string => `IV-${pad(++ivNo)}`;

/** Nodes reachable from `start` over undirected `edges`. */
function reachable(start: string, edges: Array<{ a: string; b: string }>): Set<string> {
  const adj = new Map<string, string[]>();
  for (const { a, b } of edges) adj.set(a, [...(adj.get(a) ?? []), b]).set(b, [...(adj.get(b) ?? []), a]);
  const seen = new Set([start]);
  const stack = [start];
  for (let n = stack.pop(); n !== undefined; n = stack.pop()) {
    for (const m of adj.get(n) ?? []) {
      if (!seen.has(m)) stack.push(m);
      seen.add(m);
    }
  }
  return seen;
}

// ------------------------------------------------------------------ street grid (distribution)
// 15 x 14 streets, uneven blocks (165-225 m by 125-155 m), jittered and gently bent so streets
// follow the contours. Rows are laid out from the two DMA-boundary corridors outwards, 75 m to
// either side, so each corridor reads as one more street (carrying a main, but no service pipe).
const COLS = 15;
const ROWS = 14;
const SC_Y = 750; // railway corridor (South / Central boundary), carries the trunk main
const rowZone = (r: number): Zone => (r <= 4 ? 'DMA-S' : r <= 9 ? 'DMA-C' : 'DMA-N');
const gridId = (r: number, c: number): string => `J-${pad(r)}${pad(c)}`;

const colX: number[] = [];
for (let c = 0, x = 100; c < COLS; c++, x += uniform(165, 225)) colX.push(x);
const rowY: number[] = new Array<number>(ROWS).fill(0);
for (let r = 4, y = SC_Y - 75; r >= 0; r--, y -= uniform(125, 155)) rowY[r] = y;
for (let r = 5, y = SC_Y + 75; r <= 9; r++, y += uniform(125, 155)) rowY[r] = y;
const CN_Y = (rowY[9] ?? 0) + 75; // northern ring road (Central / North boundary)
for (let r = 10, y = CN_Y + 75; r < ROWS; r++, y += uniform(125, 155)) rowY[r] = y;
const col = (c: number): number => colX[c] ?? fail(`column ${c}`);
const [x0, x1, y0, y1] = [col(0), col(COLS - 1), rowY[0] ?? 0, rowY[ROWS - 1] ?? 0];

function landUse(r: number, c: number): Use {
  if (r >= 6 && r <= 8 && c >= 5 && c <= 8) return 'COM'; // town centre: shops, school, offices
  if ((r >= 5 && r <= 7 && c >= 11) || (r >= 3 && r <= 4 && c >= 12)) return 'IND'; // by the railway
  return 'RES';
}
let population = 0;
/** Base demand (L/s). Residential: 50-85 people per street node (40-70 in the lower-density
 *  north) x 165 L/person/day (150 L used + ~10 % losses). Shops and works are lump sums. */
function baseDemand(use: Use, zone: Zone): number {
  if (use === 'COM') return round(uniform(0.18, 0.3), 3);
  if (use === 'IND') return round(uniform(0.25, 0.5), 3);
  const people = zone === 'DMA-N' ? uniform(40, 70) : uniform(50, 85);
  population += people;
  return round((people * 165) / 86400, 3);
}

const grid = new Map<string, Junction>();
for (let r = 0; r < ROWS; r++) {
  for (let c = 0; c < COLS; c++) {
    const [bx, by] = [col(c), rowY[r] ?? 0];
    // Rounded town outline (super-ellipse) with a ragged edge; a park in the north leaves a hole.
    const edge = ((2 * bx - x0 - x1) / (x1 - x0) / 1.1) ** 4 + ((2 * by - y0 - y1) / (y1 - y0) / 1.08) ** 4;
    if (edge > 0.8 + uniform(0, 0.3) || (r === 11 && (c === 6 || c === 7))) continue;
    const x = bx + uniform(-22, 22) + 35 * Math.sin(by / 450);
    const y = by + uniform(-15, 15) + 20 * Math.sin(bx / 600);
    const [zone, use] = [rowZone(r), landUse(r, c)];
    grid.set(gridId(r, c), addJunction(gridId(r, c), x, y, zone, baseDemand(use, zone), use));
  }
}

/** Pipe age by DMA: old-town cast iron (C 100-112), 1970s ductile iron in the south (C 115-125),
 *  1990s PVC in the north (C 130-140). */
function roughness(zone: Zone): number {
  const [lo, hi] = zone === 'DMA-C' ? [100, 112] : zone === 'DMA-S' ? [115, 125] : [130, 140];
  return Math.round(uniform(lo, hi));
}

// Street mains between neighbours in the same DMA (no street main crosses a DMA boundary).
// Every 4th row / column is a main street with a 150 mm spine, as is the diagonal "Old Road"
// through the centre; side streets are 100 mm, some 80 mm: sized for a town of ~10,000 (peak
// ~47 L/s, fire flow from the hydrants on the spines), so that a burst costs a street a
// measurable part of its pressure. One size larger, a 5 L/s burst moved the logger nearest it
// by 5 cm and the loggers alone placed 11 % of leaks within 300 m (bench/localization-limit.ts).
const edges: Array<{ a: string; b: string; main: boolean }> = [];
const street = (a: string, b: string, main: boolean): void => {
  if (grid.has(a) && grid.has(b)) edges.push({ a, b, main });
};
for (let r = 0; r < ROWS; r++) {
  for (let c = 0; c < COLS; c++) {
    street(gridId(r, c), gridId(r, c + 1), r % 4 === 2);
    if (rowZone(r + 1) === rowZone(r)) street(gridId(r, c), gridId(r + 1, c), c % 4 === 2);
  }
}
for (let k = 0; k < 4; k++) street(gridId(5 + k, 3 + k), gridId(6 + k, 4 + k), true);

// Drop ~12 % of side streets (cul-de-sacs, missing links), but never cut a DMA in two.
const zoneNodes = (zone: Zone): string[] =>
  [...grid.values()].filter((j) => j.zone === zone).map((j) => j.id);
for (let i = edges.length - 1; i >= 0; i--) {
  const e = edges[i];
  if (!e || e.main || rnd() > 0.12) continue;
  const zone = grid.get(e.a)?.zone ?? 'DMA-C';
  const all = zoneNodes(zone);
  const without = edges.filter((_, k) => k !== i);
  if (reachable(all[0] ?? '', without).size >= all.length) edges.splice(i, 1);
}
for (const { a, b, main } of edges) {
  addPipe(a, b, main ? 150 : rnd() < 0.7 ? 100 : 80, roughness(grid.get(a)?.zone ?? 'DMA-C'));
}

/** Street junction of row `r` nearest to x (inlets attach to whichever streets exist). */
function nearestInRow(r: number, x: number): string {
  const row = [...grid.values()].filter((j) => j.id.startsWith(`J-${pad(r)}`));
  return row.sort((p, q) => Math.abs(p.x - x) - Math.abs(q.x - x))[0]?.id ?? fail(`row ${r} empty`);
}

// ------------------------------------------------------------------ sources and trunk main
const WEST_RD = -150; // western ring road, carries the north main
// Treatment works clearwell on the river terrace west of town: water surface 20 m.
const R_WTP = { id: 'R-WTP', head: 20, at: [-560, SC_Y] as Pt };
// The tanks stand on high ground so their water level (81-87 m) sets the town's hydraulic grade.
// ~1,800 m3 usable storage in all (~0.7 day of average demand): enough for fire and a night's
// outage, small enough that the daily fill / draw cycle shows. T-NORTH: 16 m ground tank on the
// reservoir hill (~1,200 m3); T-EAST: 11 m steel tank on the eastern ridge (~600 m3), floor 0.5 m
// higher so it tracks T-NORTH a little lower in the band.
const TANKS = [
  { id: 'T-NORTH', at: [col(6), y1 + 260] as Pt, elev: 80, init: 5.5, min: 1.0, max: 7.0, diam: 16 },
  { id: 'T-EAST', at: [x1 + 400, SC_Y + 220] as Pt, elev: 80.5, init: 4.0, min: 0.8, max: 7.0, diam: 11 },
];
coords.set(R_WTP.id, R_WTP.at);
for (const t of TANKS) coords.set(t.id, t.at);
const [tNorth, tEast] = [xy('T-NORTH'), xy('T-EAST')];

// Pump station: three identical pumps in parallel, clearwell -> common discharge header PS-DIS.
// Static lift is 20 m -> 81-87 m plus 1-3 m of main friction, so the duty point is ~30 L/s at
// ~64 m: one pump matches the average demand (~29 L/s), so PU-1 alone fills the tanks at night
// and falls behind by day; PU-2 (lag) covers long peaks, and two pumps (~60 L/s) beat the peak
// hour (~47 L/s). PU-3 is the installed standby. Curve: shut-off 86 m, duty, run-out.
addJunction('PS-DIS', -480, SC_Y, 'DMA-C');
const CURVE_FLOW = [0, 27, 46]; // L/s
const CURVE_HEAD = [86, 67, 45]; // m
const PUMPS = ['PU-1', 'PU-2', 'PU-3'];
const pumpVia = (dy: number): Pt[] => [-540, -500].map((x): Pt => [x, SC_Y + dy]);
vertices.set('PU-2', pumpVia(18)).set('PU-3', pumpVia(-18)); // drawn side by side

// Trunk main (TM-xx, lined ductile iron, C 120-130, 400 mm falling to 300 mm) along the railway
// corridor, with tees for the north main (TN-01), the DMA-C inlets (TN-02/04/05), the PRV
// (TN-03) and T-EAST (TN-06), and a gate valve at every tee so sections can be isolated.
let tmNo = 0;
const trunk = (a: string, b: string, diam: number, via: Pt[] = []): Link =>
  addPipe(a, b, diam, Math.round(uniform(120, 130)), via, `TM-${pad(++tmNo)}`);
const trunkX = [WEST_RD, col(2), col(5), col(8), col(12), x1 + 170];
trunkX.forEach((x, i) => addJunction(`TN-0${i + 1}`, x, SC_Y + uniform(-6, 6), 'DMA-C'));
trunk(addValve(nextIv(), 'TCV', 'PS-DIS', xy('TN-01'), 'DMA-C', 400), 'TN-01', 400); // station outlet
trunk('TN-01', 'TN-02', 400);
[400, 350, 300, 300].forEach((diam, i) => {
  const [a, b] = [`TN-0${i + 2}`, `TN-0${i + 3}`];
  trunk(addValve(nextIv(), 'TCV', a, xy(b), 'DMA-C', diam), b, diam);
});
const eastBend: Pt = [tEast[0], SC_Y];
trunk(addValve(nextIv(), 'TCV', 'TN-06', eastBend, 'DMA-C', 300), 'T-EAST', 300, [eastBend]);

// North main up the western ring road to the northern ring-road tee (TN-07), then the 300 mm
// rising main round the top of town to T-NORTH.
addJunction('TN-07', WEST_RD, CN_Y, 'DMA-C');
trunk(addValve(nextIv(), 'TCV', 'TN-01', xy('TN-07'), 'DMA-C', 300), 'TN-07', 300);
const bend1: Pt = [WEST_RD, tNorth[1] - 90];
const bend2: Pt = [tNorth[0] - 150, tNorth[1]];
trunk(addValve(nextIv(), 'TCV', 'TN-07', bend1, 'DMA-C', 300), 'T-NORTH', 300, [bend1, bend2]);

// ------------------------------------------------------------------ metered DMA inlets
/** Valve (or PRV) at the main, then a short feeder to the DMA's first street node. Links point
 *  outside -> inside, so a positive flow is water entering the DMA. */
function inlet(zone: Zone, from: string, to: string, diam: number, kind: Kind = 'TCV', setting = 0): Link {
  const id = kind === 'PRV' ? 'PRV-SOUTH' : nextIv();
  inlets[zone].push(id);
  return addPipe(addValve(id, kind, from, xy(to), zone, diam, setting), to, diam, roughness(zone));
}
inlet('DMA-C', 'TN-02', nearestInRow(5, col(2)), 200);
inlet('DMA-C', 'TN-04', nearestInRow(5, col(8)), 250);
inlet('DMA-C', 'TN-05', nearestInRow(5, col(12)), 200);
// North has two feeds at different heads; non-return valves on both feeders stop the night fill
// of T-NORTH short-cutting through the north's streets, and T-NORTH back-feeding the main
// through them by day, so both inlet meters only ever read forward flow.
inlet('DMA-N', 'TN-07', nearestInRow(10, WEST_RD), 200).checkValve = true;
inlet('DMA-N', 'T-NORTH', nearestInRow(13, tNorth[0]), 250).checkValve = true;
// South: PRV set to 33 m at ~19 m ground => ~52 m grade (35-45 m in the low streets), with a
// gate valve upstream on the trunk tee so the PRV can be taken out for maintenance.
const prvUp = addValve(nextIv(), 'TCV', 'TN-03', xy(nearestInRow(4, col(5))), 'DMA-C', 200);
inlet('DMA-S', prvUp, nearestInRow(4, col(5)), 200, 'PRV', 33);

// ------------------------------------------------------------------ street valves and hydrants
const isStreet = (l: Link): boolean => l.kind === 'PIPE' && grid.has(l.from) && grid.has(l.to);
function pickStreetPipe(zone: Zone, minDiam: number): Link {
  const cands = links.filter((l) => isStreet(l) && l.diam >= minDiam && grid.get(l.from)?.zone === zone);
  return cands[Math.floor(rnd() * cands.length)] ?? fail(`no street main in ${zone}`);
}
const ZONES: Zone[] = ['DMA-N', 'DMA-C', 'DMA-S'];
// One sectioning gate valve on a 150 mm spine in each DMA: valve A -> V, pipe now V -> B.
for (const zone of ZONES) {
  const l = pickStreetPipe(zone, 150);
  l.from = addValve(nextIv(), 'TCV', l.from, xy(l.to), zone, l.diam);
}
// Fire hydrants mid-block on >= 100 mm mains: zero demand (the console opens them via emitters).
const HYDRANTS: Record<Zone, number> = { 'DMA-N': 3, 'DMA-C': 4, 'DMA-S': 3 };
for (const zone of ZONES) {
  for (let k = 0; k < HYDRANTS[zone]; k++) {
    const l = pickStreetPipe(zone, 100);
    const [[ax, ay], [bx, by]] = [xy(l.from), xy(l.to)];
    const id = `HYD-${pad(hydrants.length + 1)}`;
    addPipe(addJunction(id, (ax + bx) / 2, (ay + by) / 2, zone).id, l.to, l.diam, l.rough);
    l.to = id;
    hydrants.push(id);
  }
}

// One connected network (pumps count as links).
const linkEnds = links.map((l) => ({ a: l.from, b: l.to }));
const connected = reachable(R_WTP.id, [...linkEnds, { a: R_WTP.id, b: 'PS-DIS' }]);
for (const n of coords.keys()) if (!connected.has(n)) fail(`node ${n} is disconnected`);

// ------------------------------------------------------------------ demand patterns (24 x 1 h)
/** Scaled to mean 1.0 so base demands are true daily averages. */
const norm = (v: number[]): number[] => v.map((x) => round((x * v.length) / v.reduce((s, y) => s + y, 0), 2));
const PATTERNS: Record<Exclude<Use, ''>, number[]> = {
  // Homes: night minimum ~0.33, showers 07-08 h, cooking and washing peak 19-20 h.
  RES: norm([
    0.42, 0.36, 0.33, 0.32, 0.36, 0.55, 1.05, 1.75, 1.6, 1.3, 1.12, 1.05, 1.1, 1.02, 0.95, 0.92, 1.0, 1.18,
    1.42, 1.62, 1.5, 1.22, 0.9, 0.6,
  ]),
  // Shops and offices: open 08-18 h with a lunchtime plateau, low night base.
  COM: norm([
    0.3, 0.28, 0.28, 0.28, 0.3, 0.35, 0.55, 0.95, 1.45, 1.7, 1.75, 1.72, 1.65, 1.7, 1.68, 1.6, 1.5, 1.3, 1.05,
    0.85, 0.7, 0.55, 0.42, 0.35,
  ]),
  // Works: shifts 06-14 h and 14-22 h, dip at changeover, cooling and cleaning load at night.
  IND: norm([
    0.55, 0.52, 0.5, 0.5, 0.52, 0.7, 1.2, 1.35, 1.35, 1.3, 1.3, 1.25, 1.15, 1.05, 1.3, 1.35, 1.35, 1.3, 1.25,
    1.2, 1.15, 1.0, 0.7, 0.6,
  ]),
};

// ------------------------------------------------------------------ EPANET input file
const length = (l: Link): number => {
  const pts = [xy(l.from), ...(vertices.get(l.id) ?? []), xy(l.to)];
  const seg = pts.slice(1).map((p, i) => Math.hypot(p[0] - (pts[i]?.[0] ?? 0), p[1] - (pts[i]?.[1] ?? 0)));
  return Math.max(1, Math.round(seg.reduce((s, d) => s + d, 0)));
};
function row(...cells: Array<string | number>): string {
  const line = cells.map((c) => String(c).padEnd(12)).join(' ');
  return line.trimEnd();
}
const J = [...junctions.values()];
const totalDemand = J.reduce((s, j) => s + j.demand, 0);
const pipes = links.filter((l) => l.kind === 'PIPE');
const valves = links.filter((l) => l.kind !== 'PIPE');
const out: string[] = [];
/** One [SECTION]: a ;header line, then one padded row per item. */
function table<T>(name: string, header: string, items: T[], cells: (t: T) => Array<string | number>): void {
  out.push(`[${name}]`, `;${header}`, ...items.map((t) => row(...cells(t))), '');
}

out.push('[TITLE]', 'Aqueduct demo town (synthetic, generated by assets/demo-town/generate.ts)');
out.push(
  `Fictional hillside town, ~${round(population, -2)} residents, ${round(totalDemand, 1)} L/s on average`,
);
out.push('Three DMAs (North, Central, South), two tanks, three pumps (PU-3 standby), PRV to the south', '');
table('JUNCTIONS', 'ID Elev Demand Pattern', J, (j) => [j.id, j.elev, j.demand, j.demand ? j.use : '']);
table('RESERVOIRS', 'ID Head', [R_WTP], (r) => [r.id, r.head]);
const tankCols = 'ID Elevation InitLevel MinLevel MaxLevel Diameter MinVol';
table('TANKS', tankCols, TANKS, (t) => [t.id, t.elev, t.init, t.min, t.max, t.diam, 0]);
const pipeCols = 'ID Node1 Node2 Length Diameter Roughness MinorLoss Status';
table('PIPES', pipeCols, pipes, (l) => [
  l.id,
  l.from,
  l.to,
  length(l),
  l.diam,
  l.rough,
  0,
  l.checkValve ? 'CV' : 'Open',
]);
table('PUMPS', 'ID Node1 Node2 Parameters', PUMPS, (id) => [id, R_WTP.id, 'PS-DIS', `HEAD C-${id}`]);
const valveCols = 'ID Node1 Node2 Diameter Type Setting MinorLoss';
table('VALVES', valveCols, valves, (l) => [l.id, l.from, l.to, l.diam, l.kind, l.setting, 0]);
table('TAGS', 'Object ID DMA', J, (j) => ['NODE', j.id, j.zone]);
table('STATUS', 'ID Status (PU-3 is the standby pump)', ['PU-3'], (id) => [id, 'Closed']);
const patternRows = Object.entries(PATTERNS).flatMap(([id, v]) =>
  [0, 6, 12, 18].map((h) => [id, ...v.slice(h, h + 6)]),
);
table('PATTERNS', 'ID Multipliers (hours 0-23)', patternRows, (r) => r);
const curveRows = PUMPS.flatMap((id) => CURVE_FLOW.map((q, i) => [`C-${id}`, q, CURVE_HEAD[i] ?? 0]));
table('CURVES', 'PUMP: ID Flow(L/s) Head(m)', curveRows, (r) => r);
out.push(`[CONTROLS]
; Lead/lag on T-NORTH (the larger tank, at the far end of the system). PU-1 (lead) runs most of
; the day and rests when the tank is nearly full; PU-2 (lag) only joins when the level keeps
; falling through the evening peak.
LINK PU-1 OPEN IF NODE T-NORTH BELOW 4.5
LINK PU-1 CLOSED IF NODE T-NORTH ABOVE 6.2
LINK PU-2 OPEN IF NODE T-NORTH BELOW 3.5
LINK PU-2 CLOSED IF NODE T-NORTH ABOVE 5.0

[TIMES]
Duration 24:00
Hydraulic Timestep 0:15
Pattern Timestep 1:00
Report Timestep 1:00
Start ClockTime 00:00

[REPORT]
Status No
Summary No

[OPTIONS]
Units LPS
Headloss H-W
Unbalanced Continue 10
Pattern RES
Quality Age
`);
table('COORDINATES', 'Node X-Coord Y-Coord', [...coords], ([id, [x, y]]) => [id, round(x, 1), round(y, 1)]);
const bends = [...vertices].flatMap(([id, pts]) => pts.map(([x, y]) => [id, round(x, 1), round(y, 1)]));
table('VERTICES', 'Link X-Coord Y-Coord', bends, (r) => r);
out.push('[END]', '');

// ------------------------------------------------------------------ outputs
const here = dirname(fileURLToPath(import.meta.url));
writeFileSync(join(here, 'demo-town.inp'), out.join('\n'));

const NAMES: Record<Zone, string> = { 'DMA-N': 'North', 'DMA-C': 'Central', 'DMA-S': 'South' };
const sidecar = {
  name: 'Demo Town',
  zones: ZONES.map((id) => ({ id, name: NAMES[id], inlets: inlets[id], nodes: zoneMembers(id) })),
  hydrants,
  standbyPumps: ['PU-3'],
  // the IV-xx valves close DMAs and the trunk; the streets' mains have line valves too, placed
  // as the default layer does (a valve at every pipe end but the largest pipe's at each node)
  leakResponse: { mode: 'advise', valveLayer: 'model+pipe-ends' },
  isolationValves,
};
function zoneMembers(zone: Zone): string[] {
  return J.filter((j) => j.zone === zone).map((j) => j.id);
}
/** JSON as Prettier prints it: string arrays that fit in 110 columns go on one line. */
const oneLine = (block: string, indent: string, key: string | undefined, items: string): string => {
  const line = `${indent}${key ?? ''}[${items.replace(/\n\s*/g, ' ').trim()}]`;
  return line.length < 110 ? line : block;
};
const json = JSON.stringify(sidecar, null, 2).replace(/^( *)("\w+": )?\[\n([^[\]{}]*)\n *\]/gm, oneLine);
writeFileSync(join(here, 'demo-town.zones.json'), `${json}\n`);
const summary = `${J.length} junctions, ${links.length + 3} links, ~${round(population)} people`;
console.log(`demo-town: ${summary}, ${round(totalDemand, 2)} L/s average demand`);
