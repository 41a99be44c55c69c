// OPC UA client driver (node-opcua): one session, one subscription holding a monitored item per
// tag (sampling per tag, one publishing interval), writes with the server's status code as
// confirmation, method calls, and browsing for the tag picker. After the first connection,
// node-opcua itself keeps the session alive and, when the channel breaks, reconnects and
// transfers the subscription (or recreates it on a restarted server); meanwhile the points are
// bad with the reason, and on the way back every point is read once so none stays bad because
// its value happened not to change. The PKI sits in the folder it is given (the data folder).
import './stack-log';
import {
  AttributeIds,
  ClientMonitoredItemGroup,
  ClientSubscription,
  DataType,
  MessageSecurityMode,
  OPCUACertificateManager,
  OPCUAClient,
  SecurityPolicy,
  StatusCodes,
  TimestampsToReturn,
  UserTokenType,
  type ClientSession,
  type DataValue,
  type UserIdentityInfo,
} from 'node-opcua';
import type { Clock } from '../../agents/runtime/clock';
import { type Quality, type TagSample, type TagValue, type WriteResult } from '../driver';
import { Backoff, DriverBase } from '../driver-base';
import { canRead, canWrite, type TagDefinition } from '../tags/schema';
import { scaleValue, unscaleValue } from '../tags/value';

export type SecurityModeName = 'None' | 'Sign' | 'SignAndEncrypt';

export interface OpcuaDriverOptions {
  id: string;
  endpointUrl: string;
  tags: readonly TagDefinition[];
  /** the client's PKI: own certificate, trusted and rejected server certificates */
  pkiFolder: string;
  securityMode?: SecurityModeName;
  /** default Basic256Sha256 when signing, None otherwise */
  securityPolicy?: keyof typeof SecurityPolicy;
  user?: { name: string; password: string };
  publishingIntervalMs?: number;
  /** trust a server certificate seen for the first time (commissioning only) */
  acceptUnknownServer?: boolean;
  backoff?: Backoff;
  applicationName?: string;
}

export interface BrowseEntry {
  nodeId: string;
  browseName: string;
  displayName: string;
  nodeClass: string;
  /** a variable the tag picker can bind */
  isVariable: boolean;
}

export function qualityOf(dv: DataValue): { quality: Quality; reason?: string } {
  const sc = dv.statusCode;
  if (sc.isGood()) return { quality: 'good' };
  const name = sc.name;
  return { quality: sc.isBad() ? 'bad' : 'uncertain', reason: `opcua: ${name}` };
}

export class OpcuaDriver extends DriverBase {
  readonly protocol = 'opcua';
  private client: OPCUAClient | undefined;
  private session: ClientSession | undefined;
  private subscription: ClientSubscription | undefined;
  readonly certificates: OPCUACertificateManager;
  private readonly byPoint: Map<string, TagDefinition>;
  private readonly reading: TagDefinition[];

  constructor(
    clock: Clock,
    private readonly options: OpcuaDriverOptions,
  ) {
    const byPoint = new Map(options.tags.filter((t) => t.opcua).map((t) => [t.point, t]));
    super(options.id, clock, options.backoff ?? new Backoff(1000, 30_000), (p) => ({
      deadband: byPoint.get(p)?.deadband ?? 0,
      staleAfterMs: (byPoint.get(p)?.staleAfterS ?? 0) * 1000,
    }));
    this.byPoint = byPoint;
    this.reading = [...byPoint.values()].filter(canRead);
    this.certificates = new OPCUACertificateManager({
      rootFolder: options.pkiFolder,
      automaticallyAcceptUnknownCertificate: options.acceptUnknownServer ?? false,
    });
  }

  endpoint(): string {
    return this.options.endpointUrl;
  }

  protected points(): string[] {
    return this.reading.map((t) => t.point);
  }

