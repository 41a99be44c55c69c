// How well could any signature match localize leaks with a network's instruments? The ideal
// case: the console's model is exact and the only error is the instruments' white noise,
// averaged over N one-minute readings. Synthetic shifts (a leak of 2–10 L/s midway along
// every pipe, seeded noise) are ranked by the product's own matcher (localization.ts
// rankPipes) over the nominal model's sensitivities; what it misses here, no tuning of the
// live pipeline (bench/leak-suite.ts) can find. `surveyStart`: where the crew would start
// on the signature alone, before any isolation (localization.ts surveyPipe). Per zone, at 15 min (the confirmation), at
// 1 h and at 4 h, and with a logger at every junction; then with the signatures seen on a
// plant whose roughness and demands are 5 % off the file (the suite's `uncertainty`), which
// is what the model's own error costs; and what limits it: the pressure loggers alone, and
// the error of the mains' roughness, the other pipes' and the demands each alone. Prints JSON
// per network.
//   npx tsx bench/localization-limit.ts                   # demo town, L-Town, Modena
//   npx tsx bench/localization-limit.ts --network demo
import { networkGraph, pipeDistance } from '../src/agents/analytics/network-graph';
import { rankPipes, sensitivities, surveyPipe } from '../src/agents/analytics/localization';
import type { Observation } from '../src/agents/analytics/reference-model';
import { loadReferenceModel } from '../src/main/analytics/epanet-reference';
import { pipeLeakEnds } from '../src/shared/network';
import { seededRandom } from '../src/protocols/sim/random';
import { chooseSensors } from '../src/protocols/sim/sensors';
import { gaussian } from '../src/protocols/sim/twin';
import { inpOf, suiteNetwork } from './suite-network';

const args = process.argv.slice(2);
const only = args.includes('--network') ? args[args.indexOf('--network') + 1] : undefined;
const NETWORKS = ['demo', 'L-Town', 'Modena'];
const START = Date.parse('2026-01-05T00:00:00Z');
/** the instruments' noise, as in bench/leak-suite.ts: 0.1 m; 1 % of the flow, not below 0.05 L/s */
const PRESSURE_SIGMA = 0.1;
const flowSigma = (q: number) => Math.max(0.05, 0.01 * Math.abs(q));
const SAMPLES = [15, 60, 240];
const REPEATS = 2;

