// The Add / Edit connection form as plain data: what the operator typed (strings, as inputs
// hold them) → the settings the core validates (ConnectionConfig in src/protocols/connections.ts),
// and OPC UA variables bound from the address space → tag map entries `{point, opcua: {nodeId}}`.
// The core has the last word on every field; this only turns text into numbers and leaves
// empty optional fields out, and says which field it could not read.
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import type { ConnectionView } from '../../../shared/operations';

export type Protocol = 'modbus' | 'mqtt' | 'sparkplug' | 'opcua';
export const PROTOCOLS: readonly { value: Protocol; label: string }[] = [
  { value: 'modbus', label: 'Modbus (TCP or RTU)' },
  { value: 'mqtt', label: 'MQTT' },
  { value: 'sparkplug', label: 'Sparkplug B (MQTT)' },
  { value: 'opcua', label: 'OPC UA' },
];

export interface ConnectionForm {
  id: string;
  protocol: Protocol;
  modbus: {
    kind: 'tcp' | 'rtu';
    host: string;
    port: string;
    path: string;
    baudRate: string;
    parity: 'none' | 'even' | 'odd';
    dataBits: '7' | '8';
    stopBits: '1' | '2';
    pollMs: string;
    timeoutMs: string;
    retries: string;
  };
  mqtt: {
    url: string;
    username: string;
    password: string;
    clientId: string;
    tls: boolean;
    rejectUnauthorized: boolean;
  };
  opcua: {
    endpointUrl: string;
    securityMode: 'None' | 'Sign' | 'SignAndEncrypt';
    securityPolicy: '' | 'None' | 'Basic256Sha256' | 'Aes128_Sha256_RsaOaep' | 'Aes256_Sha256_RsaPss';
    userName: string;
    password: string;
    publishingIntervalMs: string;
  };
}

export function emptyForm(protocol: Protocol = 'modbus'): ConnectionForm {
  return {
    id: '',
    protocol,
    modbus: {
      kind: 'tcp',
      host: '127.0.0.1',
      port: '502',
      path: '',
      baudRate: '9600',
      parity: 'none',
      dataBits: '8',
      stopBits: '1',
      pollMs: '1000',
      timeoutMs: '1000',
      retries: '1',
    },
    mqtt: {
      url: 'mqtt://127.0.0.1:1883',
      username: '',
      password: '',
      clientId: '',
      tls: false,
      rejectUnauthorized: true,
    },
    opcua: {
      endpointUrl: 'opc.tcp://127.0.0.1:4840/aqueduct',
      securityMode: 'None',
      securityPolicy: '',
      userName: '',
      password: '',
      publishingIntervalMs: '1000',
    },
  };
}

export type FormResult =
  { ok: true; settings: Record<string, unknown> } | { ok: false; field: string; message: string };

class FieldError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

function integer(field: string, text: string, label: string): number {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) throw new FieldError(field, `${label} must be a whole number`);
  return Number(trimmed);
}

function required(field: string, text: string, label: string): string {
  const trimmed = text.trim();
  if (!trimmed) throw new FieldError(field, `${label} is required`);
  return trimmed;
}

