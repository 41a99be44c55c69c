// Readings arrive on `reading/<elementId>/<quantity>`. Every kind parses them here, so a
// malformed payload from a driver is dropped in one place instead of crashing an agent.
import { z } from 'zod';
import type { AgentEvent } from '../../runtime/behaviour';

export const ReadingPayload = z.object({
  value: z.number(),
  quality: z.enum(['good', 'uncertain', 'bad']),
  time: z.number(),
});

export interface Reading {
  element: string;
  quantity: string;
  value: number;
  quality: 'good' | 'uncertain' | 'bad';
  time: number;
}

export const readingTopic = (element: string, quantity: string) => `reading/${element}/${quantity}`;

/** the reading carried by `event`, or undefined when it is not a well-formed reading */
export function parseReading(event: AgentEvent): Reading | undefined {
  if (event.type !== 'reading' || event.topic === undefined) return undefined;
  const parts = event.topic.split('/');
  if (parts.length !== 3 || parts[0] !== 'reading') return undefined;
  const payload = ReadingPayload.safeParse(event.payload);
  if (!payload.success) return undefined;
  // A non-finite value is an instrument fault, not a number to compare against thresholds.
  const quality = Number.isFinite(payload.data.value) ? payload.data.quality : 'bad';
  return { element: parts[1]!, quantity: parts[2]!, ...payload.data, quality };
}

/** good and uncertain readings may drive decisions; bad ones only prove the link is alive */
export const usable = (r: Reading) => r.quality !== 'bad';
