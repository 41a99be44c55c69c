/**
 * Generator for Aqueduct's built-in demo network: "Demo Town", a small fictional hillside town.
 *
 *   npx tsx assets/demo-town/generate.ts
 *
 * Writes demo-town.inp (EPANET 2.2 input, LPS / Hazen-Williams) and demo-town.zones.json (DMA sidecar)
 * next to this file. The output is fully deterministic (seeded PRNG, fixed iteration order), so
 * re-running it reproduces the checked-in files byte for byte. Tune with check.ts.
 *
 * Town layout (metres, x east, y north), ~2.9 km x 2.0 km:
 *
 *        T-NORTH (reservoir hill, 80 m)                                   high ground, y ~ 2060
 *   +--- DMA-N  North: newer suburbs (PVC), fed from T-NORTH and the main ---+
 *   ==== ring road: north main tee, DMA-N boundary ===========================  y ~ 1530
 *   |    DMA-C  Central: old town (cast iron), commercial centre, industry east  |   T-EAST
 *   ==== railway corridor: trunk main, DMA-C inlets, PRV to DMA-S ============  y ~ 750
 *   |    DMA-S  South: low-lying, fed only through PRV-SOUTH                      |
 * R-WTP (treatment works clearwell, west)                                       low ground, y ~ 80
 *
 * Hydraulic design: one pressure zone floats on the two tanks (top water ~ 81-88 m). The ground
 * falls from ~45 m (north) to ~5 m (south), so the north gets 35-50 m, the centre 50-65 m, and
 * the south would see 75-80 m; hence the PRV that drops the south to a ~52 m hydraulic grade.
 * The trunk main and pump-station nodes carry no demand; they are assigned to DMA-C (which hosts
 * the main), and every DMA's metered `inlets` are the only links entering its distribution.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// ---------------------------------------------------------------- deterministic randomness
/** mulberry32: tiny, well-known 32-bit PRNG. Same seed => same town. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rnd = mulberry32(0xaced0c7);
const uniform = (lo: number, hi: number): number => lo + (hi - lo) * rnd();
const round = (v: number, dp = 0): number => Math.round(v * 10 ** dp) / 10 ** dp;

// ---------------------------------------------------------------- model types
type Zone = 'DMA-N' | 'DMA-C' | 'DMA-S';
type Use = 'RES' | 'COM' | 'IND' | '';
type Pt = [number, number];
interface Junction {
  id: string;
  x: number;
  y: number;
  elev: number;
  demand: number;
  use: Use;
  zone: Zone;
}
interface Link {
  id: string;
  from: string;
  to: string;
  kind: 'PIPE' | 'TCV' | 'PRV';
  diam: number;
  rough: number;
  setting: number;
  vertices: Pt[];
}

const junctions = new Map<string, Junction>();
const coords = new Map<string, Pt>(); // every node, incl. tanks and reservoir
const links: Link[] = [];
const inlets: Record<Zone, string[]> = { 'DMA-N': [], 'DMA-C': [], 'DMA-S': [] };
const isolationValves: string[] = [];
const hydrants: string[] = [];
let pipeNo = 0;

/** Ground model: a south-facing hillside (5 m at the river to ~45 m at the top of town), plus a
 *  low ridge in the east (where T-EAST stands) and +-1 m of natural unevenness. */
function ground(x: number, y: number): number {
  const slope = 5 + 40 * Math.min(Math.max(y / 2000, 0), 1);
  const ridge = 4 * Math.exp(-(((x - 2750) / 450) ** 2));
  return round(slope + ridge + uniform(-1, 1), 2);
}

function addJunction(id: string, x: number, y: number, zone: Zone, demand = 0, use: Use = ''): Junction {
  const j: Junction = { id, x: round(x, 1), y: round(y, 1), elev: ground(x, y), demand, use, zone };
  junctions.set(id, j);
  coords.set(id, [j.x, j.y]);
  return j;
}
function addPipe(
  from: string,
  to: string,
  diam: number,
  rough: number,
  vertices: Pt[] = [],
  id?: string,
): Link {
  const l: Link = {
    id: id ?? `P-${String(++pipeNo).padStart(3, '0')}`,
    from,
    to,
    kind: 'PIPE',
    diam,
    rough,
    setting: 0,
    vertices,
  };
  links.push(l);
  return l;
}
const xy = (id: string): Pt => coords.get(id) ?? fail(`no coordinates for ${id}`);
function fail(msg: string): never {
  throw new Error(msg);
}

