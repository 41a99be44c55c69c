// The console's side of a link to a station (the plant simulator, or a real one with the same
// point list): driver samples become instrument readings for the agents, and agents' commands
// become tag writes (Modbus: setpoint then command register) or a method call (OPC UA).
// A sample is a new reading only when its sample time moved on: a PLC keeps serving an
// instrument's last value after the instrument has gone quiet, and that is not a reading.
import type { Driver, TagSample } from '../driver';
import type { Reading, SensorSpec } from '../sim/sensors';
import { actuators, COMMAND_CODES, sensorPoints } from './points';
import type { NetworkModel } from '../../shared/network';

export class ReadingsFromSamples {
  private readonly sensorOf = new Map<string, SensorSpec>();
  private readonly lastTime = new Map<string, number>();
  private readonly latestValue = new Map<string, TagSample>();
  private readonly latestTime = new Map<string, number>();

  constructor(
    model: NetworkModel,
    sensors: readonly SensorSpec[],
    /** 'source': the protocol's source timestamp (OPC UA, MQTT); 'companion': the <point>-time register (Modbus) */
    private readonly timeFrom: 'source' | 'companion',
  ) {
    for (const { point, sensor } of sensorPoints(model, sensors)) this.sensorOf.set(point, sensor);
  }

  accept(samples: readonly TagSample[]): Reading[] {
    const touched = new Set<string>();
    for (const s of samples) {
      if (s.point.endsWith('-time')) {
        const point = s.point.slice(0, -5);
        if (s.quality !== 'bad' && typeof s.value === 'number') this.latestTime.set(point, s.value * 1000);
        touched.add(point);
      } else if (this.sensorOf.has(s.point)) {
        this.latestValue.set(s.point, s);
        touched.add(s.point);
      }
    }
    const readings: Reading[] = [];
    for (const point of touched) {
      const s = this.latestValue.get(point);
      const sensor = this.sensorOf.get(point);
      if (!s || !sensor || s.quality === 'bad' || typeof s.value !== 'number') continue;
      const time = this.timeFrom === 'source' ? s.sourceTime : this.latestTime.get(point);
      if (time === undefined || time <= (this.lastTime.get(point) ?? -Infinity)) continue;
      this.lastTime.set(point, time);
      readings.push({
        sensor: sensor.id,
        element: sensor.element,
        quantity: sensor.quantity,
        value: s.value,
        quality: s.quality,
        time,
      });
    }
    // the instruments' order, as the in-process plant publishes them
    const order = new Map([...this.sensorOf.values()].map((x, i) => [x.id, i]));
    return readings.sort((a, b) => a.time - b.time || order.get(a.sensor)! - order.get(b.sensor)!);
  }
}

export type CommandSender = (command: { target: string; action: string; value?: number }) => Promise<string>;

/**
 * What a station will say to a command before it is sent, where that is already known: an
 * action no station point carries, or a target without one, is not sent at all. Undefined: it
 * goes out, and the station's answer follows.
 */
export function refusal(model: NetworkModel, c: { target: string; action: string }): string | undefined {
  if (COMMAND_CODES[c.action] === undefined) return `ignored: ${c.action} has no effect on the station`;
  if (!model.links.some((l) => l.id === c.target))
    return `refused: ${c.target} has no actuator at this station`;
  return undefined;
}

/** Commands as register writes: the setpoint first, then the command code that acts on it. */
export function registerCommands(driver: Driver, model: NetworkModel): CommandSender {
  const byTarget = new Map(actuators(model).map((a) => [a.target, a]));
  return async (c) => {
    const a = byTarget.get(c.target);
    if (!a) return `refused: ${c.target} has no actuator at this station`;
    const code = COMMAND_CODES[c.action];
    if (code === undefined) return `ignored: ${c.action} has no command code`;
    // the station forgets a setpoint once a command has used it, so no value means no value
    if (c.value !== undefined) await driver.write(a.setpoint, c.value);
    await driver.write(a.cmd, code);
    return 'sent';
  };
}

/** Commands as a call of the station's Command method (OPC UA): the station answers with the result. */
export function methodCommands(
  call: (target: string, action: string, value: number) => Promise<unknown[]>,
): CommandSender {
  return async (c) => String((await call(c.target, c.action, c.value ?? Number.NaN))[0]);
}
