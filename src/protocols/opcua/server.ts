// An OPC UA server exposing a tag map's points as variables (ns=1;s=<point>), writable where
// the map says so, plus a method to call. The plant simulator serves the twin through it, and
// the tests use it as a peer configured in more than one way (security, users). Its PKI lives
// in the folder it is given, never in ~/.config.
import './stack-log';
import {
  DataType,
  DataValue,
  MessageSecurityMode,
  OPCUACertificateManager,
  OPCUAServer,
  SecurityPolicy,
  StatusCodes,
  Variant,
  type UAVariable,
} from 'node-opcua';
import type { Clock } from '../../agents/runtime/clock';
import type { TagDefinition } from '../tags/schema';

export interface OpcuaServerOptions {
  port: number;
  /** server timestamps and the time of clients' writes */
  clock: Clock;
  /** the server's PKI (own certificate, trusted/rejected clients) */
  pkiFolder: string;
  tags: readonly TagDefinition[];
  /** default: None, Sign, SignAndEncrypt all offered */
  securityModes?: ('None' | 'Sign' | 'SignAndEncrypt')[];
  /** username → password; when given, anonymous sessions are refused */
  users?: Record<string, string>;
  /** accept any client certificate (a commissioning bench; a real station would not) */
  acceptAnyClient?: boolean;
  /** called when a client writes a writable point */
  onWrite?: (tag: TagDefinition, value: number | boolean) => void;
  /** called for the 'Command' method: (target, action, value) → result text */
  onCommand?: (target: string, action: string, value: number) => string;
  applicationName?: string;
}

export const opcuaNodeId = (point: string) => `ns=1;s=${point}`;

export class OpcuaTagServer {
  private server: OPCUAServer | undefined;
  private readonly values = new Map<string, { value: number | boolean; time: Date; bad?: boolean }>();
  private readonly variables = new Map<string, UAVariable>();
  readonly counters = { writes: 0, calls: 0 };

  constructor(private readonly options: OpcuaServerOptions) {}

  get endpointUrl(): string {
    return `opc.tcp://127.0.0.1:${this.options.port}/aqueduct`;
  }

  async start(): Promise<void> {
    const o = this.options;
    const serverCertificateManager = new OPCUACertificateManager({
      rootFolder: o.pkiFolder,
      automaticallyAcceptUnknownCertificate: o.acceptAnyClient ?? true,
    });
    await serverCertificateManager.initialize();
    const modes = (o.securityModes ?? ['None', 'Sign', 'SignAndEncrypt']).map((m) => MessageSecurityMode[m]);
    const server = new OPCUAServer({
      port: o.port,
      hostname: '127.0.0.1',
      alternateHostname: ['127.0.0.1'],
      resourcePath: '/aqueduct',
      serverCertificateManager,
      securityModes: modes,
      securityPolicies: modes.some((m) => m !== MessageSecurityMode.None)
        ? [SecurityPolicy.None, SecurityPolicy.Basic256Sha256]
        : [SecurityPolicy.None],
      allowAnonymous: !o.users,
      userManager: o.users
        ? { isValidUser: (user: string, password: string) => o.users![user] === password }
        : undefined,
      buildInfo: { productName: o.applicationName ?? 'Aqueduct plant simulator' },
      serverInfo: { applicationName: { text: o.applicationName ?? 'Aqueduct plant simulator' } },
      maxConnectionsPerEndpoint: 50,
      serverCapabilities: { maxMonitoredItemsPerSubscription: 100_000 } as never,
    });
    await server.initialize();
    const addressSpace = server.engine.addressSpace!;
    const namespace = addressSpace.getOwnNamespace();
    const plant = namespace.addFolder(addressSpace.rootFolder.objects, { browseName: 'Plant' });
    const folders = new Map<string, ReturnType<typeof namespace.addFolder>>();
    for (const tag of o.tags) {
      // Plant/<kind>/<element>/<quantity>: the tag picker browses it like a station's address space
      const [kind, ...rest] = tag.point.split('.');
      const element = rest.slice(0, -1).join('.');
      const folderKey = `${kind}/${element}`;
      let folder = folders.get(folderKey);
      if (!folder) {
        let kindFolder = folders.get(kind!);
        if (!kindFolder) folders.set(kind!, (kindFolder = namespace.addFolder(plant, { browseName: kind! })));
        folders.set(folderKey, (folder = namespace.addFolder(kindFolder, { browseName: element })));
      }
      const isBool = tag.type === 'bool';
      const dataType = isBool ? DataType.Boolean : DataType.Double;
      this.values.set(tag.point, { value: isBool ? false : 0, time: new Date(0) });
      const variable = namespace.addVariable({
        componentOf: folder,
        browseName: rest.at(-1)!,
        nodeId: `s=${tag.point}`,
        dataType,
        accessLevel: tag.access === 'read' ? 'CurrentRead' : 'CurrentRead | CurrentWrite',
        userAccessLevel: tag.access === 'read' ? 'CurrentRead' : 'CurrentRead | CurrentWrite',
        description: tag.units ? `${tag.point} [${tag.units}]` : tag.point,
        minimumSamplingInterval: 100,
        value: {
          timestamped_get: () => {
            const v = this.values.get(tag.point)!;
            return new DataValue({
              value: new Variant({ dataType, value: v.value }),
              statusCode: v.bad ? StatusCodes.BadCommunicationError : StatusCodes.Good,
              sourceTimestamp: v.time,
              serverTimestamp: new Date(o.clock.now()),
            });
          },
          timestamped_set: async (dataValue: DataValue) => {
            if (tag.access === 'read') return StatusCodes.BadNotWritable;
            const variant = dataValue.value;
            const value = isBool ? Boolean(variant.value) : Number(variant.value);
            if (!isBool && !Number.isFinite(value)) return StatusCodes.BadOutOfRange;
            this.values.set(tag.point, { value, time: new Date(o.clock.now()) });
            this.counters.writes++;
            o.onWrite?.(tag, value);
            return StatusCodes.Good;
          },
        },
      });
      this.variables.set(tag.point, variable);
    }
    const station = namespace.addObject({
      organizedBy: plant,
      browseName: 'Station',
      nodeId: 's=Plant.Station',
    });
    const command = namespace.addMethod(station, {
      browseName: 'Command',
      nodeId: 's=Plant.Command',
      inputArguments: [
        { name: 'target', dataType: DataType.String },
        { name: 'action', dataType: DataType.String },
        { name: 'value', dataType: DataType.Double },
      ],
      outputArguments: [{ name: 'result', dataType: DataType.String }],
    });
    command.bindMethod(async (args: Variant[], _context: unknown) => {
      this.counters.calls++;
      const [target, action, value] = args.map((a) => a.value) as [string, string, number];
      const result = o.onCommand ? o.onCommand(target, action, value) : `ignored: ${action}`;
      return {
        statusCode: StatusCodes.Good,
        outputArguments: [{ dataType: DataType.String, value: result }],
      };
    });
    await server.start();
    this.server = server;
  }

  /** the plant's newest value of a point (source timestamp = when the twin computed it) */
  set(point: string, value: number | boolean, time: Date): void {
    const v = this.values.get(point);
    if (!v) throw new Error(`${point} is not served`);
    // monitored items sample the getter at their sampling interval: no push needed here
    this.values.set(point, { value, time });
  }

  /** mark a point as bad at the source (a failed instrument behind the PLC) */
  setBad(point: string, bad: boolean): void {
    const v = this.values.get(point);
    if (v) this.values.set(point, { ...v, bad });
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    await server?.shutdown(0);
  }
}