/** The form as the settings `connections.test` / `connections.add` take. */
export function formToSettings(form: ConnectionForm): FormResult {
  try {
    const id = required('id', form.id, 'Connection id');
    switch (form.protocol) {
      case 'modbus': {
        const m = form.modbus;
        const transport =
          m.kind === 'tcp'
            ? {
                kind: 'tcp',
                host: required('modbus.host', m.host, 'Host'),
                port: integer('modbus.port', m.port, 'Port'),
              }
            : {
                kind: 'rtu',
                path: required('modbus.path', m.path, 'Serial port'),
                baudRate: integer('modbus.baudRate', m.baudRate, 'Baud rate'),
                parity: m.parity,
                dataBits: Number(m.dataBits),
                stopBits: Number(m.stopBits),
              };
        return {
          ok: true,
          settings: {
            id,
            protocol: 'modbus',
            transport,
            pollMs: integer('modbus.pollMs', m.pollMs, 'Poll period'),
            timeoutMs: integer('modbus.timeoutMs', m.timeoutMs, 'Timeout'),
            retries: integer('modbus.retries', m.retries, 'Retries'),
          },
        };
      }
      case 'mqtt':
      case 'sparkplug': {
        const q = form.mqtt;
        return {
          ok: true,
          settings: {
            id,
            protocol: form.protocol,
            url: required('mqtt.url', q.url, 'Broker URL'),
            ...(q.username.trim() && { username: q.username.trim() }),
            ...(q.password && { password: q.password }),
            ...(q.clientId.trim() && { clientId: q.clientId.trim() }),
            ...(q.tls && { tls: { rejectUnauthorized: q.rejectUnauthorized } }),
          },
        };
      }
      case 'opcua': {
        const o = form.opcua;
        return {
          ok: true,
          settings: {
            id,
            protocol: 'opcua',
            endpointUrl: required('opcua.endpointUrl', o.endpointUrl, 'Endpoint URL'),
            securityMode: o.securityMode,
            ...(o.securityPolicy && { securityPolicy: o.securityPolicy }),
            ...(o.userName.trim() && { user: { name: o.userName.trim(), password: o.password } }),
            publishingIntervalMs: integer(
              'opcua.publishingIntervalMs',
              o.publishingIntervalMs,
              'Publishing interval',
            ),
          },
        };
      }
    }
  } catch (error) {
    if (error instanceof FieldError) return { ok: false, field: error.field, message: error.message };
    throw error;
  }
}

/**
 * The form for editing a connection: the settings it was added with when this console
 * still has them, otherwise what its row tells (protocol and endpoint).
 */
export function formFromConnection(view: ConnectionView, settings?: Record<string, unknown>): ConnectionForm {
  const protocol = (PROTOCOLS.some((p) => p.value === view.protocol) ? view.protocol : 'modbus') as Protocol;
  const form = emptyForm(protocol);
  form.id = view.id;
  if (settings) return { ...form, ...settingsToForm(settings, form) };
  if (protocol === 'modbus') {
    const tcp = /^tcp:\/\/(.+):(\d+)$/.exec(view.endpoint);
    const rtu = /^rtu:\/\/(.+)@(\d+)$/.exec(view.endpoint);
    if (tcp) Object.assign(form.modbus, { kind: 'tcp', host: tcp[1], port: tcp[2] });
    if (rtu) Object.assign(form.modbus, { kind: 'rtu', path: rtu[1], baudRate: rtu[2] });
  } else if (protocol === 'opcua') form.opcua.endpointUrl = view.endpoint;
  else form.mqtt.url = view.endpoint;
  return form;
}

function settingsToForm(s: Record<string, unknown>, base: ConnectionForm): Partial<ConnectionForm> {
  const str = (v: unknown, fallback: string) => (v === undefined || v === null ? fallback : String(v));
  if (s.protocol === 'modbus') {
    const t = (s.transport ?? {}) as Record<string, unknown>;
    return {
      modbus: {
        ...base.modbus,
        kind: t.kind === 'rtu' ? 'rtu' : 'tcp',
        host: str(t.host, base.modbus.host),
        port: str(t.port, base.modbus.port),
        path: str(t.path, ''),
        baudRate: str(t.baudRate, base.modbus.baudRate),
        parity: (t.parity as ConnectionForm['modbus']['parity']) ?? 'none',
        dataBits: str(t.dataBits, '8') as '7' | '8',
        stopBits: str(t.stopBits, '1') as '1' | '2',
        pollMs: str(s.pollMs, base.modbus.pollMs),
        timeoutMs: str(s.timeoutMs, base.modbus.timeoutMs),
        retries: str(s.retries, base.modbus.retries),
      },
    };
  }
  if (s.protocol === 'opcua') {
    const user = s.user as { name?: string; password?: string } | undefined;
    return {
      opcua: {
        endpointUrl: str(s.endpointUrl, base.opcua.endpointUrl),
        securityMode: (s.securityMode as ConnectionForm['opcua']['securityMode']) ?? 'None',
        securityPolicy: (s.securityPolicy as ConnectionForm['opcua']['securityPolicy']) ?? '',
        userName: user?.name ?? '',
        password: user?.password ?? '',
        publishingIntervalMs: str(s.publishingIntervalMs, base.opcua.publishingIntervalMs),
      },
    };
  }
  const tls = s.tls as { rejectUnauthorized?: boolean } | undefined;
  return {
    mqtt: {
      url: str(s.url, base.mqtt.url),
      username: str(s.username, ''),
      password: str(s.password, ''),
      clientId: str(s.clientId, ''),
      tls: tls !== undefined,
      rejectUnauthorized: tls?.rejectUnauthorized ?? true,
    },
  };
}