  protected async connect(): Promise<void> {
    const o = this.options;
    await this.certificates.initialize();
    const mode = MessageSecurityMode[o.securityMode ?? 'None'];
    const policy =
      SecurityPolicy[o.securityPolicy ?? (mode === MessageSecurityMode.None ? 'None' : 'Basic256Sha256')];
    const client = OPCUAClient.create({
      applicationName: o.applicationName ?? 'Aqueduct console',
      endpointMustExist: false,
      securityMode: mode,
      securityPolicy: policy,
      clientCertificateManager: this.certificates,
      keepSessionAlive: true,
      requestedSessionTimeout: 60_000,
      // the first connection fails fast into our backoff; once connected, node-opcua repairs
      // a broken channel itself (it retries without limit then) and transfers the subscription
      connectionStrategy: { maxRetry: 1, initialDelay: 250, maxDelay: 2000 },
      defaultSecureTokenLifetime: 600_000,
    });
    this.client = client;
    client.on(
      'connection_lost',
      () => this.client === client && this.suspended(new Error('connection lost')),
    );
    client.on('connection_reestablished', () => {
      if (this.client !== client) return;
      this.resumed();
      void this.refresh();
    });
    try {
      await client.connect(o.endpointUrl);
      const identity: UserIdentityInfo = o.user
        ? { type: UserTokenType.UserName, userName: o.user.name, password: o.user.password }
        : { type: UserTokenType.Anonymous };
      const session = await client.createSession(identity);
      this.session = session;
      session.on(
        'session_closed',
        () => this.client === client && this.lost(new Error('session closed by server')),
      );
      await this.subscribe(session);
    } catch (error) {
      throw new Error(describeOpcuaError(error), { cause: error });
    }
  }

  protected async disconnect(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    const session = this.session;
    this.session = undefined;
    this.subscription = undefined;
    await session?.close().catch(() => {});
    await client?.disconnect().catch(() => {});
  }

  async read(points: string[]): Promise<TagSample[]> {
    const session = this.requireSession();
    const tags = points.map((p) => this.tag(p));
    const values = await session.read(
      tags.map((t) => ({ nodeId: t.opcua!.nodeId, attributeId: AttributeIds.Value })),
    );
    this.counters.reads++;
    const out = tags.map((t, i) => this.sample(t, values[i]!));
    this.cache.accept(out);
    return out;
  }

  async write(point: string, value: TagValue): Promise<WriteResult> {
    const tag = this.tag(point);
    if (!canWrite(tag)) throw new Error(`${point} is read-only`);
    const session = this.requireSession();
    const wire = unscaleValue(tag, value);
    const dataType = typeof wire === 'boolean' ? DataType.Boolean : DataType.Double;
    const status = await session.write({
      nodeId: tag.opcua!.nodeId,
      attributeId: AttributeIds.Value,
      value: { value: { dataType, value: wire } },
    });
    this.counters.writes++;
    if (!status.isGood()) {
      this.counters.errors++;
      throw new Error(`${point}: server refused the write (${status.name})`);
    }
    return { point, value, confirmed: true, detail: status.name };
  }

  /** call a method; resolves with its output arguments' values, rejects with the status name */
  async call(
    objectId: string,
    methodId: string,
    args: { dataType: keyof typeof DataType; value: unknown }[],
  ): Promise<unknown[]> {
    const session = this.requireSession();
    const result = await session.call({
      objectId,
      methodId,
      inputArguments: args.map((a) => ({ dataType: DataType[a.dataType], value: a.value })),
    });
    if (!result.statusCode.isGood()) throw new Error(`method ${methodId}: ${result.statusCode.name}`);
    return (result.outputArguments ?? []).map((v) => v.value);
  }

  /** the children of a node (default: the Objects folder), for the tag picker */
  async browse(nodeId = 'i=85'): Promise<BrowseEntry[]> {
    const session = this.requireSession();
    const result = await session.browse({
      nodeId,
      resultMask: 63,
      includeSubtypes: true,
      browseDirection: 0,
      referenceTypeId: 'HierarchicalReferences',
    });
    if (!result.statusCode.isGood()) throw new Error(`browse ${nodeId}: ${result.statusCode.name}`);
    return (result.references ?? []).map((r) => ({
      nodeId: r.nodeId.toString(),
      browseName: r.browseName.toString(),
      displayName: r.displayName.text ?? '',
      nodeClass: String(r.nodeClass),
      isVariable: r.nodeClass === 2,
    }));
  }

