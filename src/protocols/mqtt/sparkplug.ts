// Sparkplug B host-application driver: learns each edge node's and device's metrics (names,
// aliases, types) from NBIRTH/DBIRTH, follows NDATA/DDATA by alias, checks the sequence number
// and asks for a rebirth (NCMD 'Node Control/Rebirth') when a message was missed or a node
// talks before its birth, turns NDEATH/DDEATH into bad quality, and writes through NCMD/DCMD.
import type { MqttClient } from 'mqtt';
import { get as sparkplugNamespace } from 'sparkplug-payload';
import type { Clock } from '../../agents/runtime/clock';
import { errorMessage, type TagSample, type TagValue, type WriteResult } from '../driver';
import { Backoff, DriverBase } from '../driver-base';
import { canWrite, type TagDefinition } from '../tags/schema';
import { scaleValue, unscaleValue } from '../tags/value';
import { closeMqtt, openMqtt, type MqttConnectionOptions } from './connection';

const spb = sparkplugNamespace('spBv1.0')!;
type Metric = NonNullable<ReturnType<typeof spb.decodePayload>['metrics']>[number];

export const REBIRTH = 'Node Control/Rebirth';

const TYPE_OF: Record<TagDefinition['type'], string> = {
  bool: 'Boolean',
  int16: 'Int16',
  uint16: 'UInt16',
  int32: 'Int32',
  uint32: 'UInt32',
  float32: 'Float',
  float64: 'Double',
};

interface Edge {
  /** last sequence number seen from the node (0–255), undefined before its birth */
  seq?: number;
  /** per device ('' = the node itself): alias → metric name */
  aliases: Map<string, Map<string, string>>;
  types: Map<string, string>;
}

export interface SparkplugDriverOptions extends Omit<MqttConnectionOptions, 'clientId'> {
  id: string;
  tags: readonly TagDefinition[];
  clientId?: string;
  backoff?: Backoff;
}

const key = (group: string, node: string) => `${group}/${node}`;
const metricKey = (group: string, node: string, device: string, metric: string) =>
  `${group}/${node}/${device}/${metric}`;

export class SparkplugDriver extends DriverBase {
  readonly protocol = 'sparkplug';
  private client: MqttClient | undefined;
  private readonly byMetric = new Map<string, TagDefinition>();
  private readonly byPoint = new Map<string, TagDefinition>();
  private readonly edges = new Map<string, Edge>();
  readonly rebirthsRequested: string[] = [];

  constructor(
    clock: Clock,
    private readonly options: SparkplugDriverOptions,
  ) {
    const tags = options.tags.filter((t) => t.sparkplug);
    super(options.id, clock, options.backoff ?? new Backoff(), (p) => {
      const t = tags.find((x) => x.point === p);
      return { deadband: t?.deadband ?? 0, staleAfterMs: (t?.staleAfterS ?? 0) * 1000 };
    });
    for (const t of tags) {
      const s = t.sparkplug!;
      this.byMetric.set(metricKey(s.group, s.node, s.device ?? '', s.metric), t);
      this.byPoint.set(t.point, t);
    }
  }

  endpoint(): string {
    return this.options.url;
  }

  protected points(): string[] {
    return [...this.byPoint.keys()];
  }

  protected async connect(): Promise<void> {
    const client = await openMqtt({
      ...this.options,
      clientId: this.options.clientId ?? `aqueduct-spb-${this.options.id}`,
    });
    this.client = client;
    this.edges.clear();
    client.on('message', (topic, payload) => this.onMessage(topic, payload));
    client.on('close', () => this.client === client && this.lost(new Error('connection closed')));
    const groups = new Set([...this.byPoint.values()].map((t) => t.sparkplug!.group));
    await client.subscribeAsync(
      [...groups].map((g) => `spBv1.0/${g}/#`),
      { qos: 0 },
    );
    // a host that (re)connects has missed births: ask every node we care about for one
    const nodes = new Set([...this.byPoint.values()].map((t) => key(t.sparkplug!.group, t.sparkplug!.node)));
    for (const n of nodes) this.requestRebirth(n.split('/')[0]!, n.split('/')[1]!);
  }

  protected async disconnect(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    await closeMqtt(client);
  }

  async read(points: string[]): Promise<TagSample[]> {
    return points.map((p) => {
      const s = this.cache.get(p);
      if (!s) throw new Error(`${p} has not been born yet`);
      return s;
    });
  }

  async write(point: string, value: TagValue): Promise<WriteResult> {
    const tag = this.byPoint.get(point);
    if (!tag) throw new Error(`${point} is not in the ${this.id} tag map`);
    if (!canWrite(tag)) throw new Error(`${point} is read-only`);
    const client = this.client;
    if (!client?.connected) throw new Error(`${this.id} is not connected`);
    const { group, node, device, metric } = tag.sparkplug!;
    const edge = this.edges.get(key(group, node));
    const type = edge?.types.get(`${device ?? ''}/${metric}`) ?? TYPE_OF[tag.type];
    const wire = typeof value === 'string' ? value : unscaleValue(tag, value);
    const topic = device ? `spBv1.0/${group}/DCMD/${node}/${device}` : `spBv1.0/${group}/NCMD/${node}`;
    const payload = spb.encodePayload({
      timestamp: this.clock.now(),
      metrics: [{ name: metric, type: type as never, value: wire }],
    });
    await client.publishAsync(topic, Buffer.from(payload), { qos: 0 });
    this.counters.writes++;
    // Sparkplug commands are QoS 0 by the specification: confirmation is the edge's next DDATA
    return { point, value, confirmed: false, detail: `${topic} (confirm by readback)` };
  }

