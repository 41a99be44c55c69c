// OPC UA monitored items sustained: a node-opcua server with N variables that all change every
// second, and our client driver monitoring every one at 1 s sampling / 1 s publishing. Reports
// the time to create the items and the notifications per second received after warm-up
// (floor: 10,000 items at 1 Hz). Prints JSON.
//   npx tsx bench/opcua-items.ts [items]
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../src/main/core/system-clock';
import { OpcuaDriver } from '../src/protocols/opcua/client';
import { OpcuaTagServer } from '../src/protocols/opcua/server';
import { TagMapSchema } from '../src/protocols/tags/schema';
import { freePort } from '../src/protocols/testing/peers';

const ITEMS = Number(process.argv[2] ?? 10_000);
const MEASURE_S = 15;
const points = Array.from({ length: ITEMS }, (_, i) => `node.J${i}.pressure`);
const serverTags = TagMapSchema.parse({
  version: 1,
  tags: points.map((point, i) => ({ point, modbus: { table: 'input', address: i % 60000 } })),
}).tags;
const clientTags = TagMapSchema.parse({
  version: 1,
  tags: points.map((point) => ({ point, opcua: { nodeId: `ns=1;s=${point}`, samplingMs: 1000 } })),
}).tags;

const server = new OpcuaTagServer({
  clock: systemClock,
  port: await freePort(),
  pkiFolder: mkdtempSync(join(tmpdir(), 'aq-bench-srv-')),
  tags: serverTags,
});
await server.start();
let tick = 0;
const change = () => {
  tick++;
  const now = new Date();
  for (let i = 0; i < ITEMS; i++) server.set(points[i]!, 40 + ((i + tick) % 100) / 10, now);
};
change();
const changer = setInterval(change, 1000);

const driver = new OpcuaDriver(systemClock, {
  id: 'bench',
  endpointUrl: server.endpointUrl,
  tags: clientTags,
  pkiFolder: mkdtempSync(join(tmpdir(), 'aq-bench-cli-')),
  publishingIntervalMs: 1000,
});
let notifications = 0;
const seen = new Set<string>();
driver.onSamples((s) => {
  notifications += s.length;
  for (const x of s) if (x.quality === 'good' && !x.point.startsWith('driver.')) seen.add(x.point);
});
const t0 = performance.now();
driver.start();
while (driver.status().state !== 'connected') {
  if (driver.status().lastError) throw new Error(driver.status().lastError!.message);
  await new Promise((r) => setTimeout(r, 50));
}
const createdMs = performance.now() - t0;
while (seen.size < ITEMS && performance.now() - t0 < 120_000) await new Promise((r) => setTimeout(r, 100));
const firstAllMs = performance.now() - t0;
await new Promise((r) => setTimeout(r, 3000)); // warm-up
const n0 = notifications;
const m0 = performance.now();
const cpu0 = process.cpuUsage();
await new Promise((r) => setTimeout(r, MEASURE_S * 1000));
const elapsed = (performance.now() - m0) / 1000;
const cpu = process.cpuUsage(cpu0);
const perSecond = (notifications - n0) / elapsed;
clearInterval(changer);
await driver.stop();
await server.stop();
console.log(
  JSON.stringify(
    {
      bench: 'opcua-items',
      items: ITEMS,
      samplingMs: 1000,
      publishingMs: 1000,
      connectAndCreateItemsMs: Math.round(createdMs),
      allItemsFirstValueMs: Math.round(firstAllMs),
      itemsWithValue: seen.size,
      sustainedNotificationsPerS: Math.round(perSecond),
      sustainedShareOfItemsPerS: +(perSecond / ITEMS).toFixed(3),
      processCpuShare: +((cpu.user + cpu.system) / 1e6 / elapsed).toFixed(2),
      note: 'server and client in one process on 127.0.0.1',
    },
    null,
    2,
  ),
);
process.exit(0);
