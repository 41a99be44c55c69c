// The plant simulator's field side: the twin's instruments and actuators served over real
// protocols — an OPC UA server, a Modbus TCP slave, an MQTT publisher — as a pump station's
// PLC would serve them. Readings go out as the instruments sample; commands that come in are
// applied to the simulated plant exactly as the in-process command path applies them.
import type { Clock } from '../../agents/runtime/clock';
import { ModbusSlave } from '../modbus/slave';
import { MqttPublisher } from '../mqtt/publisher';
import { OpcuaTagServer } from '../opcua/server';
import type { SimulatedPlant } from '../sim/plant';
import type { Reading } from '../sim/sensors';
import type { TagDefinition, TagMap } from '../tags/schema';
import { actuators, COMMAND_NAMES, plantTagMap, sensorPoints } from './points';

/** what the in-process command path does with an agent's command: 'applied', 'ignored: …', 'refused: …' */
export type Actuate = (command: { target: string; action: string; value?: number }) => string;

export interface StationOptions {
  opcua?: { port: number; pkiFolder: string; users?: Record<string, string> };
  modbus?: { port: number };
  mqtt?: { url: string; topicPrefix?: string };
}

export class PlantStation {
  readonly tagMap: TagMap;
  opcua: OpcuaTagServer | undefined;
  modbus: ModbusSlave | undefined;
  mqtt: MqttPublisher | undefined;
  private readonly pointOf = new Map<string, string>();
  private readonly setpoints = new Map<string, number>();
  private readonly targetOf = new Map<string, string>();
  private unsubscribe: (() => void) | undefined;
  /** commands received over the protocols, with what the plant made of them */
  readonly commands: { target: string; action: string; value?: number; result: string; via: string }[] = [];
  readings = 0;

  constructor(
    private readonly plant: SimulatedPlant,
    private readonly clock: Clock,
    private readonly actuate: Actuate,
  ) {
    const model = plant.twin.model;
    const sensors = plant.instruments.sensors;
    this.tagMap = plantTagMap(model, sensors);
    for (const { point, sensor } of sensorPoints(model, sensors)) this.pointOf.set(sensor.id, point);
    for (const a of actuators(model)) {
      this.targetOf.set(a.cmd, a.target);
      this.targetOf.set(a.setpoint, a.target);
    }
  }

  async start(o: StationOptions): Promise<void> {
    if (o.opcua) {
      this.opcua = new OpcuaTagServer({
        port: o.opcua.port,
        clock: this.clock,
        pkiFolder: o.opcua.pkiFolder,
        users: o.opcua.users,
        tags: this.tagMap.tags,
        onWrite: (tag, value) => this.onWrite(tag, value, 'opcua'),
        onCommand: (target, action, value) => this.command(target, action, value, 'opcua method'),
      });
      await this.opcua.start();
    }
    if (o.modbus) {
      this.modbus = new ModbusSlave(this.tagMap.tags, (tag, value) => this.onWrite(tag, value, 'modbus'));
      await this.modbus.listen(o.modbus.port);
    }
    if (o.mqtt) {
      this.mqtt = new MqttPublisher(this.clock, {
        url: o.mqtt.url,
        clientId: `aqueduct-plant-${process.pid}`,
        clean: true,
        statusTopic: `${o.mqtt.topicPrefix ?? 'aqueduct/plant'}/status`,
      });
      this.mqtt.start();
    }
    const prefix = o.mqtt?.topicPrefix ?? 'aqueduct/plant';
    this.unsubscribe = this.plant.onReadings((readings) => this.publish(readings, prefix));
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    await Promise.all([this.opcua?.stop(), this.modbus?.close(), this.mqtt?.stop()]);
  }

  /** the MQTT topic a point is published on */
  static topic(prefix: string, point: string): string {
    return `${prefix}/${point.replace(/\./g, '/')}`;
  }

  private publish(readings: Reading[], prefix: string): void {
    this.readings += readings.length;
    const out = [];
    for (const r of readings) {
      const point = this.pointOf.get(r.sensor);
      if (!point) continue;
      const seconds = Math.floor(r.time / 1000);
      this.opcua?.set(point, r.value, new Date(r.time));
      this.opcua?.set(`${point}-time`, seconds, new Date(r.time));
      if (this.modbus) {
        this.modbus.set(point, r.value);
        this.modbus.set(`${point}-time`, seconds);
      }
      out.push({
        topic: PlantStation.topic(prefix, point),
        payload: JSON.stringify({ value: r.value, time: r.time, quality: r.quality }),
        qos: 1 as const,
      });
    }
    if (this.mqtt && out.length) this.mqtt.publish(out);
  }

  private onWrite(tag: TagDefinition, value: number | boolean, via: string): void {
    const target = this.targetOf.get(tag.point);
    if (!target) return;
    if (tag.point.endsWith('.setpoint')) {
      this.setpoints.set(target, Number(value));
      return;
    }
    const action = COMMAND_NAMES[Number(value)];
    if (!action) {
      this.commands.push({
        target,
        action: `code ${value}`,
        result: `refused: unknown command code ${value}`,
        via,
      });
      return;
    }
    const setpoint = this.setpoints.get(target);
    this.setpoints.delete(target);
    this.command(target, action, setpoint, via);
  }

  private command(target: string, action: string, value: number | undefined, via: string): string {
    const command = { target, action, ...(value === undefined || Number.isNaN(value) ? {} : { value }) };
    const result = this.actuate(command);
    this.commands.push({ ...command, result, via });
    return result;
  }
}
