// How the agents' commands act on the simulated plant.
import type { SimulatedPlant } from '../../protocols/sim/plant';

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
