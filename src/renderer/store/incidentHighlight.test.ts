import { describe, expect, it } from 'vitest';
import { incident } from '../components/incidents/fixtures';
import {
  highlightedIncident,
  incidentHighlight,
  pipeHighlights,
  selectIncidentHighlight,
} from './incidentHighlight';

const isolation = {
  valves: ['IV-09', 'IV-10', 'IV-11'],
  segmentPipes: ['P-119', 'P-120', 'P-121'],
  nodesWithoutSupply: 83,
  closedAt: null,
};

describe('incident highlight', () => {
  it('ranks the best five candidates and keeps the rest of the suspected area apart', () => {
    const h = incidentHighlight(incident())!;
    expect(h.candidates.map((c) => [c.pipe, c.rank])).toEqual([
      ['P-121', 1],
      ['P-148', 2],
      ['P-201', 3],
      ['P-202', 4],
      ['P-203', 5],
    ]);
    expect(h.suspected).toEqual(['P-120', 'P-119']);
    expect(h.isolated).toEqual([]);
    expect(h.valves).toEqual([]);
  });

  it('shows a proposed isolation with its valves still to close', () => {
    const h = incidentHighlight(incident({ state: 'Proposed', isolation }))!;
    expect(h.isolated).toEqual(['P-119', 'P-120', 'P-121']);
    expect(h.valves.map((v) => v.progress)).toEqual(['proposed', 'proposed', 'proposed']);
    expect(h.isolationDone).toBe(false);
  });

  it('follows each valve: closing, stuck, closed', () => {
    const h = incidentHighlight(
      incident({ state: 'Isolating', isolation, pending: ['IV-10'], stuck: ['IV-11'] }),
    )!;
    expect(h.valves).toEqual([
      { valve: 'IV-09', progress: 'closed' },
      { valve: 'IV-10', progress: 'closing' },
      { valve: 'IV-11', progress: 'stuck' },
    ]);
    const done = incidentHighlight(
      incident({ state: 'Isolated', isolation: { ...isolation, closedAt: 5 } }),
    )!;
    expect(done.isolationDone).toBe(true);
  });

  it('draws no isolated segment once the incident is over', () => {
    expect(incidentHighlight(incident({ state: 'Resolved', isolation }))!.isolated).toEqual([]);
  });

  it('highlights the picked incident, else the newest open one, else none', () => {
    const a = incident({ id: 'A', state: 'Resolved' });
    const b = incident({ id: 'B', state: 'Confirmed' });
    expect(highlightedIncident([a, b], null)?.id).toBe('B');
    expect(highlightedIncident([a, b], 'A')?.id).toBe('A');
    expect(highlightedIncident([a, b], 'gone')?.id).toBe('B');
    expect(highlightedIncident([a], null)).toBeNull();
  });

  it('gives each pipe its strongest look', () => {
    const map = pipeHighlights(incidentHighlight(incident({ state: 'Proposed', isolation })));
    expect(map.get('P-121')).toBe('isolated');
    expect(map.get('P-148')).toBe('candidate');
    expect(map.get('P-999')).toBeUndefined();
    expect(pipeHighlights(null).size).toBe(0);
  });

  it('returns the same object for the same incidents and pick (a stable store selector)', () => {
    const incidents = [incident()];
    const state = { incidents, pickedIncident: null, connections: [] };
    expect(selectIncidentHighlight(state)).toBe(selectIncidentHighlight({ ...state }));
  });
});
