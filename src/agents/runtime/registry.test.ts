import { describe, expect, it } from 'vitest';
import { AgentRegistry } from './registry';

describe('AgentRegistry', () => {
  const ids = (entries: { id: string }[]) => entries.map((e) => e.id).sort();

  it('indexes agents by id, kind and zone', () => {
    const r = new AgentRegistry();
    r.add({ id: 'P1', kind: 'pipe', zone: 'N' });
    r.add({ id: 'P2', kind: 'pipe', zone: 'S' });
    r.add({ id: 'PU1', kind: 'pump', zone: 'N' });
    r.add({ id: 'CC', kind: 'control-center' });
    expect(r.get('P1')?.kind).toBe('pipe');
    expect(ids(r.byKind('pipe'))).toEqual(['P1', 'P2']);
    expect(ids(r.byZone('N'))).toEqual(['P1', 'PU1']);
    expect(r.byZone('nowhere')).toEqual([]);
    expect(() => r.add({ id: 'P1', kind: 'pipe' })).toThrow(/already registered/);
    expect(r.remove('P1')).toBe(true);
    expect(ids(r.byKind('pipe'))).toEqual(['P2']);
    expect(ids(r.byZone('N'))).toEqual(['PU1']);
    expect(r.size).toBe(3);
  });

  it('neighbours are symmetric, registered only, and independent of registration order', () => {
    const r = new AgentRegistry();
    r.add({ id: 'A', kind: 'pipe', neighbours: ['B', 'C', 'A'] });
    expect(ids(r.neighbours('A'))).toEqual([]); // B and C not registered yet
    r.add({ id: 'B', kind: 'pipe' }); // B declares nobody but A declared B
    r.add({ id: 'C', kind: 'valve', neighbours: ['A', 'D'] });
    expect(ids(r.neighbours('A'))).toEqual(['B', 'C']);
    expect(ids(r.neighbours('B'))).toEqual(['A']);
    expect(ids(r.neighbours('C'))).toEqual(['A']);
    r.remove('A');
    expect(ids(r.neighbours('B'))).toEqual([]);
    expect(ids(r.neighbours('C'))).toEqual([]);
  });
});
