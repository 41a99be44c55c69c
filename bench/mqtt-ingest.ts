// MQTT ingest into the agents: a field gateway publishes readings of every demo-town instrument
// as JSON to a broker on 127.0.0.1 (Debian mosquitto when installed, else the embedded aedes);
// our MQTT driver takes them out by path, they become readings, and every agent of the demo
// town consumes them. Reports end-to-end msg/s (publish → broker → driver → agents) and how many
// arrived. Prints JSON.
//   npx tsx bench/mqtt-ingest.ts [messages]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect } from 'mqtt';
import { SimulatedClock } from '../src/agents/runtime/clock';
import { attachAgents } from '../src/main/core/agents';
import { systemClock } from '../src/main/core/system-clock';
import { MqttDriver } from '../src/protocols/mqtt/driver';
import { startEmbeddedBroker } from '../src/protocols/mqtt/embedded-broker';
import { ReadingsFromSamples } from '../src/protocols/plant/field-link';
import { sensorPoints } from '../src/protocols/plant/points';
import { PlantStation } from '../src/protocols/plant/station';
import { chooseSensors } from '../src/protocols/sim/sensors';
import { HydraulicTwin } from '../src/protocols/sim/twin';
import { TagMapSchema } from '../src/protocols/tags/schema';
import { freePort, missing, startMosquitto } from '../src/protocols/testing/peers';

const MESSAGES = Number(process.argv[2] ?? 200_000);
const T0 = Date.UTC(2026, 0, 5);
const root = join(import.meta.dirname, '..');
const twin = await HydraulicTwin.load(readFileSync(join(root, 'assets/demo-town/demo-town.inp'), 'utf8'), {
  name: 'demo-town',
  startMs: T0,
  hydraulicStep: 60,
});
const sensors = chooseSensors(twin.model, { pressure: 'auto', flow: 'auto', level: 'auto', period: 1 });
const points = sensorPoints(twin.model, sensors);
const clock = new SimulatedClock(T0);
const agents = attachAgents(twin.model, sensors, clock);
const tags = TagMapSchema.parse({
  version: 1,
  tags: points.map(({ point }) => ({
    point,
    mqtt: { topic: PlantStation.topic('plant', point), path: 'value', timePath: 'time', qos: 0 },
  })),
}).tags;

const useMosquitto = !missing('mosquitto');
const broker = useMosquitto ? await startMosquitto() : await startEmbeddedBroker(await freePort());
const url = `mqtt://127.0.0.1:${broker.port}`;
const driver = new MqttDriver(systemClock, { id: 'bench', url, tags, clean: true });
const link = new ReadingsFromSamples(twin.model, sensors, 'source');
let ingested = 0;
driver.onSamples((samples) => {
  const readings = link.accept(samples);
  ingested += readings.length;
  agents.ingest(readings);
});
driver.start();
while (driver.status().state !== 'connected') await new Promise((r) => setTimeout(r, 20));

const gateway = connect(url, { clientId: 'bench-gateway' });
await new Promise<void>((r) => gateway.once('connect', () => r()));
const topics = points.map(({ point }) => PlantStation.topic('plant', point));
const t0 = performance.now();
// each instrument samples at 1 Hz: message k is instrument k % n at second ⌊k / n⌋
for (let k = 0; k < MESSAGES; k++) {
  const i = k % topics.length;
  const time = T0 + Math.floor(k / topics.length) * 1000;
  gateway.publish(topics[i]!, JSON.stringify({ value: 40 + (k % 7) * 0.1, time }), { qos: 0 });
  if (k % 2000 === 1999) {
    await new Promise((r) => setImmediate(r));
    clock.advanceTo(time); // agents' own timers follow the readings' time
  }
}
const deadline = performance.now() + 60_000;
let last = -1;
let lastChange = performance.now();
while (ingested < MESSAGES && performance.now() < deadline) {
  await new Promise((r) => setTimeout(r, 50));
  if (ingested !== last) [last, lastChange] = [ingested, performance.now()];
  else if (performance.now() - lastChange > 2000) break; // nothing more is coming
}
const seconds = (Math.min(performance.now(), lastChange) - t0) / 1000;
gateway.end(true);
await driver.stop();
await (useMosquitto
  ? (broker as Awaited<ReturnType<typeof startMosquitto>>).kill()
  : (broker as Awaited<ReturnType<typeof startEmbeddedBroker>>).close());
twin.close();
console.log(
  JSON.stringify(
    {
      bench: 'mqtt-ingest',
      broker: useMosquitto ? 'mosquitto (Debian)' : 'aedes (embedded)',
      qos: 0,
      instruments: topics.length,
      agents: Object.values(agents.report().agents).reduce((a, b) => a + b, 0),
      published: MESSAGES,
      ingestedByAgents: ingested,
      lost: MESSAGES - ingested,
      seconds: +seconds.toFixed(2),
      msgPerS: Math.round(ingested / seconds),
    },
    null,
    2,
  ),
);
process.exit(0);