/** Places a valve right next to node `at`, pointing towards `toward`: creates a junction 3 m away
 *  (so the valve draws as a small element on the main) and returns it; the caller continues the
 *  main from there. TCV setting 0 = fully open gate valve. */
function addValve(
  id: string,
  kind: 'TCV' | 'PRV',
  at: string,
  toward: Pt,
  zone: Zone,
  diam: number,
  setting = 0,
): string {
  const [ax, ay] = xy(at);
  const d = Math.hypot(toward[0] - ax, toward[1] - ay);
  const node = `J-${id.replace('-', '')}`;
  addJunction(node, ax + ((toward[0] - ax) * 3) / d, ay + ((toward[1] - ay) * 3) / d, zone);
  links.push({ id, from: at, to: node, kind, diam, rough: 0, setting, vertices: [] });
  if (kind === 'TCV') isolationValves.push(id);
  return node;
}

// ---------------------------------------------------------------- street grid (distribution)
// 15 x 14 irregular grid: ~195 m blocks east-west, 140 m north-south, jittered and gently bent so
// streets follow the contours. Extra 80 m gaps at the two DMA boundaries (railway, ring road).
const COLS = 15;
const ROWS = 14;
const rowZone = (r: number): Zone => (r <= 4 ? 'DMA-S' : r <= 9 ? 'DMA-C' : 'DMA-N');
const gridId = (r: number, c: number): string =>
  `J-${String(r).padStart(2, '0')}${String(c).padStart(2, '0')}`;
const SC_Y = 750; // railway corridor (south / central boundary), carries the trunk main

function landUse(r: number, c: number): Use {
  if (r >= 6 && r <= 8 && c >= 5 && c <= 8) return 'COM'; // town centre: shops, school, offices
  if ((r >= 5 && r <= 7 && c >= 11) || (r >= 3 && r <= 4 && c >= 12)) return 'IND'; // east, by the railway
  return 'RES';
}
let population = 0;
/** Base demand (L/s). Residential: people x 165 L/p/d (150 L/p/d use + ~10 % losses). North is
 *  lower-density suburb. Commercial and industrial are lump sums per street node. */
function baseDemand(use: Use, zone: Zone): number {
  if (use === 'COM') return round(uniform(0.18, 0.3), 3);
  if (use === 'IND') return round(uniform(0.25, 0.5), 3);
  const people = zone === 'DMA-N' ? uniform(40, 70) : uniform(50, 85);
  population += people;
  return round((people * 165) / 86400, 3);
}

// Street positions: uneven block sizes (165-225 m by 125-155 m). Rows are laid out from the two
// boundary corridors outwards, 75 m either side, so a corridor reads as one more street.
const colX: number[] = [];
for (let c = 0, x = 100; c < COLS; c++, x += uniform(165, 225)) colX.push(x);
const rowY: number[] = new Array<number>(ROWS).fill(0);
for (let r = 4, y = SC_Y - 75; r >= 0; r--, y -= uniform(125, 155)) rowY[r] = y;
for (let r = 5, y = SC_Y + 75; r <= 9; r++, y += uniform(125, 155)) rowY[r] = y;
const CN_Y = (rowY[9] ?? 0) + 75; // northern ring road (central / north boundary)
for (let r = 10, y = CN_Y + 75; r < ROWS; r++, y += uniform(125, 155)) rowY[r] = y;
const [x0, x1, y0, y1] = [colX[0] ?? 0, colX[COLS - 1] ?? 0, rowY[0] ?? 0, rowY[ROWS - 1] ?? 0];

const grid = new Map<string, Junction>();
for (let r = 0; r < ROWS; r++) {
  for (let c = 0; c < COLS; c++) {
    const bx = colX[c] ?? 0;
    const by = rowY[r] ?? 0;
    // Rounded town outline (super-ellipse) with a ragged edge; a park in the north leaves a hole.
    const edge = ((2 * bx - x0 - x1) / (x1 - x0) / 1.1) ** 4 + ((2 * by - y0 - y1) / (y1 - y0) / 1.08) ** 4;
    const park = r === 11 && (c === 6 || c === 7);
    if (edge > 0.8 + uniform(0, 0.3) || park) continue;
    // Jitter plus a gentle bend so the streets follow the contours rather than a ruler.
    const x = bx + uniform(-22, 22) + 35 * Math.sin(by / 450);
    const y = by + uniform(-15, 15) + 20 * Math.sin(bx / 600);
    const zone = rowZone(r);
    const use = landUse(r, c);
    grid.set(gridId(r, c), addJunction(gridId(r, c), x, y, zone, baseDemand(use, zone), use));
  }
}

