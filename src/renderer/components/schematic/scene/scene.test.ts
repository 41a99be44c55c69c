import { describe, expect, it } from 'vitest';
import type { NetworkLink, NetworkModel, NetworkNode } from '../../../../shared/network';
import { binOf, COLOUR_SCALES } from './colourScale';
import { detailAt, interactiveElements, schematicMode } from './lod';
import { convexHull, zoneOutlines } from './outline';
import { buildScene, elementPosition } from './sceneModel';
import { findElements } from './search';
import { buildSpatialIndex, segmentDistance2 } from './spatialIndex';

const node = (id: string, x: number, y: number, extra: Partial<NetworkNode> = {}): NetworkNode => ({
  id,
  kind: 'junction',
  x,
  y,
  elevation: 0,
  baseDemand: 0,
  hydrant: false,
  zone: null,
  tank: null,
  ...extra,
});

const link = (id: string, from: string, to: string, extra: Partial<NetworkLink> = {}): NetworkLink => ({
  id,
  kind: 'pipe',
  valveType: null,
  from,
  to,
  length: 100,
  diameter: 200,
  vertices: [],
  standby: false,
  ...extra,
});

const network = (
  nodes: NetworkNode[],
  links: NetworkLink[],
  zones: NetworkModel['zones'] = [],
): NetworkModel => ({
  loadId: 'load-1',
  name: 'Test',
  title: '',
  sourceUnits: 'LPS',
  hydraulicStep: 900,
  syntheticLayout: false,
  nodes,
  links,
  zones,
});

/** A 3×3 grid of junctions 1000 m apart, pipes along rows and columns. */
function grid(): NetworkModel {
  const nodes: NetworkNode[] = [];
  const links: NetworkLink[] = [];
  for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) nodes.push(node(`J${r}${c}`, c * 1000, r * 1000));
  for (let r = 0; r < 3; r++)
    for (let c = 0; c < 2; c++) links.push(link(`H${r}${c}`, `J${r}${c}`, `J${r}${c + 1}`));
  for (let r = 0; r < 2; r++)
    for (let c = 0; c < 3; c++) links.push(link(`V${r}${c}`, `J${r}${c}`, `J${r + 1}${c}`));
  return network(nodes, links);
}

describe('scene and spatial index', () => {
  const net = grid();
  const scene = buildScene(net);
  const index = buildSpatialIndex(scene);
  // the 2000 m extent is fitted to 4000 flow px, y flipped: J00 at (0, 4000), J22 at (4000, 0)
  const at = (id: string) => {
    const i = net.nodes.findIndex((n) => n.id === id);
    return [scene.nodeX[i]!, scene.nodeY[i]!] as const;
  };

  it('projects nodes like the React Flow graph does (longest side 4000 px, north up)', () => {
    expect(at('J00')).toEqual([0, 4000]);
    expect(at('J22')).toEqual([4000, 0]);
    expect(scene.typicalSpacing).toBe(2000);
  });

  it('hits a junction within the radius, before the pipes that meet there', () => {
    const [x, y] = at('J11');
    expect(index.hitTest(x + 3, y - 2, 7)).toEqual({ kind: 'node', index: 4 });
  });

  it('hits the nearest pipe away from junctions, and nothing beyond the radius', () => {
    const [x, y] = at('J00');
    const h00 = net.links.findIndex((l) => l.id === 'H00');
    expect(index.hitTest(x + 1000, y + 5, 7)).toEqual({ kind: 'link', index: h00 });
    expect(index.hitTest(x + 1000, y + 500, 7)).toBeNull();
    expect(index.hitTest(-5000, -5000, 7)).toBeNull();
  });

  it('finds each link in a rectangle once, and only those near it', () => {
    const seen: number[] = [];
    index.forEachLinkIn(0, 3900, 4000, 4100, (i) => seen.push(i));
    expect(new Set(seen).size).toBe(seen.length);
    const ids = seen.map((i) => net.links[i]!.id);
    expect(ids).toEqual(expect.arrayContaining(['H00', 'H01', 'V00', 'V01', 'V02']));
    expect(ids).not.toContain('H20');
  });

  it('places a link at its middle for search and zoom-to', () => {
    const v00 = net.links.findIndex((l) => l.id === 'V00');
    expect(elementPosition(scene, 'link', v00)).toEqual([0, 3000]);
    expect(elementPosition(scene, 'node', 99)).toBeNull();
  });

  it('measures the distance to a segment, clamped at its ends', () => {
    expect(segmentDistance2(5, 3, 0, 0, 10, 0)).toBe(9);
    expect(segmentDistance2(-3, 4, 0, 0, 10, 0)).toBe(25);
  });
});

