// The direct messages agents exchange ('send' effects, delivered as events of type
// 'message'). The message type travels both as the send subject and inside the payload, so
// a receiver does not depend on how the runtime maps the subject onto the event.
import { z } from 'zod';
import type { AgentEvent } from '../../runtime/behaviour';
import { directMessageOf } from '../../runtime/request-reply';

const level = z.enum(['warning', 'critical']);

export const Message = z.discriminatedUnion('type', [
  /** sensor → attached element: a reading is past a threshold */
  z.object({
    type: z.literal('sensor_alert'),
    sensor: z.string(),
    element: z.string(),
    quantity: z.string(),
    level,
    side: z.enum(['low', 'high']),
    value: z.number(),
  }),
  /** sensor → attached element: back inside its thresholds (past the deadband) */
  z.object({
    type: z.literal('sensor_clear'),
    sensor: z.string(),
    element: z.string(),
    quantity: z.string(),
  }),
  /** anyone → sensor: sample faster for a while */
  z.object({
    type: z.literal('sampling_request'),
    periodMs: z.number().positive(),
    durationMs: z.number().positive(),
    reason: z.string(),
  }),
  /** pipe → neighbours and zone */
  z.object({
    type: z.literal('leak_suspected'),
    pipe: z.string(),
    severity: level,
    deficitM: z.number(),
    reason: z.string(),
  }),
  z.object({ type: z.literal('leak_cleared'), pipe: z.string() }),
  /** analytics → pipe/valve: new condition/health score 0–100 */
  z.object({ type: z.literal('condition_update'), score: z.number().min(0).max(100) }),
  /** zone → pipes of a segment: the valves around you are closed / open again */
  z.object({ type: z.literal('isolated'), segment: z.string() }),
  z.object({ type: z.literal('restored'), segment: z.string() }),
  /** hydrant → pipes and pumps */
  z.object({ type: z.literal('demand_rising'), source: z.string(), flowLps: z.number() }),
  z.object({ type: z.literal('demand_normal'), source: z.string() }),
  /** hydrant → zone and control center */
  z.object({
    type: z.literal('hydrant_opened'),
    hydrant: z.string(),
    flowLps: z.number(),
    zone: z.string().optional(),
  }),
  z.object({ type: z.literal('hydrant_closed'), hydrant: z.string() }),
  /** tank → inlet pumps */
  z.object({
    type: z.literal('refill_request'),
    tank: z.string(),
    levelM: z.number(),
    urgency: z.enum(['normal', 'high']),
  }),
  z.object({ type: z.literal('refill_done'), tank: z.string() }),
  /** tank → zone, on every change of its named state */
  z.object({ type: z.literal('tank_status'), tank: z.string(), status: z.string(), levelM: z.number() }),
  /** zone/operator tooling → pump */
  z.object({ type: z.literal('start'), reason: z.string() }),
  z.object({ type: z.literal('stop'), reason: z.string() }),
  /** pump → zone: it stopped on a protection trip; a standby pump may be needed */
  z.object({ type: z.literal('pump_tripped'), pump: z.string(), reason: z.string() }),
  /** zone → valve, and the valve's answers */
  z.object({ type: z.literal('move'), position: z.number().min(0).max(100), reason: z.string() }),
  z.object({ type: z.literal('moved'), valve: z.string(), position: z.number() }),
  z.object({ type: z.literal('move_failed'), valve: z.string(), position: z.number(), target: z.number() }),
  /** meter → zone */
  z.object({
    type: z.literal('premise_leak'),
    meter: z.string(),
    customer: z.string(),
    flowLps: z.number(),
    sinceMs: z.number(),
  }),
  /** zone → control center */
  z.object({
    type: z.literal('zone_report'),
    zone: z.string(),
    mode: z.string(),
    inflowL: z.number(),
    consumptionL: z.number(),
    lossesL: z.number(),
    nrwPct: z.number().nullable(),
    windowMs: z.number(),
  }),
  z.object({ type: z.literal('zone_mode'), zone: z.string(), mode: z.string(), reason: z.string() }),
  /** control center → zone: cross-zone pressure management */
  z.object({ type: z.literal('reduce_pressure'), reason: z.string() }),
  z.object({ type: z.literal('restore_pressure'), reason: z.string() }),
]);
export type Message = z.infer<typeof Message>;
export type MessageOf<T extends Message['type']> = Extract<Message, { type: T }>;

/** the message carried by `event`, or undefined when it is not one this protocol knows */
export function parseMessage(event: AgentEvent): Message | undefined {
  if (event.type !== 'message') return undefined;
  // a direct message arrives wrapped by the runtime as { subject, payload, correlationId? }
  const body = event.topic?.startsWith('direct/') ? directMessageOf(event)?.payload : event.payload;
  const parsed = Message.safeParse(body);
  return parsed.success ? parsed.data : undefined;
}