/** Pipe material by DMA: old town cast iron (C ~100-112), 1970s ductile iron in the south
 *  (S ~115-125), 1990s PVC in the north (N ~130-140). */
function roughness(zone: Zone): number {
  const [lo, hi] = zone === 'DMA-C' ? [100, 112] : zone === 'DMA-S' ? [115, 125] : [130, 140];
  return Math.round(uniform(lo, hi));
}
/** Main streets (every 4th row / column) get 200 mm spines; side streets 150 mm, some 100 mm. */
const streetDiam = (main: boolean): number => (main ? 200 : rnd() < 0.7 ? 150 : 100);

// Candidate street edges: east-west and north-south neighbours within a DMA (no street main
// crosses a DMA boundary), plus the diagonal "Old Road" through the centre.
const edges: Array<{ a: string; b: string; main: boolean }> = [];
for (let r = 0; r < ROWS; r++) {
  for (let c = 0; c < COLS; c++) {
    const a = gridId(r, c);
    if (!grid.has(a)) continue;
    if (grid.has(gridId(r, c + 1))) edges.push({ a, b: gridId(r, c + 1), main: r % 4 === 2 });
    if (r + 1 < ROWS && rowZone(r + 1) === rowZone(r) && grid.has(gridId(r + 1, c)))
      edges.push({ a, b: gridId(r + 1, c), main: c % 4 === 2 });
  }
}
for (const [r, c] of [
  [5, 3],
  [6, 4],
  [7, 5],
  [8, 6],
] as const) {
  if (grid.has(gridId(r, c)) && grid.has(gridId(r + 1, c + 1)))
    edges.push({ a: gridId(r, c), b: gridId(r + 1, c + 1), main: true });
}

/** True if every grid junction of `zone` can reach every other through `es`. */
function zoneConnected(zone: Zone, es: typeof edges): boolean {
  const nodes = [...grid.values()].filter((j) => j.zone === zone).map((j) => j.id);
  const adj = new Map<string, string[]>(nodes.map((n) => [n, []]));
  for (const e of es)
    if (adj.has(e.a) && adj.has(e.b)) {
      adj.get(e.a)?.push(e.b);
      adj.get(e.b)?.push(e.a);
    }
  const seen = new Set([nodes[0]]);
  const stack = [nodes[0]];
  while (stack.length)
    for (const n of adj.get(stack.pop() ?? '') ?? [])
      if (!seen.has(n)) {
        seen.add(n);
        stack.push(n);
      }
  return seen.size === nodes.length;
}
// Knock out ~12 % of side streets (cul-de-sacs, missing links) but never split a DMA.
for (let i = edges.length - 1; i >= 0; i--) {
  const e = edges[i];
  if (!e || e.main || rnd() > 0.12) continue;
  const without = edges.filter((_, k) => k !== i);
  if (zoneConnected(grid.get(e.a)?.zone ?? 'DMA-C', without)) edges.splice(i, 1);
}
for (const e of edges) {
  const zone = grid.get(e.a)?.zone ?? fail(`edge ${e.a}`);
  addPipe(e.a, e.b, streetDiam(e.main), roughness(zone));
}

/** Grid junction of row `r` closest to x (used to attach inlets to whatever streets exist). */
function nearestInRow(r: number, x: number): string {
  const row = [...grid.values()].filter((j) => j.id.startsWith(gridId(r, 0).slice(0, 4)));
  row.sort((p, q) => Math.abs(p.x - x) - Math.abs(q.x - x));
  return row[0]?.id ?? fail(`row ${r} empty`);
}

