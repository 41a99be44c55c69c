// The React Flow nodes of canvas mode: only the interactive elements (see lod.ts), placed
// from the scene's geometry. Same node types and ids as full mode, so glyphs, clicks and
// tests work alike; an abnormal pipe gets a cue node at its middle.
import type { NetworkModel } from '../../../shared/network';
import type { ElementRef } from '../../store/consoleStore';
import { deviceFlowId, nodeFlowId, pipeCueFlowId, type SchematicNode } from './flowGraph';
import type { Scene } from './scene/sceneModel';

const fixed = { draggable: false, connectable: false, selectable: false } as const;
/** Above the devices and storage they often sit beside (a pump station's junctions). */
const ALERT_Z = 10;

/** `alerting`: `${kind}${index}` of the abnormal and unacknowledged elements, drawn on top */
export function canvasNodes(
  network: NetworkModel,
  scene: Scene,
  refs: readonly ElementRef[],
  alerting: ReadonlySet<string> = new Set(),
): SchematicNode[] {
  const nodes: SchematicNode[] = [];
  for (const ref of refs) {
    const node = flowNode(network, scene, ref);
    if (!node) continue;
    if (alerting.has(`${ref.kind}${ref.index}`)) node.zIndex = ALERT_Z;
    nodes.push(node);
  }
  return nodes;
}

function flowNode(network: NetworkModel, scene: Scene, ref: ElementRef): SchematicNode | null {
  if (ref.kind === 'node') {
    const node = network.nodes[ref.index];
    if (!node) return null;
    const base = {
      id: nodeFlowId(ref.index),
      position: { x: scene.nodeX[ref.index]!, y: scene.nodeY[ref.index]! },
      ...fixed,
    };
    const tagged = { ref, elementId: node.id };
    if (node.kind === 'tank') return { ...base, type: 'tank', data: { ...tagged, tank: node.tank } };
    if (node.kind === 'reservoir') return { ...base, type: 'reservoir', data: tagged };
    return { ...base, type: 'junction', data: { ...tagged, hydrant: node.hydrant } };
  }
  const link = network.links[ref.index];
  const from = scene.linkFrom[ref.index]!;
  const to = scene.linkTo[ref.index]!;
  if (!link || from === -1 || to === -1) return null;
  const angle =
    (Math.atan2(scene.nodeY[to]! - scene.nodeY[from]!, scene.nodeX[to]! - scene.nodeX[from]!) * 180) /
    Math.PI;
  const position = { x: scene.midX[ref.index]!, y: scene.midY[ref.index]! };
  const data = { ref, elementId: link.id, angle };
  if (link.kind === 'pump') return { id: deviceFlowId(ref.index), type: 'pump', position, ...fixed, data };
  if (link.kind === 'valve')
    return {
      id: deviceFlowId(ref.index),
      type: 'valve',
      position,
      ...fixed,
      data: { ...data, valveType: link.valveType },
    };
  return { id: pipeCueFlowId(ref.index), type: 'pipe', position, ...fixed, data };
}
