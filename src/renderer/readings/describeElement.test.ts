import { describe, expect, it } from 'vitest';
import type { TwinFrame } from '../../shared/contract';
import type { NetworkModel } from '../../shared/network';
import { describeElement } from './describeElement';
import { formatFlow, formatNumber } from './units';

const network: NetworkModel = {
  loadId: 'load-1',
  name: 'Test',
  title: '',
  sourceUnits: 'LPS',
  hydraulicStep: 900,
  syntheticLayout: false,
  nodes: [
    {
      id: 'R',
      kind: 'reservoir',
      x: 0,
      y: 0,
      elevation: 100,
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
      elevation: 20,
      baseDemand: 1,
      hydrant: true,
      zone: 'Z1',
      tank: null,
    },
  ],
  links: [
    {
      id: 'PU-1',
      kind: 'pump',
      valveType: null,
      from: 'R',
      to: 'J',
      length: 0,
      diameter: 0,
      vertices: [],
      standby: false,
    },
  ],
  zones: [{ id: 'Z1', name: 'North', inlets: [] }],
};
const nodeIndexById = new Map([
  ['R', 0],
  ['J', 1],
]);
const frame: TwinFrame = {
  loadId: 'load-1',
  t: 0,
  nodes: { pressure: [0, 4.2], head: [100, 124.2], demand: [-23.4, 23.4] },
  links: { flow: [23.43], velocity: [0], status: [1], setting: [1] },
};

const valueOf = (rows: { key: string; value: string }[], key: string) =>
  rows.find((r) => r.key === key)?.value;

describe('describeElement', () => {
  it('gives a pump its flow, running state, speed and head gain', () => {
    const pump = describeElement({ kind: 'link', index: 0 }, network, nodeIndexById, frame)!;
    expect(pump.id).toBe('PU-1');
    expect(valueOf(pump.live, 'flow')).toBe('23.4 L/s');
    expect(valueOf(pump.live, 'status')).toBe('Running');
    expect(valueOf(pump.live, 'speed')).toBe('1.00 ×');
    expect(valueOf(pump.live, 'head-gain')).toBe('24.2 m');
  });

  it('flags a junction with low pressure, with a word as well as a severity', () => {
    const junction = describeElement({ kind: 'node', index: 1 }, network, nodeIndexById, frame)!;
    const pressure = junction.live.find((r) => r.key === 'pressure')!;
    expect(pressure.value).toBe('4.2 m');
    expect(pressure.abnormal).toEqual({ severity: 'warning', label: 'LOW' });
    expect(junction.kindLabel).toBe('Junction · hydrant');
    expect(valueOf(junction.attributes, 'zone')).toBe('North');
  });

  it('shows dashes before the first frame', () => {
    const pump = describeElement({ kind: 'link', index: 0 }, network, nodeIndexById, null)!;
    expect(valueOf(pump.live, 'flow')).toBe('—');
  });

  it('returns null for an index the network does not have', () => {
    expect(describeElement({ kind: 'node', index: 9 }, network, nodeIndexById, frame)).toBeNull();
  });
});

describe('units', () => {
  it('never shows a negative zero', () => {
    expect(formatNumber(-0.04, 1)).toBe('0.0');
    expect(formatFlow(-0.01)).toBe('0.0 L/s');
    expect(formatFlow(Number.NaN)).toBe('—');
  });
});