// ---------------------------------------------------------------- sources, trunk main, inlets
const col = (c: number): number => colX[c] ?? fail(`column ${c}`);
const WEST_RD = -150; // western ring road, carries the north main
// Treatment works clearwell on the river terrace west of town: water surface 20 m.
const R_WTP = { id: 'R-WTP', head: 20, at: [-560, SC_Y] as Pt };
// Tanks sit on high ground so their water level (81-88 m) sets the town's hydraulic grade.
// Storage ~1,800 m3 usable in all (~0.7 day of average demand), enough for a visible daily cycle.
// T-NORTH: 16 m diameter ground tank on the reservoir hill north of town, ~1,200 m3 usable.
// T-EAST: 11 m steel tank on the eastern ridge (base 80.5 m), ~600 m3 usable.
const TANKS = [
  { id: 'T-NORTH', at: [col(6), y1 + 260] as Pt, elev: 80, init: 5.5, min: 1.0, max: 7.0, diam: 16 },
  { id: 'T-EAST', at: [x1 + 400, SC_Y + 220] as Pt, elev: 80.5, init: 4.0, min: 0.8, max: 7.0, diam: 11 },
];
coords.set(R_WTP.id, R_WTP.at);
for (const t of TANKS) coords.set(t.id, t.at);
const [tNorth, tEast] = [xy('T-NORTH'), xy('T-EAST')];

// Pump station: three identical pumps in parallel from the clearwell to a common discharge header.
// Static lift is 20 m clearwell -> 81-87 m tank grade, plus 1-3 m friction in the mains, so the
// duty point is ~30 L/s at ~64 m. One pump therefore matches the average demand (30 L/s): PU-1
// alone fills the tanks at night and falls behind in the day, PU-2 (lag) covers long peaks,
// both together (~55 L/s) exceed the peak hour. PU-3 is the standby.
addJunction('PS-DIS', -480, SC_Y, 'DMA-C');
const PUMP_CURVE: Pt[] = [
  [0, 86],
  [27, 67],
  [46, 45],
];
const PUMPS = [
  { id: 'PU-1', vertices: [] as Pt[] },
  {
    id: 'PU-2',
    vertices: [
      [-540, SC_Y + 18],
      [-500, SC_Y + 18],
    ] as Pt[],
  },
  {
    id: 'PU-3',
    vertices: [
      [-540, SC_Y - 18],
      [-500, SC_Y - 18],
    ] as Pt[],
  },
];

// Trunk main along the railway corridor: tees for the north main (TN-01), the DMA-C inlets
// (TN-02/04/05), the PRV to the south (TN-03) and T-EAST (TN-06).
const trunkX = [WEST_RD, col(2), col(5), col(8), col(12), x1 + 170];
trunkX.forEach((x, i) => addJunction(`TN-0${i + 1}`, x, SC_Y + uniform(-6, 6), 'DMA-C'));
let ivNo = 0;
const nextIv = (): string => `IV-${String(++ivNo).padStart(2, '0')}`;
let tmNo = 0;
/** Trunk main pipe (ids TM-xx): lined ductile iron, C 120-130; 400 mm falling to 300 mm. */
const trunk = (from: string, to: string, diam: number, vertices: Pt[] = []): Link =>
  addPipe(from, to, diam, Math.round(uniform(120, 130)), vertices, `TM-${String(++tmNo).padStart(2, '0')}`);

// Pump-station outlet valve, then the trunk eastwards with sectioning valves between tees.
trunk(addValve(nextIv(), 'TCV', 'PS-DIS', xy('TN-01'), 'DMA-C', 400), 'TN-01', 400);
trunk('TN-01', 'TN-02', 400);
const trunkDiam = [400, 350, 300, 300];
for (let i = 2; i <= 5; i++) {
  const [a, b, d] = [`TN-0${i}`, `TN-0${i + 1}`, trunkDiam[i - 2] ?? 300];
  trunk(addValve(nextIv(), 'TCV', a, xy(b), 'DMA-C', d), b, d);
}
// T-EAST hangs off the east end of the trunk through its own isolation valve.
trunk(addValve(nextIv(), 'TCV', 'TN-06', [tEast[0], SC_Y], 'DMA-C', 300), 'T-EAST', 300, [[tEast[0], SC_Y]]);

// North main up the western ring road to the northern ring road tee (TN-07), then the 300 mm
// rising main to T-NORTH around the top of town.
addJunction('TN-07', WEST_RD, CN_Y, 'DMA-C');
trunk(addValve(nextIv(), 'TCV', 'TN-01', xy('TN-07'), 'DMA-C', 300), 'TN-07', 300);
const risingMain: Pt[] = [
  [WEST_RD, tNorth[1] - 90],
  [tNorth[0] - 150, tNorth[1]],
];
trunk(addValve(nextIv(), 'TCV', 'TN-07', risingMain[0] ?? tNorth, 'DMA-C', 300), 'T-NORTH', 300, risingMain);

