// Schema pieces several kinds' configs share.
import { z } from 'zod';

export const agentId = z.string().min(1);
export const ids = z.array(agentId).default([]);
export const isoDate = z
  .string()
  .refine((s) => !Number.isNaN(Date.parse(s)), { message: 'expected an ISO 8601 date' });
export const percent = z.number().min(0).max(100);
export const positive = z.number().positive();
export const nonNegative = z.number().nonnegative();
