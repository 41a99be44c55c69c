// The leak incident's transitions, as plain function calls: what each mode does on
// confirmation, how a stuck valve leads to a new plan, and the order of the collaboration.
import { describe, expect, it } from 'vitest';
import type { IsolationPlan } from './isolation-plan';
import { confirm, openIncident, valveResult } from './leak-incident';

const loc = {
  candidates: [
    { pipe: 'P-2', score: 0.98 },
    { pipe: 'P-3', score: 0.9 },
  ],
  nodes: [],
  estimatedFlowLps: 4.2,
};
const valve = (id: string) => ({ id, link: id, node: null });
const plan = (valves: string[], pipes = ['P-2']): IsolationPlan => ({
  pipe: 'P-2',
  segmentPipes: pipes,
  segmentNodes: ['J-2'],
  valves: valves.map(valve),
  nodesWithoutSupply: ['J-2'],
});
const channels = [{ sensor: 'S-J-1-pressure', evidence: 20, shift: -0.4 }];

describe('leak incident', () => {
  it('tells the story in order: sensor → pipe → zone → control center, with an alert for the operator', () => {
    const { incident, effects } = openIncident('LEAK-1', 'DMA-1', 'auto', 1000, channels, loc, ['P-2']);
    expect(incident.timeline.map((e) => [e.from, e.to, e.kind])).toEqual([
      ['S-J-1-pressure', 'P-2', 'residual'],
      ['P-2', 'DMA-1', 'suspect'],
      ['DMA-1', 'control-center', 'localized'],
    ]);
    expect(effects.filter((e) => e.type === 'publish').map((e) => (e as { topic: string }).topic)).toEqual([
      'leak/LEAK-1/residual',
      'leak/LEAK-1/suspect',
      'leak/LEAK-1/localized',
      'leak/LEAK-1/incident',
    ]);
    expect(effects).toContainEqual(
      expect.objectContaining({ type: 'alert', alertType: 'leak_detected', from: 'DMA-1' }),
    );
  });

  it('auto closes the valves; advise proposes; off only reports', () => {
    const opened = (mode: 'auto' | 'advise' | 'off') =>
      openIncident('LEAK-1', 'DMA-1', mode, 1000, channels, loc, ['P-2']).incident;
    const auto = confirm(opened('auto'), 2000, loc, plan(['V-1', 'V-2']));
    expect(auto.incident.state).toBe('Isolating');
    expect(
      auto.effects.filter((e) => e.type === 'close').map((e) => (e as { valve: { id: string } }).valve.id),
    ).toEqual(['V-1', 'V-2']);
    const advise = confirm(opened('advise'), 2000, loc, plan(['V-1', 'V-2']));
    expect(advise.incident.state).toBe('Proposed');
    expect(advise.effects.some((e) => e.type === 'close')).toBe(false);
    expect(advise.effects).toContainEqual(
      expect.objectContaining({ type: 'alert', alertType: 'isolation_proposed' }),
    );
    const off = confirm(opened('off'), 2000, loc, plan(['V-1']));
    expect(off.incident.state).toBe('Confirmed');
    expect(off.incident.isolation).toMatchObject({ valves: ['V-1'], closedAt: null });
    expect(off.effects.some((e) => e.type === 'close' || e.type === 'alert')).toBe(false);
    const none = confirm(opened('auto'), 2000, loc, null);
    expect(none.incident.state).toBe('Unisolable');
  });

  it('re-plans without a stuck valve, closing only the valves the new plan adds', () => {
    let step = confirm(
      openIncident('LEAK-1', 'DMA-1', 'auto', 0, channels, loc, []).incident,
      60_000,
      loc,
      plan(['V-1', 'V-2']),
    );
    step = valveResult(step.incident, 61_000, 'V-1', 'applied', () => null);
    expect(step.incident.pending).toEqual(['V-2']);
    const asked: string[][] = [];
    step = valveResult(step.incident, 62_000, 'V-2', 'refused: V-2 does not move (valve stuck)', (stuck) => {
      asked.push([...stuck]);
      return plan(['V-1', 'V-3', 'V-4'], ['P-2', 'P-9']);
    });
    expect(asked).toEqual([['V-2']]);
    expect(
      step.effects.filter((e) => e.type === 'close').map((e) => (e as { valve: { id: string } }).valve.id),
    ).toEqual(['V-3', 'V-4']);
    step = valveResult(step.incident, 63_000, 'V-3', 'applied', () => null);
    step = valveResult(step.incident, 64_000, 'V-4', 'applied', () => null);
    expect(step.incident.state).toBe('Isolated');
    expect(step.incident.isolation).toMatchObject({
      valves: ['V-1', 'V-3', 'V-4'],
      closedAt: 64_000,
      segmentPipes: ['P-2', 'P-9'],
    });
    expect(step.incident.timeline.at(-1)).toMatchObject({ kind: 'work-order', to: 'control-center' });
  });
});
