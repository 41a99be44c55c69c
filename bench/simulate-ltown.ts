// A whole simulated day of L-Town (785 junctions, 909 links) with every agent of the network
// watching it through the instruments: how long the scenario engine takes on one core.
// Floor from the agent-runtime issue: under 10 s of wall time. Prints JSON.
//   npx tsx bench/simulate-ltown.ts
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { simulate } from '../src/main/core/simulation';
import { parseScenario } from '../src/protocols/sim/scenario';

const root = resolve(import.meta.dirname, '..');
const lTown = resolve(root, '../shared/networks/L-Town.inp');
if (!existsSync(lTown)) {
  console.log(JSON.stringify({ bench: 'simulate-ltown', skipped: `${lTown} not found` }));
  process.exit(0);
}

const results = [];
for (const step of [300, 60]) {
  const scenario = parseScenario(
    JSON.stringify({
      name: `L-Town, 24 h, ${step} s steps`,
      network: lTown,
      start: '2026-01-05T00:00:00Z',
      duration: '24h',
      hydraulicStep: step,
      seed: 3,
      sensors: { pressure: 'auto', flow: 'auto', level: 'auto', period: 60 },
      uncertainty: { demandNoise: 0.05, roughness: 0.05 },
      events: [{ at: '6h', type: 'pump_trip', pump: 'PUMP_1' }],
    }),
    'l-town.json',
  );
  const started = performance.now();
  const report = await simulate(scenario, root, 'l-town.json', { assetsDir: resolve(root, 'assets') });
  const wallS = (performance.now() - started) / 1000;
  const agents = Object.keys(report.transitions).length;
  results.push({
    hydraulicStepS: step,
    wallS: +wallS.toFixed(2),
    simulatedHours: 24,
    speedup: Math.round((24 * 3600) / wallS),
    agentsWithTransitions: agents,
    sensors: report.network.sensors,
    readings: report.simulated.readings,
    alarms: report.alarms.length,
    floorWallS: 10,
    meetsFloor: wallS < 10,
  });
}
console.log(JSON.stringify({ bench: 'simulate-ltown', node: process.version, results }, null, 2));
