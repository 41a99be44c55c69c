import { describe, expect, it } from 'vitest';
import type { TwinFrame } from '../../shared/contract';
import type { NetworkModel } from '../../shared/network';
import { applyLive, select, setAgents, setNetwork, useConsoleStore } from './consoleStore';

const network = (loadId: string): NetworkModel => ({
  loadId,
  name: 'Town',
  title: '',
  sourceUnits: 'LPS',
  hydraulicStep: 15,
  syntheticLayout: false,
  nodes: [
    {
      id: 'R',
      kind: 'reservoir',
      x: 0,
      y: 0,
      elevation: 50,
      baseDemand: 0,
      hydrant: false,
      zone: null,
      tank: null,
    },
    {
      id: 'J',
      kind: 'junction',
      x: 1,
      y: 0,
      elevation: 10,
      baseDemand: 1,
      hydrant: false,
      zone: null,
      tank: null,
    },
  ],
  links: [
    {
      id: 'P',
      kind: 'pipe',
      valveType: null,
      from: 'R',
      to: 'J',
      length: 100,
      diameter: 150,
      vertices: [],
      standby: false,
    },
  ],
  zones: [],
});
const frame = (loadId: string, t: number): TwinFrame => ({
  loadId,
  t,
  nodes: { pressure: [0, 40], head: [50, 50], demand: [-1, 1] },
  links: { flow: [1], velocity: [0.1], status: [1], setting: [0] },
});

describe('console store', () => {
  it('drops a frame solved for another load of the network, even one of the same size', () => {
    setNetwork(network('a'));
    applyLive({ frame: frame('old', 1) });
    expect(useConsoleStore.getState().frame).toBeNull();
    applyLive({ frame: frame('a', 2) });
    expect(useConsoleStore.getState().frame?.t).toBe(2);
  });

  it('keeps the selection when the same load comes back after a reconnect, not after a new load', () => {
    setNetwork(network('b'));
    select({ kind: 'node', index: 1 });
    setNetwork(network('b'));
    expect(useConsoleStore.getState().selected).toEqual({ kind: 'node', index: 1 });
    setNetwork(network('c'));
    expect(useConsoleStore.getState().selected).toBeNull();
    expect(useConsoleStore.getState().frame).toBeNull();
  });

  it('drops an abnormal snapshot of another load, and forgets agents when another network loads', () => {
    setNetwork(network('d'));
    setAgents(
      [
        { id: 'P', kind: 'pipe', zone: null, status: 'Critical', lifecycle: 'active', element: 'P' },
        {
          id: 'S-J-pressure',
          kind: 'sensor',
          zone: null,
          status: 'Active',
          lifecycle: 'active',
          element: 'J',
        },
      ],
      { seedAbnormal: true },
    );
    expect(useConsoleStore.getState().abnormal).toEqual({ P: 'Critical' });
    expect(useConsoleStore.getState().instrumentsByElement.get('J')).toEqual(['S-J-pressure']);
    applyLive({ abnormal: { loadId: 'old', statuses: { P: 'Offline' } } });
    expect(useConsoleStore.getState().abnormal).toEqual({ P: 'Critical' });
    applyLive({ abnormal: { loadId: 'd', statuses: {} } });
    expect(useConsoleStore.getState().abnormal).toEqual({});
    setNetwork(network('e'));
    expect(useConsoleStore.getState().agents).toEqual([]);
    expect(useConsoleStore.getState().instrumentsByElement.size).toBe(0);
  });
});
