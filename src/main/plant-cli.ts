// `aqueduct plant`: the digital twin as a pump station on the network. Runs the twin (and an
// optional scenario) paced on the wall clock, and serves its instruments and actuators as an
// OPC UA server, a Modbus TCP slave (writing the register map CSV integrators expect) and an
// MQTT publisher (to a site broker, or an embedded one). A console commissions against it
// exactly as against a real station.
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { SimulatedClock } from '../agents/runtime/clock';
import { startEmbeddedBroker, type EmbeddedBroker } from '../protocols/mqtt/embedded-broker';
import { PlantStation, type StationOptions } from '../protocols/plant/station';
import { SimulatedPlant } from '../protocols/sim/plant';
import { parseScenario } from '../protocols/sim/scenario';
import { parseSidecar } from '../protocols/sim/sidecar';
import { HydraulicTwin } from '../protocols/sim/twin';
import { toModbusCsv } from '../protocols/tags/parse';
import { actOnPlant } from './core/watched-plant';

export const plantUsage = `aqueduct plant [options]   the digital twin served as a pump station
  --network <file.inp|demo>  network (default demo)
  --scenario <file.yaml>     scenario to run on it (its network wins over --network)
  --opcua <port>             OPC UA server on opc.tcp://127.0.0.1:<port>/aqueduct
  --modbus <port>            Modbus TCP slave (unit 1); the register map is written as CSV
  --mqtt <port|url>          MQTT: an embedded broker on <port>, or publish to mqtt://host:port
  --speed <n>                simulated seconds per wall second (default 1)
  --data <dir>               PKI and register map folder (default ~/.aqueduct/plant)
  --host <addr>              listen address (default 127.0.0.1)`;

export async function plantMain(argv: string[], appRoot: string): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      network: { type: 'string' },
      scenario: { type: 'string' },
      opcua: { type: 'string' },
      modbus: { type: 'string' },
      mqtt: { type: 'string' },
      speed: { type: 'string' },
      data: { type: 'string' },
      host: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(plantUsage);
    return 0;
  }
  if (!values.opcua && !values.modbus && !values.mqtt)
    throw new Error('plant needs at least one of --opcua, --modbus, --mqtt');
  const port = (name: string, text: string | undefined) => {
    if (text === undefined) return undefined;
    const n = Number(text);
    if (!Number.isInteger(n) || n < 1 || n > 65535)
      throw new Error(`--${name} must be a port 1–65535, got "${text}"`);
    return n;
  };
  const speed = Number(values.speed ?? '1');
  if (!(speed > 0)) throw new Error(`--speed must be a positive number, got "${values.speed}"`);
  const dataDir = resolve(values.data ?? join(homedir(), '.aqueduct', 'plant'));
  await mkdir(dataDir, { recursive: true });

  const scenario = values.scenario
    ? parseScenario(await readFile(values.scenario, 'utf8'), basename(values.scenario))
    : parseScenario(
        `name: plant\nstart: ${new Date().toISOString()}\nduration: 365d\nhydraulicStep: 15s\n`,
        'plant',
      );
  const network = values.scenario ? scenario.network : (values.network ?? 'demo');
  const inpPath =
    network === 'demo'
      ? join(appRoot, 'assets', 'demo-town', 'demo-town.inp')
      : resolve(values.scenario ? dirname(resolve(values.scenario)) : '.', network);
  const sidecarPath = inpPath.replace(/\.inp$/i, '.zones.json');
  const sidecar = existsSync(sidecarPath)
    ? parseSidecar(await readFile(sidecarPath, 'utf8'), basename(sidecarPath))
    : undefined;
  const twin = await HydraulicTwin.load(await readFile(inpPath, 'utf8'), {
    name: basename(inpPath).replace(/\.inp$/i, ''),
    startMs: scenario.start,
    hydraulicStep: scenario.hydraulicStep,
    sidecar,
  });
  const clock = new SimulatedClock(scenario.start);
  const plant = new SimulatedPlant(twin, clock, scenario, sidecar?.meters);
  const station = new PlantStation(plant, clock, (c) => actOnPlant(plant, c));

  let broker: EmbeddedBroker | undefined;
  const options: StationOptions = {};
  const opcuaPort = port('opcua', values.opcua);
  if (opcuaPort) options.opcua = { port: opcuaPort, pkiFolder: join(dataDir, 'pki') };
  const modbusPort = port('modbus', values.modbus);
  if (modbusPort) options.modbus = { port: modbusPort };
  if (values.mqtt) {
    if (/^mqtts?:\/\//.test(values.mqtt)) options.mqtt = { url: values.mqtt };
    else {
      broker = await startEmbeddedBroker(port('mqtt', values.mqtt)!, values.host ?? '127.0.0.1');
      options.mqtt = { url: broker.url };
    }
  }
  await station.start(options);
  const csv = join(dataDir, `${basename(inpPath).replace(/\.inp$/i, '')}-registers.csv`);
  await writeFile(csv, toModbusCsv(station.tagMap));
  if (station.opcua) console.log(`OPC UA server: ${station.opcua.endpointUrl}`);
  if (station.modbus)
    console.log(`Modbus TCP slave: 127.0.0.1:${station.modbus.port} (unit 1), register map ${csv}`);
  if (options.mqtt)
    console.log(
      `MQTT: publishing to ${options.mqtt.url} under aqueduct/plant/#${broker ? ' (embedded broker)' : ''}`,
    );
  console.log(
    `${station.tagMap.tags.length} points of ${twin.model.name} at ${speed}× real time; Ctrl+C stops`,
  );

  // pace the simulated clock on the wall clock
  const tickMs = 100;
  const pacer = setInterval(() => clock.advanceBy(tickMs * speed), tickMs);
  await new Promise<void>((resolveStop) => {
    process.once('SIGINT', resolveStop);
    process.once('SIGTERM', resolveStop);
  });
  clearInterval(pacer);
  plant.stop();
  await station.stop();
  await broker?.close();
  twin.close();
  return 0;
}
