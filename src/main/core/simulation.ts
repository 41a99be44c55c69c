// `aqueduct simulate`: run a scenario headless, as fast as the machine goes (or paced), and
// write what the console detected and did. The same file drives a training session in the
// UI; here nothing is drawn, and the report is the product. Same seed → same report: no
// wall-clock time goes into it.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { SimulatedClock } from '../../agents/runtime/clock';
import type { PlantEventRecord } from '../../protocols/sim/plant';
import { parseScenario, type Scenario } from '../../protocols/sim/scenario';
import type { Reading } from '../../protocols/sim/sensors';
import { parseSidecar } from '../../protocols/sim/sidecar';
import { HydraulicTwin } from '../../protocols/sim/twin';
import type { DetectorOptions } from '../../agents/analytics/leak-detector';
import type { AgentReport } from './agents';
import { loadReferenceModel } from '../analytics/epanet-reference';
import { leakReport, type ReportedLeak } from '../analytics/leak-report';
import { watchPlant } from './watched-plant';

export interface SimulationReport {
  scenario: Scenario & { file: string; network: string };
  network: { name: string; nodes: number; links: number; sensors: number };
  simulated: { from: string; to: string; hydraulicSteps: number; readings: number };
  /** everything the agents raised for an operator, in time order */
  alarms: AgentReport['alarms'];
  /** agent id → state → number of times the agent entered it */
  transitions: AgentReport['transitions'];
  commands: AgentReport['commands'];
  /** what the scenario did to the plant, for the trainer's debrief */
  plantEvents: (Omit<PlantEventRecord, 'time'> & { time: string })[];
  /** detected leaks, in the order detected (see leak-report.ts) */
  leaks: ReportedLeak[];
}

export interface SimulateOptions {
  /** folder holding the built-in demo network */
  assetsDir: string;
  /** called now and then with the share done, 0…1 */
  onProgress?: (share: number) => void;
  /** simulated seconds per wall second, or 'max'; default: the scenario's own `speed` */
  speed?: number | 'max';
  /** leak detector settings (benchmarks tune them; the defaults are the product's) */
  leakDetector?: Partial<DetectorOptions>;
}

export async function simulateFile(path: string, options: SimulateOptions): Promise<SimulationReport> {
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new Error(
      `cannot read scenario ${path}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`,
    );
  });
  return simulate(parseScenario(text, basename(path)), dirname(resolve(path)), basename(path), options);
}

export async function simulate(
  scenario: Scenario,
  baseDir: string,
  fileName: string,
  options: SimulateOptions,
): Promise<SimulationReport> {
  const inpPath =
    scenario.network === 'demo'
      ? join(options.assetsDir, 'demo-town', 'demo-town.inp')
      : resolve(baseDir, scenario.network);
  const inp = await readFile(inpPath, 'utf8').catch(() => {
    throw new Error(`${fileName}: network ${scenario.network}: cannot read ${inpPath}`);
  });
  const sidecarPath = inpPath.replace(/\.inp$/i, '.zones.json');
  const sidecar = existsSync(sidecarPath)
    ? parseSidecar(await readFile(sidecarPath, 'utf8'), basename(sidecarPath))
    : undefined;
  const twin = await HydraulicTwin.load(inp, {
    name: basename(inpPath).replace(/\.inp$/i, ''),
    startMs: scenario.start,
    hydraulicStep: scenario.hydraulicStep,
    sidecar,
  });
  const clock = new SimulatedClock(scenario.start);
  // the console's own model of the network: the nominal file, nothing of the plant's truth
  const reference = await loadReferenceModel({ model: twin.model, inp, epochMs: scenario.start });
  try {
    const mode = scenario.leakResponse?.mode ?? sidecar?.leakResponse.mode ?? 'advise';
    const { plant, agents, leaks } = watchPlant(twin, clock, scenario, sidecar, undefined, {
      reference,
      mode,
      ...(options.leakDetector ? { detector: options.leakDetector } : {}),
    });
    let readings = 0;
    plant.onReadings((batch: Reading[]) => (readings += batch.length));
    const end = scenario.start + scenario.duration * 1000;
    const speed = options.speed ?? scenario.speed;
    // flat out: 100 slices for the progress bar; paced: one hydraulic step per slice
    const slice =
      speed === 'max'
        ? Math.max(twin.stepS * 1000, Math.ceil((end - scenario.start) / 100))
        : twin.stepS * 1000;
    const wallStart = performance.now();
    for (let t = scenario.start; t < end;) {
      t = Math.min(end, t + slice);
      if (speed !== 'max') {
        // a trainer watching a run at N×: wait until the wall clock catches up with this slice
        const wait = wallStart + (t - scenario.start) / speed - performance.now();
        if (wait > 0) await new Promise((resolveWait) => setTimeout(resolveWait, wait));
      }
      clock.advanceTo(t);
      options.onProgress?.((t - scenario.start) / (end - scenario.start));
    }
    plant.stop();
    const report = agents.report();
    return {
      scenario: { ...scenario, file: fileName, network: scenario.network },
      network: {
        name: twin.model.name,
        nodes: twin.model.nodes.length,
        links: twin.model.links.length,
        sensors: plant.instruments.sensors.length,
      },
      simulated: {
        from: new Date(scenario.start).toISOString(),
        to: new Date(end).toISOString(),
        hydraulicSteps: Math.floor(scenario.duration / twin.stepS),
        readings,
      },
      alarms: report.alarms,
      transitions: report.transitions,
      commands: report.commands,
      plantEvents: plant.history.map((e) => ({ ...e, time: new Date(e.time).toISOString() })),
      leaks: leakReport(leaks?.incidents() ?? []),
    };
  } finally {
    reference.close();
    twin.close();
  }
}