  private requestRebirth(group: string, node: string): void {
    const payload = spb.encodePayload({
      timestamp: this.clock.now(),
      metrics: [{ name: REBIRTH, type: 'Boolean', value: true }],
    });
    this.rebirthsRequested.push(key(group, node));
    void this.client
      ?.publishAsync(`spBv1.0/${group}/NCMD/${node}`, Buffer.from(payload), { qos: 0 })
      .catch(() => {});
  }

  private onMessage(topic: string, raw: Buffer): void {
    const parts = topic.split('/');
    const [ns, group, type, node, device = ''] = parts;
    if (ns !== 'spBv1.0' || !group || !type || !node || parts.length > 5) return;
    if (type === 'NCMD' || type === 'DCMD' || type === 'STATE') return;
    this.counters.reads++;
    let payload: ReturnType<typeof spb.decodePayload>;
    try {
      payload = spb.decodePayload(new Uint8Array(raw));
    } catch (error) {
      this.noteError(new Error(`${topic}: undecodable Sparkplug payload (${errorMessage(error)})`));
      return;
    }
    const k = key(group, node);
    const now = this.clock.now();
    if (type === 'NDEATH' || type === 'DDEATH') {
      const reason = `sparkplug: ${type} from ${node}${device ? `/${device}` : ''}`;
      const points = [...this.byPoint.values()]
        .filter(
          (t) =>
            t.sparkplug!.group === group &&
            t.sparkplug!.node === node &&
            (type === 'NDEATH' || t.sparkplug!.device === device),
        )
        .map((t) => t.point);
      this.cache.accept(
        points.map((point) => ({
          point,
          value: this.cache.get(point)?.value ?? null,
          quality: 'bad',
          reason,
          sourceTime: now,
          receivedTime: now,
        })),
      );
      if (type === 'NDEATH') this.edges.delete(k);
      return;
    }
    let edge = this.edges.get(k);
    const seq =
      payload.seq === undefined || payload.seq === null ? undefined : Number(longToNumber(payload.seq));
    if (type === 'NBIRTH') {
      edge = { seq, aliases: new Map(), types: new Map() };
      this.edges.set(k, edge);
    } else if (!edge || edge.seq === undefined) {
      this.requestRebirth(group, node); // data from a node whose birth we never saw
      return;
    } else if (seq !== undefined && seq !== (edge.seq + 1) % 256) {
      this.counters.errors++;
      edge.seq = undefined;
      this.requestRebirth(group, node); // a message went missing: our picture may be wrong
      return;
    } else edge.seq = seq;
    const birth = type === 'NBIRTH' || type === 'DBIRTH';
    // a metric without its own timestamp was measured when the payload says
    const payloadTime =
      payload.timestamp === undefined || payload.timestamp === null
        ? undefined
        : Number(longToNumber(payload.timestamp));
    const aliases = edge.aliases.get(device) ?? new Map<string, string>();
    edge.aliases.set(device, aliases);
    const samples: TagSample[] = [];
    for (const m of payload.metrics ?? []) {
      const alias = m.alias === undefined || m.alias === null ? undefined : String(m.alias);
      if (birth && m.name && alias !== undefined) aliases.set(alias, m.name);
      const name = m.name ?? (alias !== undefined ? aliases.get(alias) : undefined);
      if (!name) continue;
      if (birth && m.type) edge.types.set(`${device}/${name}`, String(m.type));
      const tag = this.byMetric.get(metricKey(group, node, device, name));
      if (tag) samples.push(this.sample(tag, m, payloadTime ?? now, now));
    }
    if (samples.length) this.cache.accept(samples);
  }

  private sample(tag: TagDefinition, m: Metric, measured: number, now: number): TagSample {
    const sourceTime =
      m.timestamp === undefined || m.timestamp === null ? measured : Number(longToNumber(m.timestamp));
    if (m.isNull)
      return {
        point: tag.point,
        value: null,
        quality: 'bad',
        reason: 'sparkplug: null value',
        sourceTime,
        receivedTime: now,
      };
    try {
      const raw = longToNumber(m.value);
      return {
        point: tag.point,
        value: scaleValue(tag, raw),
        quality: 'good',
        sourceTime,
        receivedTime: now,
      };
    } catch (error) {
      this.counters.errors++;
      return {
        point: tag.point,
        value: null,
        quality: 'bad',
        reason: `sparkplug: ${errorMessage(error)}`,
        sourceTime,
        receivedTime: now,
      };
    }
  }
}

/** protobuf 64-bit integers arrive as Long objects */
function longToNumber<T>(v: T): T | number {
  return typeof v === 'object' && v !== null && 'toNumber' in v
    ? (v as { toNumber(): number }).toNumber()
    : v;
}