/** A metered DMA inlet: valve (or PRV) at the main, then a short feeder into the first street
 *  node of the DMA. Link direction is outside -> inside, so positive flow = into the DMA. */
function inlet(
  zone: Zone,
  from: string,
  to: string,
  diam: number,
  kind: 'TCV' | 'PRV' = 'TCV',
  setting = 0,
): void {
  const id = kind === 'PRV' ? 'PRV-SOUTH' : nextIv();
  addPipe(addValve(id, kind, from, xy(to), zone, diam, setting), to, diam, roughness(zone));
  inlets[zone].push(id);
}
inlet('DMA-C', 'TN-02', nearestInRow(5, col(2)), 200);
inlet('DMA-C', 'TN-04', nearestInRow(5, col(8)), 250);
inlet('DMA-C', 'TN-05', nearestInRow(5, col(12)), 200);
inlet('DMA-N', 'TN-07', nearestInRow(10, WEST_RD), 200);
inlet('DMA-N', 'T-NORTH', nearestInRow(13, tNorth[0]), 250);
// South: PRV (downstream setting 33 m at ~19 m ground => ~52 m grade, 35-47 m in the low streets),
// with an upstream gate valve on the trunk tee so the PRV can be maintained.
const prvUp = addValve(nextIv(), 'TCV', 'TN-03', xy(nearestInRow(4, col(5))), 'DMA-C', 200);
inlet('DMA-S', prvUp, nearestInRow(4, col(5)), 200, 'PRV', 33);

// ---------------------------------------------------------------- valves and hydrants on streets
/** Replaces street pipe `l` by two halves meeting at a new node (used for hydrants / valves). */
function splitPipe(l: Link, node: Junction): Link {
  const tail = addPipe(node.id, l.to, l.diam, l.rough);
  l.to = node.id;
  return tail;
}
const streetPipes = (zone: Zone, minDiam: number): Link[] =>
  links.filter(
    (l) =>
      l.kind === 'PIPE' &&
      grid.has(l.from) &&
      grid.has(l.to) &&
      l.diam >= minDiam &&
      junctions.get(l.from)?.zone === zone,
  );
// One sectioning gate valve on a 200 mm spine in each DMA.
for (const zone of ['DMA-N', 'DMA-C', 'DMA-S'] as const) {
  const cands = streetPipes(zone, 200);
  const l = cands[Math.floor(rnd() * cands.length)] ?? fail(`no spine in ${zone}`);
  l.from = addValve(nextIv(), 'TCV', l.from, xy(l.to), zone, l.diam); // valve A->V, pipe now V->B
}
// Ten fire hydrants at mid-block on distribution mains (zero demand; opened later via emitters).
for (const [zone, n] of [
  ['DMA-N', 3],
  ['DMA-C', 4],
  ['DMA-S', 3],
] as const) {
  for (let k = 0; k < n; k++) {
    const cands = streetPipes(zone, 150);
    const l = cands[Math.floor(rnd() * cands.length)] ?? fail(`no main in ${zone}`);
    const [[ax, ay], [bx, by]] = [xy(l.from), xy(l.to)];
    const id = `HYD-${String(hydrants.length + 1).padStart(2, '0')}`;
    splitPipe(l, addJunction(id, (ax + bx) / 2, (ay + by) / 2, zone));
    hydrants.push(id);
  }
}

// ---------------------------------------------------------------- sanity: one connected network
const adjacency = new Map<string, string[]>();
const connect = (p: string, q: string): void => {
  adjacency.set(p, [...(adjacency.get(p) ?? []), q]);
  adjacency.set(q, [...(adjacency.get(q) ?? []), p]);
};
for (const l of links) connect(l.from, l.to);
connect(R_WTP.id, 'PS-DIS'); // the pumps
const reached = new Set([R_WTP.id]);
const todo = [R_WTP.id];
while (todo.length)
  for (const n of adjacency.get(todo.pop() ?? '') ?? [])
    if (!reached.has(n)) {
      reached.add(n);
      todo.push(n);
    }
