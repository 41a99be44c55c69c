// Opening an MQTT connection the way both MQTT drivers (JSON topics, Sparkplug B) need it: TLS
// and username/password, a last will that tells the site we are gone, a persistent session
// (clean: false) so QoS 1/2 messages queue at the broker while we reconnect, and no automatic
// reconnect by mqtt.js: the driver's own backoff and status do that, on the injected clock.
import { connect, type IClientOptions, type MqttClient } from 'mqtt';

export interface MqttConnectionOptions {
  /** mqtt://host:port or mqtts://host:port */
  url: string;
  clientId: string;
  username?: string;
  password?: string;
  /** PEM texts for mqtts:// */
  tls?: { ca?: string; cert?: string; key?: string; rejectUnauthorized?: boolean };
  /** false (default): the broker keeps our subscriptions and queued messages across reconnects */
  clean?: boolean;
  keepaliveS?: number;
  connectTimeoutMs?: number;
  will?: { topic: string; payload: string | Buffer; qos: 0 | 1 | 2; retain: boolean };
}

export function openMqtt(o: MqttConnectionOptions): Promise<MqttClient> {
  const options: IClientOptions = {
    clientId: o.clientId,
    clean: o.clean ?? false,
    keepalive: o.keepaliveS ?? 10,
    connectTimeout: o.connectTimeoutMs ?? 5000,
    reconnectPeriod: 0,
    protocolVersion: 4,
    ...(o.username !== undefined ? { username: o.username } : {}),
    ...(o.password !== undefined ? { password: o.password } : {}),
    ...(o.will ? { will: { ...o.will, payload: Buffer.from(o.will.payload) } } : {}),
    ...(o.tls
      ? {
          ca: o.tls.ca,
          cert: o.tls.cert,
          key: o.tls.key,
          rejectUnauthorized: o.tls.rejectUnauthorized ?? true,
        }
      : {}),
  };
  return new Promise((resolve, reject) => {
    const client = connect(o.url, options);
    const fail = (error: Error) => {
      client.removeAllListeners();
      client.on('error', () => {});
      client.end(true);
      reject(error);
    };
    client.once('connect', () => {
      client.removeListener('error', fail);
      client.removeListener('close', closed);
      resolve(client);
    });
    const closed = () => fail(new Error(`connection to ${o.url} closed`));
    client.once('error', fail);
    client.once('close', closed);
  });
}

export function closeMqtt(client: MqttClient | undefined): Promise<void> {
  if (!client) return Promise.resolve();
  client.removeAllListeners();
  client.on('error', () => {});
  return new Promise((resolve) => client.end(true, {}, () => resolve()));
}
