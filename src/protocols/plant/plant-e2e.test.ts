// End to end: a scenario run by `aqueduct simulate` (in-process: the instruments hand readings
// straight to the agents) and the same scenario through the plant simulator's servers and the
// console's real drivers (OPC UA, Modbus TCP) on 127.0.0.1 give the same alarms, state
// transitions, commands and leak incidents. The protocol run moves the simulated clock one
// hydraulic step at a time and waits for each step's values to come over the wire, and for the
// commands they cause to go back, before time moves on.
import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SimulatedClock, type Cancel, type Clock } from '../../agents/runtime/clock';
import { loadReferenceModel } from '../../main/analytics/epanet-reference';
import { leakReport } from '../../main/analytics/leak-report';
import { simulateFile } from '../../main/core/simulation';
import { actOnPlant, watchPlant } from '../../main/core/watched-plant';
import { ModbusDriver } from '../modbus/master';
import { OpcuaDriver } from '../opcua/client';
import { parseScenario } from '../sim/scenario';
import { parseSidecar } from '../sim/sidecar';
import { HydraulicTwin } from '../sim/twin';
import type { Driver } from '../driver';
import { parseModbusCsv, toModbusCsv } from '../tags/parse';
import { freePort } from '../testing/peers';
import {
  methodCommands,
  ReadingsFromSamples,
  refusal,
  registerCommands,
  type CommandSender,
} from './field-link';
import { asOpcuaTags } from './points';
import { PlantStation } from './station';

const assets = join(__dirname, '../../../assets');
const inp = readFileSync(join(assets, 'demo-town/demo-town.inp'), 'utf8');
const sidecar = parseSidecar(
  readFileSync(join(assets, 'demo-town/demo-town.zones.json'), 'utf8'),
  'demo-town.zones.json',
);

/**
 * The scenario through the plant simulator and a real driver: the console's own composition
 * (watchPlant: instruments, every agent, leak detection), except that readings reach the agents
 * only over the wire and the agents' commands leave over the wire.
 */
async function overTheWire(scenarioFile: string, via: 'opcua' | 'modbus') {
  const scenario = parseScenario(readFileSync(join(assets, 'scenarios', scenarioFile), 'utf8'), scenarioFile);
  const twin = await HydraulicTwin.load(inp, {
    name: 'demo-town',
    startMs: scenario.start,
    hydraulicStep: scenario.hydraulicStep,
    sidecar,
  });
  const simulated = new SimulatedClock(scenario.start);
  const clock = new WireGate(simulated);
  const reference = await loadReferenceModel({ model: twin.model, inp, epochMs: scenario.start });
  const pending: Promise<unknown>[] = [];
  let send: CommandSender | undefined;
  const { plant, agents, leaks } = watchPlant(
    twin,
    clock,
    scenario,
    sidecar,
    () => (c) => {
      // the agents' runtime wants an answer now: what cannot go out is known at once; the
      // station's answer to the rest comes back over the wire before time moves on, and the
      // test checks below that the station applied each one
      const refused = refusal(twin.model, c);
      if (refused) return refused;
      pending.push(send!(c));
      return 'applied';
    },
    { reference, mode: scenario.leakResponse?.mode ?? sidecar.leakResponse.mode },
  );
  // watchPlant hands the instruments' readings straight to the agents; here only what came
  // over the wire may reach them
  const ingest = agents.ingest.bind(agents);
  agents.ingest = () => {};
  let ingested = 0;
  const station = new PlantStation(plant, clock, (c) => actOnPlant(plant, c));
  const port = await freePort();
  // the console gets the station's register map the way integrators hand it over: as CSV
  const map = parseModbusCsv(toModbusCsv(station.tagMap), 'station.csv');
  const points = map.tags.filter((t) => t.access === 'read').map((t) => t.point);
  let driver: Driver;
  let link: ReadingsFromSamples;
  if (via === 'opcua') {
    await station.start({ opcua: { port, pkiFolder: mkdtempSync(join(tmpdir(), 'aq-e2e-plant-')) } });
    const d = new OpcuaDriver(clock, {
      id: 'plant',
      endpointUrl: station.opcua!.endpointUrl,
      tags: asOpcuaTags(map),
      pkiFolder: mkdtempSync(join(tmpdir(), 'aq-e2e-console-')),
    });
    driver = d;
    link = new ReadingsFromSamples(twin.model, plant.instruments.sensors, 'source');
    send = methodCommands((target, action, value) =>
      d.call('ns=1;s=Plant.Station', 'ns=1;s=Plant.Command', [
        { dataType: 'String', value: target },
        { dataType: 'String', value: action },
        { dataType: 'Double', value },
      ]),
    );
  } else {
    await station.start({ modbus: { port } });
    // polled on demand below, once per hydraulic step: no timer of its own
    driver = new ModbusDriver(clock, {
      id: 'plant',
      transport: { kind: 'tcp', host: '127.0.0.1', port },
      tags: map.tags,
      pollMs: 365 * 86_400_000,
    });
    link = new ReadingsFromSamples(twin.model, plant.instruments.sensors, 'companion');
    send = registerCommands(driver, twin.model);
  }
  driver.start();
  for (let i = 0; i < 600 && driver.status().state !== 'connected'; i++)
    await new Promise((r) => setTimeout(r, 50));
  expect(driver.status().state).toBe('connected');
  const end = scenario.start + scenario.duration * 1000;
  plant.onReadings(() => clock.close());
  try {
    for (let t = scenario.start; t < end;) {
      t = Math.min(end, t + twin.stepS * 1000);
      simulated.advanceTo(t);
      while (clock.closed) {
        // the step's values over the wire, then the commands they caused; only then what the
        // in-process run did after the readings at this instant (agents' timers, leak watch)
        const readings = link.accept(await driver.read(points));
        ingested += readings.length;
        ingest(readings);
        await Promise.all(pending.splice(0));
        clock.open();
        simulated.advanceTo(t);
      }
      // what the held tasks commanded (the leak watch closing valves) reaches the plant before its next step
      while (pending.length) await Promise.all(pending.splice(0));
    }
    return {
      report: agents.report(),
      leaks: leakReport(leaks?.incidents() ?? []),
      station,
      driver: driver.status(),
      ingested,
    };
  } finally {
    plant.stop();
    await driver.stop();
    await station.stop();
    reference.close();
    twin.close();
  }
}

