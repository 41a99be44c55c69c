// When a value is abnormal. Only abnormal states get colour on the console (ISA-101), and
// always together with a shape and a word, so they read without colour vision too.
// These are display thresholds for the training twin, not configured alarms.
import type { NetworkNode } from '../../shared/network';

export type Severity = 'warning' | 'alarm';

export interface Abnormal {
  severity: Severity;
  /** short word shown next to the value, e.g. LOW */
  label: string;
}

/** Below this a customer tap barely runs; many utilities promise 15–20 m. */
export const LOW_PRESSURE_M = 10;
/** A tank within this of a limit is treated as at the limit (levels are floats). */
const TANK_LIMIT_MARGIN_M = 0.05;

export function junctionPressureState(pressure: number | undefined): Abnormal | null {
  if (pressure === undefined || !Number.isFinite(pressure)) return null;
  // Negative pressure: the node is not supplied and the pipe can draw in contamination.
  if (pressure < 0) return { severity: 'alarm', label: 'NEGATIVE' };
  if (pressure < LOW_PRESSURE_M) return { severity: 'warning', label: 'LOW' };
  return null;
}

export function tankLevelState(level: number | undefined, tank: NetworkNode['tank']): Abnormal | null {
  if (level === undefined || !Number.isFinite(level) || !tank) return null;
  if (level <= tank.minLevel + TANK_LIMIT_MARGIN_M) return { severity: 'alarm', label: 'EMPTY' };
  if (level >= tank.maxLevel - TANK_LIMIT_MARGIN_M) return { severity: 'warning', label: 'FULL' };
  return null;
}

/** Fill fraction 0…1 between the tank's operating limits. */
export function tankFill(level: number | undefined, tank: NetworkNode['tank']): number | undefined {
  if (level === undefined || !Number.isFinite(level) || !tank) return undefined;
  const span = tank.maxLevel - tank.minLevel;
  if (span <= 0) return undefined;
  return Math.min(1, Math.max(0, (level - tank.minLevel) / span));
}