describe('level of detail', () => {
  it('draws every network on the canvas unless the page asks for the all-React-Flow schematic', () => {
    expect(schematicMode()).toBe('canvas');
    expect(schematicMode(null)).toBe('canvas');
    expect(schematicMode('svg')).toBe('full');
  });

  it('adds junction dots, then ids and moving dashes, as pipes grow on screen', () => {
    expect(detailAt(0.1, 20)).toEqual({ junctionDots: false, labels: false, flowAnimation: false });
    expect(detailAt(0.5, 20)).toEqual({ junctionDots: true, labels: false, flowAnimation: false });
    expect(detailAt(4, 20)).toEqual({ junctionDots: true, labels: true, flowAnimation: true });
  });

  it('keeps devices, storage, hydrants and abnormal or unacknowledged elements interactive', () => {
    const net = network(
      [
        node('R', 0, 0, { kind: 'reservoir' }),
        node('A', 1, 0),
        node('H', 2, 0, { hydrant: true }),
        node('B', 3, 0),
      ],
      [link('PU', 'R', 'A', { kind: 'pump' }), link('P1', 'A', 'H'), link('P2', 'H', 'B')],
    );
    const refs = interactiveElements({
      network: net,
      abnormal: [{ kind: 'link', index: 2 }],
      unacked: [{ kind: 'node', index: 3 }],
    });
    expect(refs).toEqual([
      { kind: 'node', index: 0 },
      { kind: 'node', index: 2 },
      { kind: 'node', index: 3 },
      { kind: 'link', index: 0 },
      { kind: 'link', index: 2 },
    ]);
  });
});

describe('alert glyph limit', () => {
  it('gives glyphs to unacknowledged elements first, then abnormal ones, up to the limit', () => {
    const net = network([node('A', 0, 0), node('B', 1, 0), node('C', 2, 0), node('D', 3, 0)], []);
    const refs = interactiveElements({
      network: net,
      abnormal: [0, 1, 2].map((index) => ({ kind: 'node' as const, index })),
      unacked: [{ kind: 'node', index: 3 }],
      limit: 2,
    });
    expect(refs).toEqual([
      { kind: 'node', index: 0 },
      { kind: 'node', index: 3 },
    ]);
  });
});

describe('DMA outlines', () => {
  it('computes the convex hull, dropping inner and collinear points', () => {
    const hull = convexHull([
      [0, 0],
      [10, 0],
      [5, 0],
      [10, 10],
      [0, 10],
      [5, 5],
      [0, 0],
    ]);
    expect(hull).toHaveLength(4);
    expect(hull).toEqual(
      expect.arrayContaining([
        [0, 0],
        [10, 0],
        [10, 10],
        [0, 10],
      ]),
    );
  });

  it('outlines each zone with its sidecar name, labelled at its top', () => {
    const net = network(
      [
        node('A', 0, 0, { zone: 'Z1' }),
        node('B', 100, 0, { zone: 'Z1' }),
        node('C', 50, 100, { zone: 'Z1' }),
        node('D', 500, 500, { zone: 'Z2' }),
        node('E', 600, 600),
      ],
      [],
      [{ id: 'Z1', name: 'North DMA', inlets: [] }],
    );
    const outlines = zoneOutlines(net, buildScene(net));
    expect(outlines.map((o) => [o.id, o.name, o.hull.length])).toEqual([
      ['Z1', 'North DMA', 3],
      ['Z2', 'Z2', 1],
    ]);
    const z1 = outlines[0]!;
    expect(z1.labelAt[1]).toBe(Math.min(...z1.hull.map((p) => p[1])));
  });
});

describe('colour scales', () => {
  it('bins pressure and velocity, with no bin for a missing value', () => {
    const pressure = COLOUR_SCALES.pressure;
    expect(binOf(pressure, -3)).toBe(0);
    expect(binOf(pressure, 10)).toBe(1);
    expect(binOf(pressure, 1000)).toBe(pressure.bins.length - 1);
    expect(binOf(pressure, undefined)).toBe(-1);
    expect(binOf(pressure, NaN)).toBe(-1);
    expect(binOf(COLOUR_SCALES.velocity, 0.45)).toBe(2);
    expect(pressure.bins.map((b) => b.label)[0]).toBe('< 10 m');
  });

  it('keeps clear of the warning and alarm colours', () => {
    const reserved = ['#e3a42b', '#e5484d'];
    for (const scale of Object.values(COLOUR_SCALES))
      for (const bin of scale.bins) expect(reserved).not.toContain(bin.colour);
  });
});

describe('search', () => {
  const net = network(
    [node('J-10', 0, 0), node('J-1', 1, 0), node('X-J-1', 2, 0)],
    [link('P-J-1', 'J-1', 'J-10')],
  );

  it('ranks the exact id first, then prefixes, then other matches (shorter, then alphabetical), case-insensitively', () => {
    expect(findElements(net, 'j-1').map((m) => m.id)).toEqual(['J-1', 'J-10', 'P-J-1', 'X-J-1']);
    expect(findElements(net, 'P-J')[0]).toEqual({
      id: 'P-J-1',
      kind: 'pipe',
      ref: { kind: 'link', index: 0 },
    });
    expect(findElements(net, '  ')).toEqual([]);
  });
});
