// What the console says about one element: its live readings from the latest frame and
// its static attributes, formatted for the operator. Shared by the details panel (all
// rows) and the hover tooltip (the primary rows), so both always agree.
import type { TwinFrame } from '../../shared/contract';
import type { NetworkLink, NetworkModel, NetworkNode, ValveType } from '../../shared/network';
import type { ElementRef } from '../store/consoleStore';
import { junctionPressureState, tankFill, tankLevelState, type Abnormal } from './abnormal';
import {
  formatFlow,
  formatLength,
  formatMetres,
  formatMillimetres,
  formatPercent,
  formatRelativeSpeed,
  formatVelocity,
  formatNumber,
} from './units';

export interface Reading {
  /** stable key; the details panel renders it as data-testid="value-<key>" */
  key: string;
  label: string;
  value: string;
  /** set when the value is abnormal */
  abnormal?: Abnormal | null;
  /** shown in the hover tooltip too */
  primary?: boolean;
}

export interface ElementDescription {
  id: string;
  kindLabel: string;
  live: Reading[];
  attributes: Reading[];
}

export const VALVE_NAMES: Record<ValveType, string> = {
  PRV: 'Pressure reducing valve',
  PSV: 'Pressure sustaining valve',
  PBV: 'Pressure breaker valve',
  FCV: 'Flow control valve',
  TCV: 'Throttle control valve',
  GPV: 'General purpose valve',
};

export function describeElement(
  ref: ElementRef,
  network: NetworkModel,
  nodeIndexById: ReadonlyMap<string, number>,
  frame: TwinFrame | null,
): ElementDescription | null {
  if (ref.kind === 'node') {
    const node = network.nodes[ref.index];
    return node ? describeNode(node, ref.index, network, frame) : null;
  }
  const link = network.links[ref.index];
  return link ? describeLink(link, ref.index, nodeIndexById, frame) : null;
}

function describeNode(
  node: NetworkNode,
  index: number,
  network: NetworkModel,
  frame: TwinFrame | null,
): ElementDescription {
  const pressure = frame?.nodes.pressure[index];
  const head = frame?.nodes.head[index];
  const demand = frame?.nodes.demand[index];
  const elevation: Reading = { key: 'elevation', label: 'Elevation', value: formatMetres(node.elevation) };
  const zoneName =
    node.zone === null ? null : (network.zones.find((z) => z.id === node.zone)?.name ?? node.zone);
  const zone: Reading[] = zoneName === null ? [] : [{ key: 'zone', label: 'Zone', value: zoneName }];

  switch (node.kind) {
    case 'junction':
      return {
        id: node.id,
        kindLabel: node.hydrant ? 'Junction · hydrant' : 'Junction',
        live: [
          {
            key: 'pressure',
            label: 'Pressure',
            value: formatMetres(pressure),
            abnormal: junctionPressureState(pressure),
            primary: true,
          },
          { key: 'head', label: 'Head', value: formatMetres(head) },
          { key: 'demand', label: 'Demand', value: formatFlow(demand) },
        ],
        attributes: [
          elevation,
          { key: 'base-demand', label: 'Base demand', value: formatFlow(node.baseDemand) },
          ...zone,
          { key: 'hydrant', label: 'Hydrant', value: node.hydrant ? 'Yes' : 'No' },
        ],
      };
    case 'tank': {
      // For a tank the frame's pressure is its water level (see TwinFrame).
      const level = pressure;
      const levelState = tankLevelState(level, node.tank);
      const fill = tankFill(level, node.tank);
      return {
        id: node.id,
        kindLabel: 'Tank',
        live: [
          { key: 'level', label: 'Level', value: formatMetres(level), abnormal: levelState, primary: true },
          { key: 'fill', label: 'Fill', value: formatPercent(fill === undefined ? undefined : fill * 100) },
          { key: 'pressure', label: 'Pressure', value: formatMetres(pressure) },
          { key: 'head', label: 'Head', value: formatMetres(head) },
        ],
        attributes: [
          elevation,
          { key: 'min-level', label: 'Min level', value: formatMetres(node.tank?.minLevel) },
          { key: 'max-level', label: 'Max level', value: formatMetres(node.tank?.maxLevel) },
          { key: 'tank-diameter', label: 'Diameter', value: formatMetres(node.tank?.diameter) },
          ...zone,
        ],
      };
    }
    case 'reservoir':
      return {
        id: node.id,
        kindLabel: 'Reservoir',
        live: [
          { key: 'head', label: 'Head', value: formatMetres(head), primary: true },
          // The frame reports a supplying reservoir as negative demand.
          { key: 'supply', label: 'Supply', value: formatFlow(demand === undefined ? undefined : -demand) },
        ],
        attributes: [elevation, ...zone],
      };
  }
}