/**
 * The console's clock over the wire. In-process, the instruments' readings reach the agents
 * inside the plant's step, so whatever else is due at that instant (an agent's timer, the leak
 * watch) runs after them. Over a protocol they arrive later. The gate closes when the plant
 * publishes; a task due while it is closed is held, and runs, in its order, once the readings
 * have come over the wire and the gate has opened again.
 */
class WireGate implements Clock {
  closed = false;
  private held: (() => void)[] = [];

  constructor(private readonly inner: SimulatedClock) {}

  now(): number {
    return this.inner.now();
  }

  at(timeMs: number, task: () => void): Cancel {
    const gated = this.gate(task);
    const cancel = this.inner.at(timeMs, gated.run);
    return () => (gated.cancel(), cancel());
  }

  every(periodMs: number, task: () => void): Cancel {
    const gated = this.gate(task);
    const cancel = this.inner.every(periodMs, gated.run);
    return () => (gated.cancel(), cancel());
  }

  close(): void {
    this.closed = true;
  }

  /** open the gate and run what waited for it, in order */
  open(): void {
    this.closed = false;
    const held = this.held;
    this.held = [];
    for (const task of held) task();
  }

  private gate(task: () => void) {
    let cancelled = false;
    const guarded = () => {
      if (!cancelled) task();
    };
    return {
      run: () => (this.closed ? this.held.push(guarded) : guarded()),
      cancel: () => (cancelled = true),
    };
  }
}

const cases = [
  ['night-pump-trip.yaml', 'opcua'],
  ['night-pump-trip.yaml', 'modbus'],
  ['leak-burst.yaml', 'opcua'],
  ['leak-burst.yaml', 'modbus'],
] as const;

describe('console ↔ plant simulator end to end', () => {
  it.each(cases)(
    '%s over %s: the same alarms, transitions, commands and leaks as `aqueduct simulate`',
    async (file, via) => {
      const local = await simulateFile(join(assets, 'scenarios', file), { assetsDir: assets });
      const remote = await overTheWire(file, via);
      // every reading crossed the wire: as many as the instruments took, with their values and times
      expect(remote.ingested).toBe(local.simulated.readings);
      expect(remote.report.alarms).toEqual(local.alarms);
      expect(remote.report.transitions).toEqual(local.transitions);
      const sent = (cs: typeof local.commands) =>
        cs.filter((c) => c.result === 'applied').map(({ result: _r, ...c }) => c);
      expect(sent(remote.report.commands)).toEqual(sent(local.commands));
      // the same leaks, candidates in the same order; Modbus carries 32-bit floats, so a
      // score may differ in its fourth decimal
      const shape = (leaks: typeof local.leaks) =>
        leaks.map(({ candidates, signature, ...leak }) => ({
          ...leak,
          pipes: candidates.map((c) => c.pipe),
          signature: signature.map((c) => c.pipe),
        }));
      expect(shape(remote.leaks)).toEqual(shape(local.leaks));
      remote.leaks.forEach((leak, i) =>
        (['candidates', 'signature'] as const).forEach((list) =>
          leak[list].forEach((c, k) => expect(c.score).toBeCloseTo(local.leaks[i]![list][k]!.score, 3)),
        ),
      );
      // what the station did with them is what the in-process run did
      const applied = local.commands
        .filter((c) => c.result === 'applied')
        .map((c) => `${c.target} ${c.action}`);
      expect(
        remote.station.commands.filter((c) => c.result === 'applied').map((c) => `${c.target} ${c.action}`),
      ).toEqual(applied);
      expect(remote.driver).toMatchObject({ counters: { errors: 0 } });
      if (file === 'night-pump-trip.yaml') {
        expect(local.alarms.find((a) => a.type === 'pump_trip')).toMatchObject({ source: 'PU-1' });
        expect(applied).toContain('PU-3 start');
      } else expect(local.leaks.length).toBeGreaterThan(0);
    },
    180_000,
  );
});
