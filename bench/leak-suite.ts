// Leak detection, localization and isolation on seeded scenario suites: the demo town and
// public benchmark networks, sensors at ~4 % of junctions plus the inlet flows (pumps, PRVs,
// DMA inlets, the pipes at every tank and reservoir), sensor noise and model uncertainty on,
// random leak pipes of 1–10 L/s, abrupt and ramped, plus leak-free runs for false alarms.
// Every run is a full `aqueduct simulate` (plant, instruments, every agent, leak watch in
// auto mode). Prints JSON per network.
//   npx tsx bench/leak-suite.ts                 # default suite (a few minutes per network)
//   npx tsx bench/leak-suite.ts --full          # 3× the leak runs, two leak-free weeks
//   npx tsx bench/leak-suite.ts --pressure-pct 10   # denser pressure loggers than the 4 % default
//   npx tsx bench/leak-suite.ts --spread        # loggers spread over the drawing, not placed by the leak study
//   npx tsx bench/leak-suite.ts --network Modena  # one network (demo, L-Town, Modena, Net3, Anytown or any other)
import { resolve } from 'node:path';
import { networkGraph, pipeDistance } from '../src/agents/analytics/network-graph';
import { simulate } from '../src/main/core/simulation';
import { seededRandom } from '../src/protocols/sim/random';
import { parseScenario } from '../src/protocols/sim/scenario';
import { spreadJunctions } from '../src/protocols/sim/sensors';
import { inpOf, suiteNetwork } from './suite-network';

const root = resolve(import.meta.dirname, '..');
const assetsDir = resolve(root, 'assets');
const args = process.argv.slice(2);
const full = args.includes('--full');
const only = args.includes('--network') ? args[args.indexOf('--network') + 1] : undefined;
/** pressure loggers as a % of the nodes; default: the scenario's `auto` (4 %) */
const pressurePct = args.includes('--pressure-pct')
  ? Number(args[args.indexOf('--pressure-pct') + 1])
  : undefined;
/** leak detector settings other than the product's defaults, as JSON (for tuning runs) */
const detector = args.includes('--detector')
  ? (JSON.parse(args[args.indexOf('--detector') + 1]!) as Record<string, number>)
  : undefined;
/** loggers spread over the drawing (the placement before the leak study), for comparison */
const spread = args.includes('--spread');
const NETWORKS = ['demo', 'L-Town', 'Modena', 'Net3', 'Anytown'];
const LEAK_RUNS = full ? 36 : 12;
const QUIET_DAYS = full ? 14 : 7;
const START = '2026-01-05T00:00:00Z';
const HOUR = 3600;

const median = (xs: number[]) => quantile(xs, 0.5);
function quantile(xs: number[], q: number): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const at = (s.length - 1) * q;
  const lo = Math.floor(at);
  return +(s[lo]! + (s[Math.min(lo + 1, s.length - 1)]! - s[lo]!) * (at - lo)).toFixed(1);
}

