// Threshold classification with a deadband. A value enters a band at its threshold but
// leaves it only once it is back past the threshold by the deadband, so a reading hovering
// at a limit raises one alarm, not one per sample (ISA-18.2 chattering).

export type Level = 0 | 1 | 2;
export const NORMAL = 0;
export const WARNING = 1;
export const CRITICAL = 2;

export interface Limits {
  warningLow?: number | undefined;
  warningHigh?: number | undefined;
  criticalLow?: number | undefined;
  criticalHigh?: number | undefined;
}

export interface Excursion {
  level: Level;
  side?: 'low' | 'high';
}

export const CALM: Excursion = { level: NORMAL };

export function classify(value: number, limits: Limits, deadband: number, previous: Excursion): Excursion {
  const beyond = (limit: number | undefined, side: 'low' | 'high', level: Level) => {
    if (limit === undefined) return false;
    const held = previous.side === side && previous.level >= level;
    const edge = held ? (side === 'high' ? limit - deadband : limit + deadband) : limit;
    return side === 'high' ? value >= edge : value <= edge;
  };
  if (beyond(limits.criticalHigh, 'high', CRITICAL)) return { level: CRITICAL, side: 'high' };
  if (beyond(limits.criticalLow, 'low', CRITICAL)) return { level: CRITICAL, side: 'low' };
  if (beyond(limits.warningHigh, 'high', WARNING)) return { level: WARNING, side: 'high' };
  if (beyond(limits.warningLow, 'low', WARNING)) return { level: WARNING, side: 'low' };
  return CALM;
}

export const levelName = (level: Level) => (['normal', 'warning', 'critical'] as const)[level];
