// Alarm engine throughput: 10,000 limit alarms (2,500 tags × hi/hihi/lo/lolo) fed mean-reverting
// random-walk values on a simulated clock, one scan of every tag per simulated second. Prints JSON:
// evaluations per second (one evaluation = one alarm looking at one sample) and per-update latency.
//   npx tsx bench/alarms-engine.ts
import { SimulatedClock } from '../src/agents/runtime/clock';
import { AlarmEngine, defineAlarm, InMemoryAlarmJournal, type AlarmDefinition } from '../src/main/alarms';
import { seededRandom } from '../src/protocols/sim/random';

const TAGS = 2_500;
const LIMITS = [
  ['hihi', 65, 1],
  ['hi', 60, 3],
  ['lo', 40, 3],
  ['lolo', 35, 1],
] as const;
const WARMUP_SCANS = 20;
const SCANS = 200;
const SEED = 12345;

function definitions(delayS: number): AlarmDefinition[] {
  const defs: AlarmDefinition[] = [];
  for (let i = 0; i < TAGS; i++) {
    for (const [limit, setpoint, priority] of LIMITS) {
      defs.push(
        defineAlarm({
          id: `N${i}.pressure.${limit}`,
          tag: `node.N${i}.pressure`,
          type: 'limit',
          limit,
          setpoint,
          deadband: 1,
          onDelayS: delayS,
          offDelayS: delayS,
          priority,
          message: '{tag} {value} m (limit {setpoint})',
        }),
      );
    }
  }
  return defs;
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const round = (x: number, digits = 3) => Number(x.toFixed(digits));

function run(name: string, delayS: number) {
  const start = 1_704_067_200_000;
  const clock = new SimulatedClock(start);
  const journal = new InMemoryAlarmJournal();
  const engine = new AlarmEngine({ clock, journal, alarms: definitions(delayS) });
  let changes = 0;
  engine.onChange(() => changes++); // a listener, as the API push will have
  const random = seededRandom(SEED); // every run feeds the same values
  const tags = Array.from({ length: TAGS }, (_, i) => `node.N${i}.pressure`);
  const values = new Float64Array(TAGS).fill(50);
  const step = () => {
    for (let i = 0; i < TAGS; i++) {
      // mean-reverting walk around 50 m with σ ≈ 7 m: every limit is crossed now and then
      const noise = (random() + random() + random() - 1.5) * 2;
      values[i] = values[i]! + (50 - values[i]!) * 0.02 + noise;
    }
  };

  let scan = 0;
  const feed = (timed: Float64Array | undefined) => {
    clock.advanceTo(start + ++scan * 1000);
    step();
    const now = clock.now();
    for (let i = 0; i < TAGS; i++) {
      if (!timed) {
        engine.update(tags[i]!, values[i]!, 'good', now);
        continue;
      }
      const t0 = performance.now();
      engine.update(tags[i]!, values[i]!, 'good', now);
      timed[(scan - 1 - WARMUP_SCANS - SCANS) * TAGS + i] = performance.now() - t0;
    }
  };

  for (let s = 0; s < WARMUP_SCANS; s++) feed(undefined);
  const journalBefore = journal.size;
  const changesBefore = changes;
  // pass 1: throughput, nothing but the engine inside the timed loop
  const t0 = performance.now();
  for (let s = 0; s < SCANS; s++) feed(undefined);
  const elapsedMs = performance.now() - t0;
  const transitions = journal.size - journalBefore;
  const changeEvents = changes - changesBefore;
  // pass 2: per-update latency (timing each call costs a little, so it is a separate pass)
  const latencies = new Float64Array(SCANS * TAGS);
  for (let s = 0; s < SCANS; s++) feed(latencies);
  latencies.sort();
  const queryStart = performance.now();
  const list = engine.alarmList();
  const listMs = performance.now() - queryStart;
  const countsStart = performance.now();
  engine.counts();
  const countsMs = performance.now() - countsStart;

  const updates = SCANS * TAGS;
  const evaluations = updates * LIMITS.length;
  return {
    scenario: name,
    alarms: TAGS * LIMITS.length,
    tags: TAGS,
    onOffDelayS: delayS,
    updates,
    evaluations,
    elapsedMs: round(elapsedMs, 1),
    evaluationsPerSecond: Math.round((evaluations / elapsedMs) * 1000),
    updatesPerSecond: Math.round((updates / elapsedMs) * 1000),
    transitionsJournaled: transitions,
    changeEvents,
    updateLatencyUs: {
      p50: round(percentile(latencies, 50) * 1000),
      p99: round(percentile(latencies, 99) * 1000),
      p999: round(percentile(latencies, 99.9) * 1000),
      max: round(latencies[latencies.length - 1]! * 1000),
    },
    alarmListQueryMs: round(listMs),
    countsQueryMs: round(countsMs),
    annunciatedAtEnd: list.length,
  };
}

const results = [run('limit, no delays', 0), run('limit, 5 s on/off delay', 5)];
console.log(JSON.stringify({ bench: 'alarms-engine', node: process.version, seed: SEED, results }, null, 2));
