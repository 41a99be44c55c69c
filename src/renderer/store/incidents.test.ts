import { beforeEach, describe, expect, it } from 'vitest';
import { incident } from '../components/incidents/fixtures';
import { acceptIncident, clearFieldData, pickIncident, setIncidents, useFieldStore } from './incidents';

describe('incident store', () => {
  beforeEach(() => clearFieldData());

  it('replaces an incident the core returned to an action, and adds one it did not list yet', () => {
    setIncidents([incident({ id: 'B' }), incident({ id: 'A' })]);
    acceptIncident(incident({ id: 'A', state: 'Isolating' }));
    expect(useFieldStore.getState().incidents.map((i) => [i.id, i.state])).toEqual([
      ['B', 'Suspected'],
      ['A', 'Isolating'],
    ]);
    acceptIncident(incident({ id: 'C' }));
    expect(useFieldStore.getState().incidents.map((i) => i.id)).toEqual(['C', 'B', 'A']);
  });

  it('forgets everything, the pick too, when the session ends', () => {
    setIncidents([incident()]);
    pickIncident('LEAK-1');
    clearFieldData();
    expect(useFieldStore.getState()).toMatchObject({ incidents: [], pickedIncident: null, connections: [] });
  });
});