for (const n of coords.keys()) if (!reached.has(n)) fail(`node ${n} is disconnected`);

// ---------------------------------------------------------------- demand patterns (24 x 1 h)
/** Normalised to mean 1.0 so base demands are true daily averages. */
const norm = (v: number[]): number[] => v.map((x) => round((x * v.length) / v.reduce((s, y) => s + y, 0), 2));
const PATTERNS: Record<Exclude<Use, ''>, number[]> = {
  // Homes: night minimum ~0.33, showers 07-08 h, cooking/washing peak 19-20 h.
  RES: norm([
    0.42, 0.36, 0.33, 0.32, 0.36, 0.55, 1.05, 1.75, 1.6, 1.3, 1.12, 1.05, 1.1, 1.02, 0.95, 0.92, 1.0, 1.18,
    1.42, 1.62, 1.5, 1.22, 0.9, 0.6,
  ]),
  // Shops and offices: open 08-18 h, lunchtime plateau, low night base.
  COM: norm([
    0.3, 0.28, 0.28, 0.28, 0.3, 0.35, 0.55, 0.95, 1.45, 1.7, 1.75, 1.72, 1.65, 1.7, 1.68, 1.6, 1.5, 1.3, 1.05,
    0.85, 0.7, 0.55, 0.42, 0.35,
  ]),
  // Two shifts 06-14 h and 14-22 h, dip at changeover and lunch, cleaning/cooling load at night.
  IND: norm([
    0.55, 0.52, 0.5, 0.5, 0.52, 0.7, 1.2, 1.35, 1.35, 1.3, 1.3, 1.25, 1.15, 1.05, 1.3, 1.35, 1.35, 1.3, 1.25,
    1.2, 1.15, 1.0, 0.7, 0.6,
  ]),
};

// ---------------------------------------------------------------- write EPANET input
const len = (l: Link): number => {
  const pts = [xy(l.from), ...l.vertices, xy(l.to)];
  let s = 0;
  for (let i = 1; i < pts.length; i++)
    s += Math.hypot((pts[i]?.[0] ?? 0) - (pts[i - 1]?.[0] ?? 0), (pts[i]?.[1] ?? 0) - (pts[i - 1]?.[1] ?? 0));
  return Math.max(1, Math.round(s));
};
const row = (...cells: Array<string | number>): string =>
  cells
    .map((c) => String(c).padEnd(12))
    .join(' ')
    .trimEnd();
const J = [...junctions.values()];
const totalDemand = J.reduce((s, j) => s + j.demand, 0);
const out: string[] = [];
const section = (name: string, header: string, lines: string[]): void =>
  void out.push(`[${name}]`, ...(header ? [`;${header}`] : []), ...lines, '');

