import type { AgentAlert } from '../../../shared/contract';

/** The alert the banner shows: the newest of the highest priority (1 is highest). Alerts come newest first. */
export function headlineAlert(alerts: readonly AgentAlert[]): AgentAlert | null {
  let best: AgentAlert | null = null;
  for (const alert of alerts) if (!best || alert.priority < best.priority) best = alert;
  return best;
}
