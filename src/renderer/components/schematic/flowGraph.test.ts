import { describe, expect, it } from 'vitest';
import type { NetworkLink, NetworkModel, NetworkNode } from '../../../shared/network';
import { buildSchematicGraph, SCHEMATIC_SPAN_PX } from './flowGraph';

const node = (id: string, x: number, y: number, kind: NetworkNode['kind'] = 'junction'): NetworkNode => ({
  id,
  kind,
  x,
  y,
  elevation: 0,
  baseDemand: 0,
  hydrant: false,
  zone: null,
  tank: kind === 'tank' ? { minLevel: 1, maxLevel: 5, diameter: 10 } : null,
});

const link = (id: string, from: string, to: string, kind: NetworkLink['kind'] = 'pipe'): NetworkLink => ({
  id,
  kind,
  valveType: kind === 'valve' ? 'PRV' : null,
  from,
  to,
  length: 100,
  diameter: kind === 'pump' ? 0 : 200,
  vertices: [],
  standby: false,
});

const network = (nodes: NetworkNode[], links: NetworkLink[]): NetworkModel => ({
  loadId: 'load-1',
  name: 'Test',
  title: '',
  sourceUnits: 'LPS',
  hydraulicStep: 900,
  syntheticLayout: false,
  nodes,
  links,
  zones: [],
});

describe('buildSchematicGraph', () => {
  it('draws every node, plus a node for each pump and valve; pipes as one edge, devices as two', () => {
    const graph = buildSchematicGraph(
      network(
        [node('R', 0, 0, 'reservoir'), node('A', 100, 0), node('B', 200, 0), node('T', 300, 0, 'tank')],
        [link('PU', 'R', 'A', 'pump'), link('P1', 'A', 'B'), link('V', 'B', 'T', 'valve')],
      ),
    );
    expect(graph.nodes.map((n) => n.type)).toEqual([
      'reservoir',
      'junction',
      'junction',
      'tank',
      'pump',
      'valve',
    ]);
    expect(graph.edges).toHaveLength(5);
    expect(new Set(graph.nodes.map((n) => n.id)).size).toBe(graph.nodes.length);
    expect(new Set(graph.edges.map((e) => e.id)).size).toBe(graph.edges.length);
  });

  it('flips y (north up) and fits the longest side to the schematic span', () => {
    const graph = buildSchematicGraph(network([node('S', 0, 0), node('N', 0, 1000)], []));
    const [south, north] = graph.nodes;
    expect(north!.position).toEqual({ x: 0, y: 0 });
    expect(south!.position).toEqual({ x: 0, y: SCHEMATIC_SPAN_PX });
  });

  it('keeps element ids apart from React Flow ids, so a node and a link may share an id', () => {
    const graph = buildSchematicGraph(
      network([node('1', 0, 0), node('2', 10, 0)], [link('1', '1', '2', 'valve')]),
    );
    expect(graph.nodes.map((n) => n.data.elementId)).toEqual(['1', '2', '1']);
    expect(graph.nodes.map((n) => n.data.ref)).toEqual([
      { kind: 'node', index: 0 },
      { kind: 'node', index: 1 },
      { kind: 'link', index: 0 },
    ]);
  });

  it('fans out parallel pumps so they do not sit on top of each other', () => {
    const graph = buildSchematicGraph(
      network(
        [node('R', 0, 0, 'reservoir'), node('A', 1000, 0)],
        [link('PU1', 'R', 'A', 'pump'), link('PU2', 'R', 'A', 'pump'), link('PU3', 'A', 'R', 'pump')],
      ),
    );
    const pumps = graph.nodes.filter((n) => n.type === 'pump');
    const ys = pumps.map((p) => p.position.y);
    expect(new Set(ys).size).toBe(3);
    expect(pumps.every((p) => p.position.x === SCHEMATIC_SPAN_PX / 2)).toBe(true);
  });

  it('skips a link whose end node is missing instead of failing the whole schematic', () => {
    const graph = buildSchematicGraph(network([node('A', 0, 0)], [link('P', 'A', 'nowhere')]));
    expect(graph.edges).toEqual([]);
  });
});
