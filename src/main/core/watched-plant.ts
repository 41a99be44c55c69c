// The simulated plant with every agent watching it through the instruments: what a scenario
// run and the live console both run, composed in one place.
import type { Clock } from '../../agents/runtime';
import { SimulatedPlant } from '../../protocols/sim/plant';
import type { Scenario } from '../../protocols/sim/scenario';
import type { Sidecar } from '../../protocols/sim/sidecar';
import type { HydraulicTwin } from '../../protocols/sim/twin';
import { attachAgents } from './agents';

export type WatchedPlant = { plant: SimulatedPlant; agents: ReturnType<typeof attachAgents> };

/** Instruments on the twin, an agent per element, readings to the agents, commands to the plant. */
export function watchPlant(
  twin: HydraulicTwin,
  clock: Clock,
  scenario: Pick<Scenario, 'seed' | 'sensors' | 'noise' | 'uncertainty' | 'events'>,
  sidecar?: Pick<Sidecar, 'agents' | 'meters'>,
): WatchedPlant {
  const plant = new SimulatedPlant(twin, clock, scenario, sidecar?.meters);
  const agents = attachAgents(
    twin.model,
    plant.instruments.sensors,
    clock,
    (command) => actOnPlant(plant, command),
    sidecar?.agents,
    sidecar?.meters,
  );
  plant.onReadings((readings) => agents.ingest(readings));
  return { plant, agents };
}

/**
 * Agents' commands reach the simulated plant directly, under the system identity. In the
 * live console they will go through the command path (select-before-operate, interlocks,
 * readback, audit) instead.
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
