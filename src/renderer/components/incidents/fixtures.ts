// A leak incident for the unit tests, changed where a test needs it.
import type { LeakIncidentView } from '../../../shared/operations';

export function incident(over: Partial<LeakIncidentView> = {}): LeakIncidentView {
  return {
    id: 'LEAK-1',
    zone: 'DMA-C',
    state: 'Suspected',
    mode: 'advise',
    detectedAt: 1_000_000,
    confirmedAt: null,
    candidates: [
      { pipe: 'P-121', score: 0.99 },
      { pipe: 'P-148', score: 0.98 },
      { pipe: 'P-201', score: 0.97 },
      { pipe: 'P-202', score: 0.9 },
      { pipe: 'P-203', score: 0.8 },
      { pipe: 'P-204', score: 0.7 },
    ],
    estimatedFlowLps: 3.5,
    suspectedArea: ['P-121', 'P-120', 'P-119'],
    isolation: null,
    pending: [],
    stuck: [],
    ruledOut: [],
    checks: [],
    timeline: [],
    ...over,
  };
}