// ---------------------------------------------------------------- tag maps

export interface TagMapFile {
  fileName: string;
  text: string;
}

/** The tag map formats the core reads, by file name. */
export const TAG_MAP_ACCEPT = '.yaml,.yml,.json,.csv';

export function tagMapFormat(fileName: string): 'csv' | 'yaml' | 'json' | null {
  if (/\.csv$/i.test(fileName)) return 'csv';
  if (/\.ya?ml$/i.test(fileName)) return 'yaml';
  if (/\.json$/i.test(fileName)) return 'json';
  return null;
}

/** An OPC UA variable bound to an agent point. */
export interface OpcuaBinding {
  point: string;
  nodeId: string;
}

/** The point naming rule of the tag schema: kind.element.quantity. */
const POINT = /^[A-Za-z][\w-]*\.[\w-]+(\.[\w-]+)+$/;

export function validPoint(point: string): boolean {
  return POINT.test(point);
}

/**
 * A point to start from for a browsed variable: the string id itself where it already reads
 * like a point (`ns=1;s=pump.PU-1.speed` → `pump.PU-1.speed`), otherwise nothing.
 */
export function suggestPoint(nodeId: string): string {
  const s = /(?:^|;)s=(.+)$/.exec(nodeId)?.[1];
  return s && validPoint(s) ? s : '';
}

/** One tag map entry for a bound variable, as the tag schema reads it. */
export function bindingEntry(binding: OpcuaBinding): { point: string; opcua: { nodeId: string } } {
  return { point: binding.point, opcua: { nodeId: binding.nodeId } };
}

/**
 * Add bound variables to a tag map: into the picked YAML / JSON file (a point already mapped
 * is rebound to the new node), or into a new map when there is none. A CSV register list
 * (Modbus only) cannot take OPC UA tags.
 */
export function addBindings(
  map: TagMapFile | null,
  bindings: readonly OpcuaBinding[],
  connectionId: string,
): TagMapFile {
  const entries = bindings.map(bindingEntry);
  if (!map) {
    return {
      fileName: `${connectionId || 'opcua'}-tags.yaml`,
      text: stringifyYaml({ version: 1, tags: entries }),
    };
  }
  const format = tagMapFormat(map.fileName);
  if (format === 'csv')
    throw new Error(
      'A CSV register list holds Modbus registers only: bind OPC UA variables in a YAML or JSON tag map',
    );
  const doc = (map.text.trim() ? parseYaml(map.text) : {}) as { version?: unknown; tags?: unknown[] } | null;
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc))
    throw new Error(`${map.fileName} is not a tag map (version: 1, tags: […])`);
  const bound = new Set(entries.map((e) => e.point));
  const kept = (Array.isArray(doc.tags) ? doc.tags : []).filter(
    (t) => !(t && typeof t === 'object' && bound.has((t as { point?: string }).point ?? '')),
  );
  const next = { ...doc, version: doc.version ?? 1, tags: [...kept, ...entries] };
  return {
    fileName: map.fileName,
    text: format === 'json' ? `${JSON.stringify(next, null, 2)}\n` : stringifyYaml(next),
  };
}

/** "12 s", "1.5 s", "4 min" for a retry-in countdown */
export function formatRetry(ms: number | undefined): string {
  if (ms === undefined) return '—';
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms < 120_000) return `${Math.round(ms / 1000)} s`;
  return `${Math.round(ms / 60_000)} min`;
}

const NODE_CLASSES: Record<string, string> = {
  '1': 'Object',
  '2': 'Variable',
  '4': 'Method',
  '8': 'ObjectType',
  '16': 'VariableType',
  '32': 'ReferenceType',
  '64': 'DataType',
  '128': 'View',
};

/** An OPC UA node class in words (the core may send its number: "2" → "Variable"). */
export function nodeClassName(nodeClass: string): string {
  return NODE_CLASSES[nodeClass] ?? nodeClass;
}