async function bench(name: string) {
  const inpPath = inpOf(name);
  const loaded = await suiteNetwork(name, Date.parse(START));
  if (!loaded) return { network: name, skipped: `${inpPath} not found` };
  const { model, flows, pipes } = loaded;
  loaded.twin.close();
  const graph = networkGraph(model);
  const junctions = model.nodes.filter((n) => n.kind === 'junction').length;
  const random = seededRandom([...name].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 20_260_105));
  const base = {
    start: START,
    network: inpPath,
    hydraulicStep: 60,
    sensors: {
      pressure: pressurePct
        ? spreadJunctions(model, Math.round((pressurePct / 100) * model.nodes.length))
        : spread
          ? spreadJunctions(model, Math.max(3, Math.round(0.04 * model.nodes.length)))
          : 'auto',
      flow: flows,
      level: 'auto',
      period: 60,
    },
    noise: { pressure: 0.1, flow: 0.01, level: 0.01 },
    uncertainty: { demandNoise: 0.05, roughness: 0.05 },
    leakResponse: { mode: 'auto' },
  };
  const runs = [];
  const wallStart = performance.now();
  let allInstruments = 0;
  for (let k = 0; k < LEAK_RUNS; k++) {
    const pipe = pipes[Math.floor(random() * pipes.length)]!;
    const flowLps = +(1 + 9 * random()).toFixed(2);
    const ramped = k % 3 === 2; // a third ramp up over 2–6 h, the rest are abrupt bursts
    const rampHours = ramped ? +(2 + 4 * random()).toFixed(1) : 0;
    const atS = Math.round((8 + 12 * random()) * HOUR);
    const durationS = atS + (rampHours + 3) * HOUR;
    const scenario = parseScenario(
      JSON.stringify({
        ...base,
        name: `${name} leak ${k}`,
        duration: durationS,
        seed: 100 + k,
        events: [{ at: atS, type: 'leak', pipe: pipe.id, flowLps, rampHours }],
      }),
      'suite.json',
    );
    const report = await simulate(scenario, root, 'suite.json', {
      assetsDir,
      ...(detector ? { leakDetector: detector } : {}),
    });
    allInstruments = report.network.sensors;
    const leakAt = Date.parse(START) + atS * 1000;
    const before = report.leaks.filter((l) => Date.parse(l.detectedAt) < leakAt);
    const found = report.leaks.find((l) => Date.parse(l.detectedAt) >= leakAt);
    // the reported pipe: where the work order sends the crew, after the checks of the water
    const top = found?.candidates[0]?.pipe;
    // what the signature alone would have said
    const bySignature = found?.signature[0]?.pipe;
    const firstClosedAt = found?.checks[0]?.closedAt ?? found?.isolation?.closedAt;
    runs.push({
      pipe: pipe.id,
      flowLps,
      rampHours,
      detected: found !== undefined,
      minutesToDetect: found ? (Date.parse(found.detectedAt) - leakAt) / 60_000 : null,
      reported: top ?? null,
      distanceM: top ? Math.round(pipeDistance(graph, pipe.id, top)) : null,
      located: found?.location ?? null,
      signatureDistanceM: bySignature ? Math.round(pipeDistance(graph, pipe.id, bySignature)) : null,
      estimatedFlowLps: found?.estimatedFlowLps ?? null,
      // the first isolation's valves (a later one follows a check that found it missed)
      isolationS:
        firstClosedAt && found?.confirmedAt
          ? (Date.parse(firstClosedAt) - Date.parse(found.confirmedAt)) / 1000
          : null,
      nodesWithoutSupply: found?.isolation?.nodesWithoutSupply ?? null,
      // each isolation's check of the water: stopped, missed (not in the segment), partial;
      // the search's own, then those that narrowed a hold of several segments down
      checks: found?.checks.filter((c) => !c.narrowing).map((c) => c.outcome) ?? [],
      narrowingChecks: found?.checks.filter((c) => c.narrowing).map((c) => c.outcome) ?? [],
      finalState: found?.state ?? null,
      falseBefore: before.length,
      armedHoursBefore: Math.max(0, atS / HOUR - 6),
    });
  }
  // leak-free runs, one simulated day each, for false alarms per simulated week
  let falseAlarms = runs.reduce((a, r) => a + r.falseBefore, 0);
  // the leak runs' hours before the leak, once detection is armed (6 h warm-up), count as leak-free
  let quietHours = runs.reduce((a, r) => a + r.armedHoursBefore, 0);
  for (let d = 0; d < QUIET_DAYS; d++) {
    const scenario = parseScenario(
      JSON.stringify({ ...base, name: `${name} quiet ${d}`, duration: '24h', seed: 900 + d, events: [] }),
      'quiet.json',
    );
    const report = await simulate(scenario, root, 'quiet.json', {
      assetsDir,
      ...(detector ? { leakDetector: detector } : {}),
    });
    falseAlarms += report.leaks.length;
    quietHours += 24 - 6; // detection is armed after its 6 h warm-up
  }
  const base4 = Math.max(3, Math.round(0.04 * model.nodes.length));
  const hydrants = model.nodes.filter((n) => n.hydrant).length;
  const loggers = pressurePct
    ? Math.round((pressurePct / 100) * model.nodes.length)
    : spread
      ? base4
      : base4 + Math.min(hydrants, Math.max(0, Math.round(0.05 * junctions) - base4));
  const bursts = runs.filter((r) => r.rampHours === 0);
  const big = bursts.filter((r) => r.flowLps >= 2 && r.detected);
  const bigAll = bursts.filter((r) => r.flowLps >= 2);
  const within = big.filter((r) => r.distanceM !== null && r.distanceM <= 300).length;
  const signatureWithin = big.filter(
    (r) => r.signatureDistanceM !== null && r.signatureDistanceM <= 300,
  ).length;
  // a burst without a reported pipe counts as far off (it cannot pull the median down)
  const FAR = 1e9;
  const farOff = (m: number | null) => (m !== null && m < FAR ? m : null);
  const distanceMedian = median(big.map((r) => r.distanceM ?? FAR));
  const detected = runs.filter((r) => r.detected);
  const iso = detected.map((r) => r.isolationS).filter((v): v is number => v !== null);
  return {
    network: name,
    junctions,
    // `sensors: { pressure: auto }`: 4 % of the nodes, at least 3, plus pressure from hydrant
    // monitors up to 5 % of the junctions (sensors.ts chooseSensors)
    instruments: {
      pressure: loggers,
      pressureShareOfJunctions: +(loggers / junctions).toFixed(3),
      flow: flows.length,
      all: allInstruments,
    },
    runs: runs.length,
    leakFreeHoursWatched: +quietHours.toFixed(1),
    detectionRate: +(detected.length / runs.length).toFixed(2),
    burstDetectionRate: +(bursts.filter((r) => r.detected).length / Math.max(1, bursts.length)).toFixed(2),
    minutesToDetect: {
      burstsMedian: median(bursts.flatMap((r) => (r.minutesToDetect === null ? [] : [r.minutesToDetect]))),
      burstsP90: quantile(
        bursts.flatMap((r) => (r.minutesToDetect === null ? [] : [r.minutesToDetect])),
        0.9,
      ),
      rampedMedian: median(
        runs
          .filter((r) => r.rampHours > 0)
          .flatMap((r) => (r.minutesToDetect === null ? [] : [r.minutesToDetect])),
      ),
      allMedian: median(detected.map((r) => r.minutesToDetect!)),
      allP90: quantile(
        detected.map((r) => r.minutesToDetect!),
        0.9,
      ),
    },
    // the reported pipe (the report's first candidate: where the work order sends the crew,
    // leak-incident.ts crewLocation): the pipe whose survey reach holds most of the leak's
    // likelihood, inside the segment whose isolation stopped the loss where one did (the
    // search by isolation is a step test), among the pipes no isolation ruled out otherwise
    localization: {
      burstsAtLeast2Lps: bigAll.length,
      within300mShare: +(within / Math.max(1, bigAll.length)).toFixed(2),
      medianDistanceM: farOff(distanceMedian),
      allMedianDistanceM: farOff(median(detected.map((r) => r.distanceM ?? FAR))),
      locatedByIsolation: big.filter((r) => r.located?.by === 'isolation').length,
    },
    // the same bursts by the signature's best alone (the report's `signature`), before the
    // checks of the water and the survey's weighing
    signatureAlone: {
      within300mShare: +(signatureWithin / Math.max(1, bigAll.length)).toFixed(2),
      medianDistanceM: farOff(median(big.map((r) => r.signatureDistanceM ?? FAR))),
    },
    // the reported leak flow against the true one, detected bursts (after confirmation)
    flowEstimate: {
      burstsMedianErrorPct: median(
        bursts.flatMap((r) =>
          r.estimatedFlowLps === null ? [] : [(100 * Math.abs(r.estimatedFlowLps - r.flowLps)) / r.flowLps],
        ),
      ),
    },
    falseAlarmsPerWeek: +((falseAlarms / quietHours) * 168).toFixed(2),
    isolationSecondsAfterConfirmation: { median: median(iso), max: iso.length ? Math.max(...iso) : null },
    // auto mode: what the checks of the water said. The first isolation held; one after the
    // first missed held (the search by isolation found the segment); every isolation missed
    // and the valves reopened (a field survey); or the loss fell only in part. A hold of
    // several segments is then narrowed down, half at a time: how many checks that took
    isolationChecks: {
      narrowed: detected.filter((r) => r.narrowingChecks.length > 0).length,
      narrowingChecksMedian: median(
        detected.filter((r) => r.narrowingChecks.length > 0).map((r) => r.narrowingChecks.length),
      ),
      narrowingEndedPartial: detected.filter((r) => r.narrowingChecks.at(-1) === 'partial').length,
      heldAtFirst: detected.filter((r) => r.checks[0] === 'stopped').length,
      heldAfterMisses: detected.filter((r) => r.checks.length > 1 && r.checks.at(-1) === 'stopped').length,
      gaveUp: detected.filter((r) => r.finalState === 'Unisolable' && r.checks.length > 0).length,
      partial: detected.filter((r) => r.checks.at(-1) === 'partial' || r.narrowingChecks.at(-1) === 'partial')
        .length,
      notChecked: detected.filter((r) => r.checks.length === 0).length,
      // the valves held, and the balance watched on saw the loss come back (a leak elsewhere
      // that was too small to check at first, another leak)
      lossCameBack: detected.filter((r) => r.checks.some((c, i) => i > 0 && r.checks[i - 1] === 'stopped'))
        .length,
    },
    floors: {
      localized80pctWithin300m: within / Math.max(1, bigAll.length) >= 0.8,
      medianDistanceBelow150m: (distanceMedian ?? FAR) < 150,
      burstsMedianDetectBelow15min:
        (median(bursts.flatMap((r) => (r.minutesToDetect === null ? [] : [r.minutesToDetect]))) ?? Infinity) <
        15,
      falseAlarmsBelow1PerWeek: (falseAlarms / quietHours) * 168 < 1,
      isolationWithin30s: iso.every((s) => s <= 30),
    },
    wallS: +((performance.now() - wallStart) / 1000).toFixed(1),
    detail: runs,
  };
}

// one JSON document per network, printed as soon as it is done (a long suite shows progress)
for (const name of only ? [only] : NETWORKS) {
  const result = await bench(name).catch((error: Error) => ({ network: name, error: error.message }));
  console.log(
    JSON.stringify(
      {
        bench: 'leak-suite',
        full,
        pressurePct: pressurePct ?? 4,
        detector: detector ?? 'default',
        node: process.version,
        ...result,
      },
      null,
      2,
    ),
  );
}
