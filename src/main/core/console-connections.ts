// The console's field connections (Modbus, MQTT / Sparkplug B, OPC UA) as the contract
// offers them: added from validated settings and a tag map file, kept across restarts in
// the data folder, watched in the tag monitor. Every sample goes to the historian through
// store-and-forward (a busy or failing historian loses none); each connection's state feeds
// a comms-loss alarm of the live network's alarm engine. Drivers run on real time: a field
// link's timeouts do not speed up with the simulation.
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock } from '../../agents/runtime';
import { ConnectionConfig, ConnectionManager, type ConnectionSummary } from '../../protocols/connections';
import type { TagSample } from '../../protocols/driver';
import { StoreAndForward } from '../../protocols/store-forward';
import { parseTagFile, TagMapError } from '../../protocols/tags/parse';
import type { TagDefinition } from '../../protocols/tags/schema';
import { RequestError, type Handlers } from '../api/dispatcher';
import { defineAlarm, type AlarmEngine } from '../alarms';
import type { SampleInput } from '../storage/historian';

export const CONNECTION_REQUESTS = [
  'connections.list',
  'connections.test',
  'connections.add',
  'connections.remove',
  'connections.monitor',
  'connections.browse',
  'connections.discover',
  'connections.certificates',
  'connections.trust',
  'connections.serialPorts',
] as const;
type ConnectionHandlers = Pick<Handlers, (typeof CONNECTION_REQUESTS)[number]>;

/** connections.json in the data folder: what the console reconnects to when it starts */
const SAVED_FILE = 'connections.json';

interface Saved {
  settings: unknown;
  tagMap: { fileName: string; text: string };
}

export class ConsoleConnections {
  readonly handlers: ConnectionHandlers;
  private readonly manager: ConnectionManager;
  private readonly saved = new Map<string, Saved>();
  private readonly toHistorian: StoreAndForward<SampleInput>;
  private alarms: AlarmEngine | undefined;

  constructor(
    private readonly realClock: Clock,
    /** the data folder (PKI, saved connections); none: nothing is kept */
    private readonly dataDir: string | undefined,
    pkiFolder: string,
    historian: (samples: SampleInput[]) => void,
    /** a connection's status changed: whether or not the simulation runs, the console shows it */
    private readonly changed: (connections: ConnectionSummary[]) => void,
    private readonly log: (line: string) => void,
  ) {
    this.manager = new ConnectionManager(realClock, pkiFolder);
    this.toHistorian = new StoreAndForward(realClock, historian, { retryMs: 1_000 });
    this.manager.onSamples((_connection, samples) =>
      this.toHistorian.forward(samples.flatMap(historianSample)),
    );
    this.manager.onStatus((status) => {
      this.changed(this.manager.list());
      this.alarms?.update(stateTag(status.id), status.state, 'good');
    });
    this.handlers = this.makeHandlers();
  }

  /** Start the saved connections; one that no longer parses is reported and skipped. */
  resume(): void {
    const file = this.dataDir && join(this.dataDir, SAVED_FILE);
    if (!file || !existsSync(file)) return;
    try {
      const saved = JSON.parse(readFileSync(file, 'utf8')) as Saved[];
      for (const entry of saved) {
        try {
          this.add(entry.settings, entry.tagMap);
        } catch (error) {
          this.log(`saved connection not started: ${(error as Error).message}`);
        }
      }
    } catch (error) {
      this.log(`ignored ${file}: ${(error as Error).message}`);
    }
  }

  /** The live network's alarm engine (a new one with every network): give it the connections' alarms. */
  attachAlarms(engine: AlarmEngine): void {
    this.alarms = engine;
    for (const status of this.manager.list()) {
      this.defineAlarm(status.id);
      engine.update(stateTag(status.id), status.state, 'good');
    }
  }

  list(): ConnectionSummary[] {
    return this.manager.list();
  }

  async close(): Promise<void> {
    await this.manager.close();
  }