  private async subscribe(session: ClientSession): Promise<void> {
    const subscription = ClientSubscription.create(session, {
      requestedPublishingInterval: this.options.publishingIntervalMs ?? 1000,
      requestedLifetimeCount: 600,
      requestedMaxKeepAliveCount: 10,
      maxNotificationsPerPublish: 0,
      publishingEnabled: true,
      priority: 1,
    });
    this.subscription = subscription;
    if (!this.reading.length) return;
    // one group, one CreateMonitoredItems round trip for all items; sampling per tag is set below
    const sampling = Math.min(...this.reading.map((t) => t.opcua!.samplingMs));
    const group = ClientMonitoredItemGroup.create(
      subscription,
      this.reading.map((t) => ({ nodeId: t.opcua!.nodeId, attributeId: AttributeIds.Value })),
      { samplingInterval: sampling, discardOldest: true, queueSize: 10 },
      TimestampsToReturn.Both,
    );
    // one publish response carries many notifications: pass them on as one batch
    let batch: TagSample[] = [];
    group.on('changed', (_item, dataValue, index) => {
      this.counters.reads++;
      const tag = this.reading[index];
      if (!tag) return;
      if (!batch.length)
        queueMicrotask(() => {
          const out = batch;
          batch = [];
          if (this.subscription) this.cache.accept(out); // not after stop()
        });
      batch.push(this.sample(tag, dataValue));
    });
    await new Promise<void>((resolve, reject) => {
      group.once('initialized', () => resolve());
      group.once('err', (message) => reject(new Error(message)));
    });
    // an item the server refused (unknown node, no access) never notifies: say so once
    const now = this.clock.now();
    const refused = group.monitoredItems.flatMap((item, i): TagSample[] =>
      item.statusCode.isBad()
        ? [
            {
              point: this.reading[i]!.point,
              value: null,
              quality: 'bad',
              reason: `opcua: ${item.statusCode.name}`,
              sourceTime: now,
              receivedTime: now,
            },
          ]
        : [],
    );
    if (refused.length) this.cache.accept(refused);
  }

  private async refresh(): Promise<void> {
    if (!this.reading.length) return;
    await this.read(this.reading.map((t) => t.point)).catch((error) => this.noteError(error));
  }

  private sample(tag: TagDefinition, dv: DataValue): TagSample {
    const now = this.clock.now();
    const sourceTime = dv.sourceTimestamp?.getTime() ?? dv.serverTimestamp?.getTime() ?? now;
    const q = qualityOf(dv);
    if (q.quality === 'bad')
      return {
        point: tag.point,
        value: this.cache.get(tag.point)?.value ?? null,
        ...q,
        sourceTime,
        receivedTime: now,
      };
    try {
      return {
        point: tag.point,
        value: scaleValue(tag, dv.value.value),
        ...q,
        sourceTime,
        receivedTime: now,
      };
    } catch (error) {
      this.counters.errors++;
      return {
        point: tag.point,
        value: null,
        quality: 'bad',
        reason: `opcua: ${(error as Error).message}`,
        sourceTime,
        receivedTime: now,
      };
    }
  }

  private tag(point: string): TagDefinition {
    const tag = this.byPoint.get(point);
    if (!tag) throw new Error(`${point} is not in the ${this.id} tag map`);
    return tag;
  }

  private requireSession(): ClientSession {
    if (!this.session || this.status().state !== 'connected') throw new Error(`${this.id} is not connected`);
    return this.session;
  }
}

/** what went wrong, in words an engineer on site can act on */
export function describeOpcuaError(error: unknown): string {
  const message = (error as Error)?.message ?? String(error);
  if (/BadCertificateUntrusted|certificate.*(untrusted|not trusted)|BadSecurityChecksFailed/i.test(message))
    return `server certificate not trusted (trust it in Connections, or check the client certificate is trusted by the server): ${message.split('\n')[0]}`;
  if (/BadUserAccessDenied|BadIdentityTokenRejected|BadIdentityTokenInvalid/i.test(message))
    return `user or password refused: ${message.split('\n')[0]}`;
  return message.split('\n')[0]!;
}

export { StatusCodes };