section('TITLE', '', [
  'Aqueduct demo town (synthetic, generated by assets/demo-town/generate.ts)',
  `Fictional hillside town: ~${Math.round(population / 100) * 100} residents, average demand ${round(totalDemand, 1)} L/s`,
  'Three DMAs (North, Central, South), two tanks, three pumps (PU-3 standby), PRV to the south',
]);
section(
  'JUNCTIONS',
  'ID Elev Demand Pattern',
  J.map((j) => row(j.id, j.elev, j.demand, j.demand > 0 ? j.use : '')),
);
section('RESERVOIRS', 'ID Head Pattern', [row(R_WTP.id, R_WTP.head)]);
section(
  'TANKS',
  'ID Elevation InitLevel MinLevel MaxLevel Diameter MinVol VolCurve',
  TANKS.map((t) => row(t.id, t.elev, t.init, t.min, t.max, t.diam, 0)),
);
section(
  'PIPES',
  'ID Node1 Node2 Length Diameter Roughness MinorLoss Status',
  links
    .filter((l) => l.kind === 'PIPE')
    .map((l) => row(l.id, l.from, l.to, len(l), l.diam, l.rough, 0, 'Open')),
);
section(
  'PUMPS',
  'ID Node1 Node2 Parameters',
  PUMPS.map((p) => row(p.id, R_WTP.id, 'PS-DIS', `HEAD C-${p.id}`)),
);
section(
  'VALVES',
  'ID Node1 Node2 Diameter Type Setting MinorLoss',
  links.filter((l) => l.kind !== 'PIPE').map((l) => row(l.id, l.from, l.to, l.diam, l.kind, l.setting, 0)),
);
section(
  'TAGS',
  'Object ID DMA',
  J.map((j) => row('NODE', j.id, j.zone)),
);
section('DEMANDS', 'Junction Demand Pattern Category', []);
section('STATUS', 'ID Status/Setting', [row('PU-3', 'Closed')]);
section(
  'PATTERNS',
  'ID Multipliers (hour 0..23)',
  Object.entries(PATTERNS).flatMap(([id, v]) => [0, 6, 12, 18].map((h) => row(id, ...v.slice(h, h + 6)))),
);
section(
  'CURVES',
  'ID X-Value(L/s) Y-Value(m)',
  PUMPS.flatMap((p) => PUMP_CURVE.map(([q, h]) => row(`C-${p.id}`, q, h))),
);
// Lead/lag on T-NORTH level (the larger tank, furthest from the pumps): PU-1 keeps the tanks
// in the upper band, PU-2 only joins when the level keeps falling through the day peak.
section('CONTROLS', '', [
  'LINK PU-1 OPEN IF NODE T-NORTH BELOW 4.5',
  'LINK PU-1 CLOSED IF NODE T-NORTH ABOVE 6.2',
  'LINK PU-2 OPEN IF NODE T-NORTH BELOW 3.5',
  'LINK PU-2 CLOSED IF NODE T-NORTH ABOVE 5.0',
]);
section('RULES', '', []);
section('ENERGY', '', ['Global Efficiency 75', 'Global Price 0', 'Demand Charge 0']);
section('EMITTERS', 'Junction Coefficient', []);
section('QUALITY', 'Node InitQual', []);
section('SOURCES', 'Node Type Quality Pattern', []);
section('REACTIONS', '', ['Order Bulk 1', 'Order Tank 1', 'Order Wall 1', 'Global Bulk 0', 'Global Wall 0']);
section('MIXING', 'Tank Model', []);
section('TIMES', '', [
  'Duration 24:00',
  'Hydraulic Timestep 0:15',
  'Quality Timestep 0:05',
  'Pattern Timestep 1:00',
  'Pattern Start 0:00',
  'Report Timestep 1:00',
  'Report Start 0:00',
  'Start ClockTime 00:00',
  'Statistic None',
]);
section('REPORT', '', ['Status No', 'Summary No']);
section('OPTIONS', '', [
  'Units LPS',
  'Headloss H-W',
  'Specific Gravity 1.0',
  'Viscosity 1.0',
  'Trials 40',
  'Accuracy 0.001',
  'CHECKFREQ 2',
  'MAXCHECK 10',
  'DAMPLIMIT 0',
  'Unbalanced Continue 10',
  'Pattern RES',
  'Demand Multiplier 1.0',
  'Emitter Exponent 0.5',
  'Quality Age',
  'Diffusivity 1',
  'Tolerance 0.01',
]);
section(
  'COORDINATES',
  'Node X-Coord Y-Coord',
  [...coords].map(([id, [x, y]]) => row(id, round(x, 1), round(y, 1))),
);
section('VERTICES', 'Link X-Coord Y-Coord', [
  ...PUMPS.flatMap((p) => p.vertices.map(([x, y]) => row(p.id, x, y))),
  ...links.flatMap((l) => l.vertices.map(([x, y]) => row(l.id, x, y))),
]);
out.push('[END]', '');

const here = dirname(fileURLToPath(import.meta.url));
writeFileSync(join(here, 'demo-town.inp'), out.join('\n'));

const zoneNames: Record<Zone, string> = { 'DMA-N': 'North', 'DMA-C': 'Central', 'DMA-S': 'South' };
const sidecar = {
  name: 'Demo Town',
  zones: (Object.keys(zoneNames) as Zone[]).map((id) => ({
    id,
    name: zoneNames[id],
    inlets: inlets[id],
    nodes: J.filter((j) => j.zone === id).map((j) => j.id),
  })),
  hydrants,
  standbyPumps: ['PU-3'],
  isolationValves,
};
writeFileSync(join(here, 'demo-town.zones.json'), `${JSON.stringify(sidecar, null, 2)}\n`);
console.log(
  `demo-town: ${J.length} junctions, ${links.length + PUMPS.length} links, ~${Math.round(population)} people, ${round(totalDemand, 2)} L/s`,
);
