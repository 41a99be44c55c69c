// Modbus poll cycle time for 1,000 holding registers (uint16 tags, batched into 125-register
// reads) from two slaves on 127.0.0.1: Debian's pymodbus server (an independent peer) and our
// own slave (the plant simulator's). Prints JSON.
//   npx tsx bench/modbus-poll.ts
import { systemClock } from '../src/main/core/system-clock';
import { ModbusDriver } from '../src/protocols/modbus/master';
import { ModbusSlave } from '../src/protocols/modbus/slave';
import { TagMapSchema } from '../src/protocols/tags/schema';
import { freePort, pymodbusMissing, startPymodbus } from '../src/protocols/testing/peers';

const REGISTERS = 1000;
const CYCLES = 200;
const tags = TagMapSchema.parse({
  version: 1,
  tags: Array.from({ length: REGISTERS }, (_, i) => ({
    point: `node.R${i}.value`,
    modbus: { unit: 1, table: 'holding', address: 100 + i },
    type: 'uint16',
  })),
}).tags;

async function measure(port: number, expectValue: (i: number) => number) {
  const driver = new ModbusDriver(systemClock, {
    id: 'bench',
    transport: { kind: 'tcp', host: '127.0.0.1', port },
    tags,
    pollMs: 3_600_000,
    timeoutMs: 2000,
  });
  driver.start();
  while (driver.status().state !== 'connected') await new Promise((r) => setTimeout(r, 20));
  const points = tags.map((t) => t.point);
  const first = await driver.read(points);
  const wrong = first.filter((s, i) => s.value !== expectValue(i)).length;
  const times: number[] = [];
  for (let c = 0; c < CYCLES; c++) {
    const t0 = performance.now();
    await driver.read(points);
    times.push(performance.now() - t0);
  }
  await driver.stop();
  times.sort((a, b) => a - b);
  const q = (p: number) => +times[Math.min(times.length - 1, Math.floor(p * times.length))]!.toFixed(2);
  return {
    requestsPerCycle: driver.blocks().length,
    cycles: CYCLES,
    p50Ms: q(0.5),
    p95Ms: q(0.95),
    maxMs: q(1),
    wrongValues: wrong,
  };
}

const results: Record<string, unknown> = {};
const slave = new ModbusSlave(tags);
tags.forEach((t, i) => slave.set(t.point, i));
const ourPort = await slave.listen(await freePort());
results.aqueductSlave = await measure(ourPort, (i) => i);
await slave.close();
const skip = pymodbusMissing();
if (skip) results.pymodbus = { skipped: skip };
else {
  const peer = await startPymodbus();
  results.pymodbus = await measure(peer.port, (i) => i % 65536);
  await peer.kill();
}
console.log(JSON.stringify({ bench: 'modbus-poll', registers: REGISTERS, ...results }, null, 2));
