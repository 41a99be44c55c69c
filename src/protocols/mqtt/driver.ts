// MQTT driver for JSON topics: subscribes to each tag's topic filter (wildcards allowed) at the
// tag's QoS, takes the value (and optionally the source timestamp) out of the payload by path,
// and writes by publishing to the tag's write topic, confirmed by the broker's PUBACK/PUBCOMP.
// It announces itself on a retained status topic ('online'), and its last will says 'offline'
// when it drops off without saying goodbye, which is how the rest of the site sees comms loss.
import type { MqttClient } from 'mqtt';
import type { Clock } from '../../agents/runtime/clock';
import { type TagSample, type TagValue, type WriteResult } from '../driver';
import { Backoff, DriverBase } from '../driver-base';
import { canWrite, type TagDefinition } from '../tags/schema';
import { unscaleValue } from '../tags/value';
import { closeMqtt, openMqtt, type MqttConnectionOptions } from './connection';
import { bindMqttTags, decodeMessage, type MqttTagBinding } from './payload';

export interface MqttDriverOptions extends Omit<MqttConnectionOptions, 'will' | 'clientId'> {
  id: string;
  tags: readonly TagDefinition[];
  clientId?: string;
  /** retained 'online'/'offline' topic; default aqueduct/<id>/status */
  statusTopic?: string;
  backoff?: Backoff;
}

export class MqttDriver extends DriverBase {
  readonly protocol = 'mqtt';
  private client: MqttClient | undefined;
  private readonly bindings: MqttTagBinding[];
  private readonly byPoint: Map<string, TagDefinition>;
  private readonly statusTopic: string;

  constructor(
    clock: Clock,
    private readonly options: MqttDriverOptions,
  ) {
    const byPoint = new Map(options.tags.filter((t) => t.mqtt).map((t) => [t.point, t]));
    super(options.id, clock, options.backoff ?? new Backoff(), (p) => ({
      deadband: byPoint.get(p)?.deadband ?? 0,
      staleAfterMs: (byPoint.get(p)?.staleAfterS ?? 0) * 1000,
    }));
    this.byPoint = byPoint;
    this.bindings = bindMqttTags([...byPoint.values()]);
    this.statusTopic = options.statusTopic ?? `aqueduct/${options.id}/status`;
  }

  endpoint(): string {
    return this.options.url;
  }

  protected points(): string[] {
    return this.bindings.map((b) => b.tag.point);
  }

  protected async connect(): Promise<void> {
    const client = await openMqtt({
      ...this.options,
      clientId: this.options.clientId ?? `aqueduct-${this.options.id}`,
      will: { topic: this.statusTopic, payload: 'offline', qos: 1, retain: true },
    });
    this.client = client;
    client.on('message', (topic, payload) => this.onMessage(topic, payload));
    client.on('close', () => this.client === client && this.lost(new Error('connection closed')));
    client.on('error', (error) => this.noteError(error));
    // one subscription per filter, at the highest QoS any of its tags asks for
    const filters = new Map<string, 0 | 1 | 2>();
    for (const b of this.bindings)
      filters.set(b.filter, Math.max(filters.get(b.filter) ?? 0, b.tag.mqtt!.qos) as 0 | 1 | 2);
    if (filters.size) {
      const granted = await client.subscribeAsync(
        Object.fromEntries([...filters].map(([f, qos]) => [f, { qos }])),
      );
      const refused = granted.filter((g) => g.qos === 128);
      if (refused.length)
        throw new Error(`broker refused subscription to ${refused.map((g) => g.topic).join(', ')}`);
    }
    await client.publishAsync(this.statusTopic, 'online', { qos: 1, retain: true });
  }

  protected async disconnect(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client?.connected)
      await client.publishAsync(this.statusTopic, 'offline', { qos: 0, retain: true }).catch(() => {});
    await closeMqtt(client);
  }

  /** MQTT has no read request: the newest value the broker delivered is the reading */
  async read(points: string[]): Promise<TagSample[]> {
    return points.map((p) => {
      const s = this.cache.get(p);
      if (!s) throw new Error(`${p} has not been received yet`);
      return s;
    });
  }

  async write(point: string, value: TagValue): Promise<WriteResult> {
    const tag = this.byPoint.get(point);
    if (!tag) throw new Error(`${point} is not in the ${this.id} tag map`);
    if (!canWrite(tag)) throw new Error(`${point} is read-only`);
    const client = this.client;
    if (!client?.connected) throw new Error(`${this.id} is not connected`);
    const wire = typeof value === 'string' ? value : unscaleValue(tag, value);
    const { writeTopic, qos, retain } = tag.mqtt!;
    const payload = JSON.stringify({ value: wire, time: new Date(this.clock.now()).toISOString() });
    await client.publishAsync(writeTopic!, payload, { qos, retain });
    this.counters.writes++;
    // QoS 0 is fire-and-forget: the broker never confirms it
    return { point, value, confirmed: qos > 0, detail: `${writeTopic} qos ${qos}` };
  }

  private onMessage(topic: string, payload: Buffer): void {
    const { samples, errors } = decodeMessage(this.bindings, topic, payload, this.clock.now());
    this.counters.reads++;
    this.counters.errors += errors;
    if (samples.length) this.cache.accept(samples);
  }
}
