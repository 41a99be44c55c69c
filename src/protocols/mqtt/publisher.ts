// MQTT publisher with store-and-forward: what a field gateway (and the plant simulator) runs to
// push readings to a broker. While the broker is away, readings queue in order; once it is back
// they are published oldest first, each counted as delivered only when the broker has
// acknowledged it (QoS 1/2). A broker can acknowledge a message and still lose it (mosquitto
// acks what arrives while it shuts down, after saving its sessions), so after every reconnect
// the last `replayMs` of delivered messages are sent again: at-least-once, and receivers drop
// the duplicates by source timestamp.
import type { MqttClient } from 'mqtt';
import type { Cancel, Clock } from '../../agents/runtime/clock';
import { errorMessage } from '../driver';
import { Backoff } from '../driver-base';
import { StoreAndForward } from '../store-forward';
import { closeMqtt, openMqtt, type MqttConnectionOptions } from './connection';

export interface OutgoingMessage {
  topic: string;
  payload: string | Buffer;
  qos: 0 | 1 | 2;
  retain?: boolean;
}

export class MqttPublisher {
  private client: MqttClient | undefined;
  private closed: Promise<never> | undefined;
  private readonly forward: StoreAndForward<OutgoingMessage>;
  private retry: Cancel | undefined;
  private stopped = true;
  lastError: string | undefined;
  connections = 0;
  replayed = 0;
  /** delivered messages of the last replayMs, oldest first, with when they were delivered */
  private recent: { at: number; message: OutgoingMessage }[] = [];

  constructor(
    private readonly clock: Clock,
    private readonly options: MqttConnectionOptions & { statusTopic?: string },
    private readonly backoff = new Backoff(200, 5000),
    maxQueued = 1_000_000,
    private readonly replayMs = 5000,
  ) {
    this.forward = new StoreAndForward(clock, (batch) => this.send(batch), {
      maxQueued,
      batch: 500,
      retryMs: 200,
    });
  }

  get connected(): boolean {
    return this.client?.connected ?? false;
  }

  stats() {
    return this.forward.stats();
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    void this.open();
  }

  publish(messages: OutgoingMessage[]): void {
    this.forward.forward(messages);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.retry?.();
    this.forward.stop();
    const client = this.client;
    this.client = undefined;
    if (client?.connected && this.options.statusTopic)
      await client
        .publishAsync(this.options.statusTopic, 'offline', { qos: 1, retain: true })
        .catch(() => {});
    await closeMqtt(client);
  }

  private async open(): Promise<void> {
    if (this.stopped) return;
    const { statusTopic } = this.options;
    try {
      const client = await openMqtt({
        ...this.options,
        ...(statusTopic ? { will: { topic: statusTopic, payload: 'offline', qos: 1, retain: true } } : {}),
      });
      if (this.stopped) return void closeMqtt(client);
      this.client = client;
      this.closed = new Promise<never>((_, reject) =>
        client.once('close', () => reject(new Error('connection closed'))),
      );
      this.closed.catch(() => {});
      client.on('error', (e) => (this.lastError = errorMessage(e)));
      client.once('close', () => {
        if (this.client !== client) return;
        this.client = undefined;
        void closeMqtt(client);
        this.schedule();
      });
      this.connections++;
      this.backoff.reset();
      if (statusTopic) await client.publishAsync(statusTopic, 'online', { qos: 1, retain: true });
      if (this.connections > 1) {
        const replay = this.recent.map((r) => r.message);
        this.recent = [];
        this.replayed += replay.length;
        this.forward.requeueFront(replay);
      } else void this.forward.flush();
    } catch (error) {
      this.lastError = errorMessage(error);
      this.schedule();
    }
  }

  private schedule(): void {
    if (this.stopped) return;
    this.retry = this.clock.at(this.clock.now() + this.backoff.next(), () => void this.open());
  }

  private async send(batch: OutgoingMessage[]): Promise<void> {
    const client = this.client;
    if (!client?.connected || !this.closed) throw new Error('broker not connected');
    // a publish whose connection dies before its PUBACK never settles on its own: race the close
    await Promise.race([
      Promise.all(
        batch.map((m) => client.publishAsync(m.topic, m.payload, { qos: m.qos, retain: m.retain ?? false })),
      ),
      this.closed,
    ]);
    const now = this.clock.now();
    for (const message of batch) this.recent.push({ at: now, message });
    const keepFrom = this.recent.findIndex((r) => r.at >= now - this.replayMs);
    if (keepFrom > 0) this.recent.splice(0, keepFrom);
  }
}