function describeLink(
  link: NetworkLink,
  index: number,
  nodeIndexById: ReadonlyMap<string, number>,
  frame: TwinFrame | null,
): ElementDescription {
  const flow = frame?.links.flow[index];
  const velocity = frame?.links.velocity[index];
  const status = frame?.links.status[index];
  const setting = frame?.links.setting[index];
  const headAt = (nodeId: string) => {
    const nodeIndex = nodeIndexById.get(nodeId);
    return nodeIndex === undefined ? undefined : frame?.nodes.head[nodeIndex];
  };
  const headFrom = headAt(link.from);
  const headTo = headAt(link.to);
  const headDrop = headFrom === undefined || headTo === undefined ? undefined : headFrom - headTo;
  const open = status === undefined ? '—' : status > 0 ? 'Open' : 'Closed';
  const ends: Reading[] = [
    { key: 'from', label: 'From', value: link.from },
    { key: 'to', label: 'To', value: link.to },
  ];
  const flowReading: Reading = { key: 'flow', label: 'Flow', value: formatFlow(flow), primary: true };
  const direction: Reading = { key: 'direction', label: 'Direction', value: flowDirectionText(link, flow) };

  switch (link.kind) {
    case 'pipe':
      return {
        id: link.id,
        kindLabel: 'Pipe',
        live: [
          flowReading,
          { key: 'velocity', label: 'Velocity', value: formatVelocity(velocity), primary: true },
          { key: 'status', label: 'Status', value: open },
          direction,
          { key: 'headloss', label: 'Head loss', value: formatMetres(headDrop) },
        ],
        attributes: [
          ...ends,
          { key: 'length', label: 'Length', value: formatLength(link.length) },
          { key: 'diameter', label: 'Diameter', value: formatMillimetres(link.diameter) },
        ],
      };
    case 'pump':
      return {
        id: link.id,
        kindLabel: link.standby ? 'Pump · standby' : 'Pump',
        live: [
          flowReading,
          {
            key: 'status',
            label: 'Status',
            value: status === undefined ? '—' : status > 0 ? 'Running' : 'Stopped',
            primary: true,
          },
          { key: 'speed', label: 'Speed', value: formatRelativeSpeed(setting) },
          {
            key: 'head-gain',
            label: 'Head gain',
            value: formatMetres(headDrop === undefined ? undefined : -headDrop),
          },
        ],
        attributes: [...ends, { key: 'standby', label: 'Standby', value: link.standby ? 'Yes' : 'No' }],
      };
    case 'valve': {
      const type = link.valveType;
      return {
        id: link.id,
        kindLabel: type ? `${VALVE_NAMES[type]} (${type})` : 'Valve',
        live: [
          flowReading,
          { key: 'status', label: 'Status', value: open, primary: true },
          { key: 'velocity', label: 'Velocity', value: formatVelocity(velocity) },
          { key: 'setting', label: 'Setting', value: formatValveSetting(type, setting) },
          direction,
        ],
        attributes: [
          { key: 'valve-type', label: 'Valve type', value: type ?? '—' },
          ...ends,
          { key: 'diameter', label: 'Diameter', value: formatMillimetres(link.diameter) },
        ],
      };
    }
  }
}

function flowDirectionText(link: NetworkLink, flow: number | undefined): string {
  if (flow === undefined || !Number.isFinite(flow) || Math.abs(flow) < 0.05) return 'No flow';
  return flow > 0 ? `${link.from} → ${link.to}` : `${link.to} → ${link.from}`;
}

/** A valve's setting means different things per type (EPANET): pressure, flow or a loss coefficient. */
function formatValveSetting(type: ValveType | null, setting: number | undefined): string {
  switch (type) {
    case 'PRV':
    case 'PSV':
    case 'PBV':
      return formatMetres(setting);
    case 'FCV':
      return formatFlow(setting);
    case 'TCV':
      return formatNumber(setting, 2);
    default:
      return '—';
  }
}