async function limit(name: string) {
  const loaded = await suiteNetwork(name, START);
  if (!loaded) return { network: name, skipped: `${inpOf(name)} not found` };
  const { inp, twin, model, flows, pipes } = loaded;
  const loggers = chooseSensors(
    model,
    { pressure: 'auto', flow: flows, level: 'auto', period: 60 },
    (sites, leaks, meters) => twin.nominalSensitivities(sites, leaks, meters),
  )
    .filter((s) => s.quantity === 'pressure')
    .map((s) => s.element);
  twin.close();
  const graph = networkGraph(model);
  const reference = await loadReferenceModel({ model, inp, epochMs: START });
  const junctions = model.nodes.filter((n) => n.kind === 'junction').map((n) => n.id);
  const observe = (pressure: readonly string[], meters = flows): Observation[] => [
    ...pressure.map((j) => ({ id: `S-${j}-pressure`, element: j, quantity: 'pressure' as const })),
    ...meters.map((f) => ({ id: `S-${f}-flow`, element: f, quantity: 'flow' as const })),
  ];
  // mid-morning, tanks and pumps as the file starts them
  const boundary = {
    time: START + 10 * 3_600_000,
    tankLevels: {},
    pumpSpeeds: {},
    outflows: {},
    closedLinks: [],
  };
  const nodeOf = (id: string) => model.nodes[graph.nodeIndex.get(id) ?? -1];

  // the plant of the suite differs from the file: each pipe's roughness and each junction's
  // base demand off by 5 % (one standard deviation, seeded), as `uncertainty` makes it
  const plantOf = (parts: Perturbed) =>
    loadReferenceModel({ model, inp: perturbed(inp, 0.05, seededRandom(7), parts), epochMs: START });
  const plant = await plantOf({ mains: true, distribution: true, demands: true });

  const bestLoggerDrop = (pressure: readonly string[]) => {
    const rows = sensitivities(reference, boundary, observe(pressure, []), junctions, 5).rows;
    const drops = rows.map((r) => Math.max(...r.map(Math.abs))).sort((a, b) => a - b);
    return +drops[Math.floor((drops.length - 1) / 2)]!.toFixed(3);
  };

  /** `truth`: the model whose leak signatures the instruments see (the file's, or the plant's) */
  const run = (
    pressure: readonly string[],
    samples: number,
    seed: number,
    truth = reference,
    meters = flows,
    survey = false,
  ) => {
    const obs = observe(pressure, meters);
    const base = reference.solve(boundary, obs).values;
    const sigma = Float64Array.from(obs, (o, i) =>
      o.quantity === 'pressure' ? PRESSURE_SIGMA : flowSigma(base[i]!),
    );
    const sens = sensitivities(reference, boundary, obs, junctions, 5);
    const seen = truth === reference ? sens : sensitivities(truth, boundary, obs, junctions, 5);
    const rowOf = new Map(seen.nodes.map((n, k) => [n, seen.rows[k]!]));
    const random = seededRandom(seed);
    const byZone = new Map<string, number[]>();
    // where the crew would start on the signature alone (leak-incident.ts crewLocation)
    const surveyed: number[] = [];
    for (const pipe of pipes) {
      const ends = pipeLeakEnds(pipe, nodeOf).flatMap((id) => (rowOf.has(id) ? [rowOf.get(id)!] : []));
      if (ends.length === 0) continue;
      const row = ends.length === 1 ? ends[0]! : ends[0]!.map((v, i) => (v + ends[1]![i]!) / 2);
      const zone = nodeOf(pipe.from)?.zone ?? nodeOf(pipe.to)?.zone ?? 'network';
      for (let r = 0; r < REPEATS; r++) {
        const flowLps = 2 + 8 * random();
        const shift = Float64Array.from(
          row,
          (v, i) => v * flowLps + (sigma[i]! / Math.sqrt(samples)) * gaussian(random),
        );
        const ranked = rankPipes(graph, sens, shift, sigma, survey ? 60 : 1);
        const top = ranked[0]?.pipe;
        const distance = top ? pipeDistance(graph, pipe.id, top) : Infinity;
        byZone.set(zone, [...(byZone.get(zone) ?? []), distance]);
        if (!survey) continue;
        const start = surveyPipe(
          graph,
          ranked,
          ranked.map((r) => r.pipe),
        );
        surveyed.push(start ? pipeDistance(graph, pipe.id, start) : Infinity);
      }
    }
    const summary = (d: number[]) => {
      const s = [...d].sort((a, b) => a - b);
      return {
        leaks: d.length,
        within300mShare: +(d.filter((x) => x <= 300).length / Math.max(1, d.length)).toFixed(2),
        medianDistanceM: s.length ? Math.round(s[Math.floor((s.length - 1) / 2)]!) : null,
      };
    };
    return {
      ...summary([...byZone.values()].flat()),
      ...(survey ? { surveyStart: summary(surveyed) } : {}),
      zones: Object.fromEntries([...byZone].sort().map(([z, d]) => [z, summary(d)])),
    };
  };

  return {
    network: name,
    junctions: junctions.length,
    pressureLoggers: loggers.length,
    flowMeters: flows.length,
    // the suite's instruments, averaged over 15 min (the confirmation), 1 h and 4 h
    ...Object.fromEntries(
      SAMPLES.map((n) => [`after${n}min`, run(loggers, n, 1, reference, flows, n === 15)]),
    ),
    // a logger at every junction, 15 min
    everyJunctionAfter15min: run(junctions, 15, 1),
    // the suite's instruments on the plant that differs from the file, 15 min and 4 h: what
    // the model's error costs on top of the noise
    withModelErrorAfter15min: run(loggers, 15, 1, plant, flows, true),
    withModelErrorAfter240min: run(loggers, 240, 1, plant, flows, true),
    // and with a logger at every junction: what no placement of loggers can beat
    everyJunctionWithModelErrorAfter15min: run(junctions, 15, 1, plant),
    // what limits it: the pressure loggers alone (no flow meter), and which part of the
    // model's error costs what (15 min, within 300 m only)
    limits: {
      // a leak's pressure drop at the logger that sees it most, m per L/s, median over junctions
      bestLoggerDropMPerLps: bestLoggerDrop(loggers),
      pressureOnlyAfter15min: run(loggers, 15, 1, reference, []).within300mShare,
      withErrorOfMainsRoughnessOnly: run(loggers, 15, 1, await plantOf({ mains: true })).within300mShare,
      withErrorOfDistributionRoughnessOnly: run(loggers, 15, 1, await plantOf({ distribution: true }))
        .within300mShare,
      withErrorOfDemandsOnly: run(loggers, 15, 1, await plantOf({ demands: true })).within300mShare,
    },
  };
}

/** which of the plant's parts differ from the file: mains (≥ 250 mm), other pipes, base demands */
interface Perturbed {
  mains?: boolean;
  distribution?: boolean;
  demands?: boolean;
}
const MAIN_MM = 250;

/**
 * The .inp with every pipe's roughness and every junction's base demand scaled by
 * 1 + `spread`·N(0,1): the twin's perturb, on the file's text, because the reference model
 * loads from text and a perturbed twin's saveInpFile (epanet-js) still writes the file's
 * roughness.
 */
function perturbed(inp: string, spread: number, random: () => number, parts: Perturbed): string {
  let section = '';
  return inp
    .split(/\r?\n/)
    .map((line) => {
      const trimmed = line.trim();
      if (trimmed.startsWith('[')) section = trimmed.toUpperCase();
      if (!trimmed || trimmed.startsWith(';') || trimmed.startsWith('[')) return line;
      const [body, comment] = [
        line.split(';')[0]!,
        line.includes(';') ? ';' + line.split(';').slice(1).join(';') : '',
      ];
      const f = body.trim().split(/\s+/);
      const column = section === '[PIPES]' ? 5 : section === '[JUNCTIONS]' ? 2 : -1;
      if (column < 0 || f.length <= column || !Number.isFinite(Number(f[column]))) return line;
      const floor = section === '[PIPES]' ? 0.2 : 0;
      // every line draws, so each part's error is the same whichever parts are on
      const factor = Math.max(floor, 1 + spread * gaussian(random));
      const on =
        section === '[JUNCTIONS]'
          ? parts.demands
          : Number(f[4]) >= MAIN_MM
            ? parts.mains
            : parts.distribution;
      if (on) f[column] = String(Number(f[column]) * factor);
      return f.join(' ') + comment;
    })
    .join('\n');
}

for (const name of only ? [only] : NETWORKS) {
  const result = await limit(name).catch((error: Error) => ({ network: name, error: error.message }));
  console.log(JSON.stringify({ bench: 'localization-limit', node: process.version, ...result }, null, 2));
}
