// The simulated plant with every agent watching it through the instruments: what a scenario
// run and the live console both run, composed in one place.
import type { Clock } from '../../agents/runtime';
import { SimulatedPlant } from '../../protocols/sim/plant';
import type { Scenario } from '../../protocols/sim/scenario';
import type { Sidecar } from '../../protocols/sim/sidecar';
import type { HydraulicTwin } from '../../protocols/sim/twin';
import type { ReferenceModel } from '../../agents/analytics/reference-model';
import type { LeakMode } from '../../agents/analytics/leak-incident';
import type { DetectorOptions } from '../../agents/analytics/leak-detector';
import { type LeakWatch, watchForLeaks } from '../analytics/leak-watch';
import { attachAgents, type CommandExecutor } from './agents';

export type WatchedPlant = {
  plant: SimulatedPlant;
  agents: ReturnType<typeof attachAgents>;
  /** leak detection, when a reference model was given */
  leaks: LeakWatch | undefined;
};

/** what leak detection needs beyond the plant: the console's own model and the response mode */
export interface LeakSetup {
  reference: ReferenceModel;
  mode: LeakMode;
  detector?: Partial<DetectorOptions>;
}

/** Instruments on the twin, an agent per element, readings to the agents, commands to the plant. */
export function watchPlant(
  twin: HydraulicTwin,
  clock: Clock,
  scenario: Pick<Scenario, 'seed' | 'sensors' | 'noise' | 'uncertainty' | 'events'>,
  sidecar?: Pick<Sidecar, 'agents' | 'meters'> & Partial<Pick<Sidecar, 'isolationValves' | 'leakResponse'>>,
  /** where the agents' commands go; default: straight to the plant (scenario runs) */
  execute?: (plant: SimulatedPlant) => CommandExecutor,
  /** leak detection on the agents' bus; none without a reference model */
  leakSetup?: LeakSetup,
): WatchedPlant {
  const plant = new SimulatedPlant(twin, clock, scenario, sidecar?.meters);
  const agents = attachAgents(
    twin.model,
    plant.instruments.sensors,
    clock,
    execute ? execute(plant) : (command) => actOnPlant(plant, command),
    leakSetup ? withoutPressureOnlyLeaks(twin, sidecar?.agents) : sidecar?.agents,
    sidecar?.meters,
  );
  plant.onReadings((readings) => agents.ingest(readings));
  const leaks =
    leakSetup &&
    watchForLeaks({
      bus: agents.bus,
      clock,
      reference: leakSetup.reference,
      instruments: plant.instruments.sensors,
      mode: leakSetup.mode,
      valveLayer: sidecar?.leakResponse?.valveLayer ?? 'auto',
      modelValves: sidecar?.isolationValves ?? [],
      command: (agent, c) => agents.command(agent, c),
      periodMs: twin.stepS * 1000,
      ...(leakSetup.detector ? { detector: leakSetup.detector } : {}),
    });
  return { plant, agents, leaks };
}

/**
 * Agents' commands reach the simulated plant directly, under the system identity: what a
 * scenario run does. The live console sends them through the command path instead
 * (select-before-operate, interlocks, readback, audit; see console-commands.ts).
 */
export function actOnPlant(
  plant: SimulatedPlant,
  c: { target: string; action: string; value?: number },
): string {
  try {
    switch (c.action) {
      case 'start':
        plant.actuate({ link: c.target, action: 'open' });
        plant.actuate({ link: c.target, action: 'speed', value: Math.min(1.2, (c.value ?? 100) / 100) });
        return 'applied';
      case 'set_speed':
        plant.actuate({ link: c.target, action: 'speed', value: Math.min(1.2, (c.value ?? 100) / 100) });
        return 'applied';
      case 'stop':
      case 'emergency_stop':
        plant.actuate({ link: c.target, action: 'close' });
        return 'applied';
      case 'close':
      case 'open':
        // an isolation valve: the valve link itself, or the pipe a layer valve sits on
        plant.actuate({ link: c.target, action: c.action });
        return 'applied';
      case 'set_position':
        plant.actuate({ link: c.target, action: (c.value ?? 100) <= 0 ? 'close' : 'open' });
        return 'applied';
      default:
        return `ignored: ${c.action} has no effect on the simulated plant`;
    }
  } catch (error) {
    return `refused: ${(error as Error).message}`;
  }
}

/**
 * Where the leak analytics watch the network against its model, a pipe agent without a
 * flow instrument no longer calls a pressure drop alone a leak: it cannot tell a closed
 * valve upstream from a burst, the analytics can. The sidecar still has the last word.
 */
function withoutPressureOnlyLeaks(
  twin: HydraulicTwin,
  agents: Record<string, Record<string, unknown>> = {},
): Record<string, Record<string, unknown>> {
  const overrides = { ...agents };
  for (const link of twin.model.links)
    if (link.kind === 'pipe') overrides[link.id] = { judgePressureWithoutFlow: false, ...agents[link.id] };
  return overrides;
}
