import { describe, expect, it } from 'vitest';
import { incidentHighlight } from '../../store/incidentHighlight';
import { planIncident, type IncidentGeometry } from './drawIncident';
import { incident } from './fixtures';

// four links: P-121 (0), P-120 (1), IV-09 (2), P-404 (3, names a node the network lacks)
const geometry: IncidentGeometry = {
  linkStart: Uint32Array.from([0, 2, 4, 6, 6]),
  pointX: Float64Array.from([0, 10, 10, 20, 20, 30]),
  pointY: Float64Array.from([0, 0, 0, 0, 0, 0]),
  midX: Float64Array.from([5, 15, 25, 0]),
  midY: Float64Array.from([0, 0, 0, 0]),
  linkFrom: Int32Array.from([0, 1, 2, -1]),
};
const linkIndexById = new Map([
  ['P-121', 0],
  ['P-120', 1],
  ['IV-09', 2],
  ['P-404', 3],
]);

describe('incident drawing plan', () => {
  it('maps the highlight to the links the schematic draws, leaving out the ones it lacks', () => {
    const highlight = incidentHighlight(
      incident({
        state: 'Isolated',
        candidates: [
          { pipe: 'P-121', score: 0.99 },
          { pipe: 'P-404', score: 0.9 },
          { pipe: 'P-999', score: 0.8 },
        ],
        suspectedArea: ['P-121', 'P-120'],
        isolation: {
          valves: ['IV-09'],
          segmentPipes: ['P-121', 'P-120'],
          nodesWithoutSupply: 2,
          closedAt: 1,
        },
      }),
    );
    const plan = planIncident(highlight, linkIndexById, geometry);
    expect(plan.candidates).toEqual([{ index: 0, rank: 1 }]);
    expect(plan.suspected).toEqual([1]);
    expect(plan.isolated).toEqual([0, 1]);
    expect(plan.valves).toEqual([{ index: 2, progress: 'closed' }]);
    expect(plan.drawn).toBe(3);
  });

  it('draws nothing without an incident', () => {
    expect(planIncident(null, linkIndexById, geometry)).toEqual({
      suspected: [],
      isolated: [],
      candidates: [],
      valves: [],
      drawn: 0,
    });
  });
});