  private add(settings: unknown, tagMap: { fileName: string; text: string }): ConnectionSummary {
    const config = parseSettings(settings);
    const tags = parseTags(tagMap);
    const summary = this.manager.add(config, tags);
    this.saved.set(config.id, { settings, tagMap });
    this.defineAlarm(config.id);
    this.changed(this.manager.list());
    return summary;
  }

  private defineAlarm(id: string): void {
    const alarmId = `${id}.comms_lost`;
    if (!this.alarms || this.alarms.has(alarmId)) return;
    this.alarms.define(
      defineAlarm({
        id: alarmId,
        tag: stateTag(id),
        type: 'discrete',
        equals: 'backoff',
        priority: 2,
        message: 'Field connection {area} lost: retrying',
        area: id,
      }),
    );
  }

  /** saved with their secrets (MQTT and OPC UA passwords): readable by this user only */
  private persist(): void {
    if (!this.dataDir) return;
    const file = join(this.dataDir, SAVED_FILE);
    writeFileSync(file, JSON.stringify([...this.saved.values()], null, 2), { mode: 0o600 });
    chmodSync(file, 0o600);
  }

  private makeHandlers(): ConnectionHandlers {
    const m = this.manager;
    return {
      'connections.list': () => ({ connections: m.list() }),
      'connections.test': async ({ settings, tagMap }) =>
        m.test(parseSettings(settings), tagMap ? parseTags(tagMap) : []),
      'connections.add': ({ settings, tagMap }) => {
        const summary = known(() => this.add(settings, tagMap));
        this.persist();
        return summary;
      },
      'connections.remove': async ({ id }) => {
        await known(() => m.remove(id));
        this.saved.delete(id);
        this.persist();
        this.changed(m.list());
        return { ok: true as const };
      },
      'connections.monitor': ({ id, points }) => ({ samples: known(() => m.monitor(id, points)) }),
      'connections.browse': async ({ id, nodeId }) => ({ entries: await known(() => m.browse(id, nodeId)) }),
      'connections.discover': async ({ endpointUrl }) => ({
        endpoints: await known(() => m.discover(endpointUrl)),
      }),
      'connections.certificates': async () => ({ certificates: await m.certificates() }),
      'connections.trust': async ({ file, trusted }) => {
        await known(() => m.trust(file, trusted));
        return { ok: true as const };
      },
      'connections.serialPorts': async () => ({ ports: await m.serialPorts() }),
    };
  }
}

const stateTag = (id: string) => `driver.${id}.state`;

function parseSettings(settings: unknown) {
  const parsed = ConnectionConfig.safeParse(settings);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw new RequestError(
    'bad_args',
    `connection settings: ${issue.path.join('.') || '(root)'}: ${issue.message}`,
  );
}

function parseTags(tagMap: { fileName: string; text: string }): TagDefinition[] {
  try {
    return parseTagFile(tagMap.text, tagMap.fileName).tags;
  } catch (error) {
    if (error instanceof TagMapError) throw new RequestError('invalid_file', error.message);
    throw error;
  }
}

/** a connection's refusal (no such connection, not OPC UA, unreachable server) is the caller's to see */
function known<T>(run: () => T): T {
  try {
    const result = run();
    if (result instanceof Promise)
      return result.catch((error: Error) => {
        throw new RequestError('bad_args', error.message);
      }) as T;
    return result;
  } catch (error) {
    if (error instanceof RequestError) throw error;
    throw new RequestError('bad_args', (error as Error).message);
  }
}

/** a field value as the historian keeps it: numbers, and booleans as 0/1 */
function historianSample(s: TagSample): SampleInput[] {
  const value = typeof s.value === 'boolean' ? Number(s.value) : s.value;
  if (typeof value !== 'number' || !Number.isFinite(value)) return [];
  return [{ tag: s.point, t: Math.round(s.sourceTime), value, quality: s.quality }];
}
