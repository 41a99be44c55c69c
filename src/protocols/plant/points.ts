// The plant simulator's point list: every instrument of the twin as an agent point
// (node.J12.pressure, pump.PU-1.speed, tank.T-NORTH.level, link.P-001.flow), its sample time as
// a companion point (…-time, seconds since the epoch: Modbus carries no timestamps, and a
// console must tell a new sample from an old value), and a command and a setpoint for every
// pump, valve and pipe (an isolation valve sits on a pipe).
// From it the simulator generates the tag map it serves, and hands integrators a CSV of it.
import type { SensorSpec } from '../sim/sensors';
import type { NetworkModel } from '../../shared/network';
import type { TagDefinition, TagMap } from '../tags/schema';
import { TagMapSchema } from '../tags/schema';

/** command register codes, as a PLC integrator would document them */
export const COMMAND_CODES: Record<string, number> = {
  start: 1,
  stop: 2,
  set_speed: 3,
  emergency_stop: 4,
  set_position: 5,
  open: 6,
  close: 7,
};
export const COMMAND_NAMES = Object.fromEntries(Object.entries(COMMAND_CODES).map(([k, v]) => [v, k]));

export interface PlantPoint {
  point: string;
  sensor: SensorSpec;
}

export function elementKind(model: NetworkModel, element: string): string {
  const link = model.links.find((l) => l.id === element);
  if (link) return link.kind === 'pump' ? 'pump' : link.kind === 'valve' ? 'valve' : 'link';
  const node = model.nodes.find((n) => n.id === element);
  if (node) return node.kind === 'tank' ? 'tank' : 'node';
  return 'meter';
}

const safe = (id: string) => {
  if (!/^[\w-]+$/.test(id))
    throw new Error(`element id "${id}" cannot be a point name (letters, digits, _ and - only)`);
  return id;
};

export function sensorPoints(model: NetworkModel, sensors: readonly SensorSpec[]): PlantPoint[] {
  return sensors.map((sensor) => ({
    point: `${elementKind(model, sensor.element)}.${safe(sensor.element)}.${sensor.quantity}`,
    sensor,
  }));
}

export interface Actuator {
  target: string;
  /** a pipe is an actuator too: the isolation valve that sits on it */
  kind: 'pump' | 'valve' | 'link';
  cmd: string;
  setpoint: string;
}

export function actuators(model: NetworkModel): Actuator[] {
  return model.links.map((l) => {
    const kind = l.kind === 'pump' ? 'pump' : l.kind === 'valve' ? 'valve' : 'link';
    return { target: l.id, kind, cmd: `${kind}.${safe(l.id)}.cmd`, setpoint: `${kind}.${l.id}.setpoint` };
  });
}

/**
 * The tag map the simulator serves over Modbus (unit 1): per instrument a float32 value in input
 * registers and a uint32 sample time after it; per actuator a float32 setpoint and a uint16
 * command in holding registers. OPC UA serves the same points (node ids ns=1;s=<point>).
 */
export function plantTagMap(model: NetworkModel, sensors: readonly SensorSpec[]): TagMap {
  const tags: unknown[] = [];
  let input = 0;
  for (const { point } of sensorPoints(model, sensors)) {
    tags.push({ point, modbus: { unit: 1, table: 'input', address: input }, type: 'float32' });
    tags.push({
      point: `${point}-time`,
      modbus: { unit: 1, table: 'input', address: input + 2 },
      type: 'uint32',
      units: 's',
    });
    input += 4;
  }
  let holding = 0;
  for (const a of actuators(model)) {
    tags.push({
      point: a.setpoint,
      modbus: { unit: 1, table: 'holding', address: holding },
      type: 'float32',
      access: 'readwrite',
    });
    tags.push({
      point: a.cmd,
      modbus: { unit: 1, table: 'holding', address: holding + 2 },
      type: 'uint16',
      access: 'readwrite',
    });
    holding += 3;
  }
  return TagMapSchema.parse({ version: 1, revision: `plant ${model.name}`, tags });
}

/** the same points as OPC UA tags, for a console connecting to the simulator's OPC UA server */
export function asOpcuaTags(map: TagMap, samplingMs = 100): TagDefinition[] {
  return map.tags.map((t) => {
    const { modbus: _modbus, ...rest } = t;
    return { ...rest, opcua: { nodeId: `ns=1;s=${t.point}`, samplingMs } };
  });
}
