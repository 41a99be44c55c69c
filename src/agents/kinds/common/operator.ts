// Operator and maintenance actions arrive as events of type 'operator'. One schema for all
// kinds; each kind reacts to the actions that make sense for it and ignores the rest.
import { z } from 'zod';
import type { AgentEvent } from '../../runtime/behaviour';

export const OperatorAction = z.object({
  action: z.enum([
    'maintenance_start',
    'maintenance_end',
    'repair',
    'calibrate',
    'calibration_done',
    'replace_battery',
    'acknowledge',
    'reset',
    'start',
    'stop',
    'move',
    'inspect',
    'report_defect',
    'report_blocked',
    'clear_blockage',
    'isolate',
    'restore',
  ]),
  /** move: target position, % open */
  position: z.number().min(0).max(100).optional(),
  /** inspect: outcome */
  result: z.enum(['pass', 'fail']).optional(),
  /** isolate: which segment (zone) */
  segment: z.string().optional(),
  user: z.string().optional(),
});
export type OperatorAction = z.infer<typeof OperatorAction>;

export function parseOperator(event: AgentEvent): OperatorAction | undefined {
  if (event.type !== 'operator') return undefined;
  const parsed = OperatorAction.safeParse(event.payload);
  return parsed.success ? parsed.data : undefined;
}

/** the key of a timer this agent scheduled (see effects.schedule) */
export function timerKey(event: AgentEvent): string | undefined {
  if (event.type !== 'timer') return undefined;
  const key = (event.payload as { key?: unknown } | undefined)?.key;
  return typeof key === 'string' ? key : undefined;
}
