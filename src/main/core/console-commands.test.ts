// The live console's command path on the demo town's simulated plant: the agents' commands
// go through it under the system identity, the Local/Remote switch keeps a commanded pump out
// of the station's level control, and a tripped pump refuses to start.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../agents/runtime/clock';
import { SimulatedPlant } from '../../protocols/sim/plant';
import { parseScenario } from '../../protocols/sim/scenario';
import { parseSidecar } from '../../protocols/sim/sidecar';
import { HydraulicTwin } from '../../protocols/sim/twin';
import { CommandService } from '../commands';
import { openStorage, type Storage } from '../storage/storage';
import { ConsoleCommands } from './console-commands';

const dir = join(__dirname, '../../../assets/demo-town');
const START = Date.UTC(2026, 0, 5);
const open: { plant: SimulatedPlant; storage: Storage }[] = [];
afterEach(async () => {
  for (const { plant, storage } of open.splice(0)) {
    plant.stop();
    plant.twin.close();
    await storage.close();
  }
});

async function demoTown(events = '[]') {
  const scenario = parseScenario(
    `name: t\nstart: 2026-01-05T00:00:00Z\nduration: 12h\nhydraulicStep: 60s\nseed: 3\nevents: ${events}`,
    't.yaml',
  );
  const twin = await HydraulicTwin.load(readFileSync(join(dir, 'demo-town.inp'), 'utf8'), {
    name: 'demo-town',
    startMs: START,
    hydraulicStep: 60,
    sidecar: parseSidecar(readFileSync(join(dir, 'demo-town.zones.json'), 'utf8'), 'zones'),
  });
  const clock = new SimulatedClock(START);
  const plant = new SimulatedPlant(twin, clock, scenario);
  const storage = openStorage(join(mkdtempSync(join(tmpdir(), 'aqueduct-cmd-')), 'a.db'), { clock });
  open.push({ plant, storage });
  // real time stands still here: only the plant's time moves
  const commands = new ConsoleCommands(
    plant,
    { plant: clock, people: new SimulatedClock(START) },
    storage.audit,
    () => {},
  );
  /** move the clock a minute at a time, letting the command path's promises run in between */
  const run = async (minutes: number) => {
    for (let i = 0; i < minutes; i++) {
      clock.advanceBy(60_000);
      await new Promise((r) => setImmediate(r));
    }
  };
  return { plant, commands, storage, run };
}

describe('ConsoleCommands', () => {
  it("an agent's pump start goes through select-before-operate under the system identity", async () => {
    const { plant, commands, storage, run } = await demoTown();
    const ignored: string[] = [];
    const said = commands.fromAgent(
      { agent: 'DMA-N', target: 'PU-3', action: 'start', value: 100, reason: 'fire flow: standby pump on' },
      (c) => (ignored.push(c.action), 'ignored'),
    );
    await run(3);
    expect(await said).toBe('applied'); // once the readback has confirmed it
    expect(plant.twin.linkState('PU-3')).toMatchObject({ open: true });
    const trail = (await storage.audit.records()).filter((r) => r.target === 'PU-3');
    expect(new Set(trail.map((r) => r.user))).toEqual(new Set([CommandService.system().user]));
    expect(trail.map((r) => r.action)).toEqual([
      'command.select',
      'command.operate',
      'command.write',
      'command.readback',
      'command.result',
    ]);
    expect(trail.at(-1)!.result).toBe('succeeded');
    // an instrument's sampling period is no write to the field: the agent's own business
    commands.fromAgent(
      {
        agent: 'S-J-1003-pressure',
        target: 'S-J-1003-pressure',
        action: 'set_sampling_period',
        value: 10_000,
        reason: 'r',
      },
      (c) => (ignored.push(c.action), 'ignored'),
    );
    expect(ignored).toEqual(['set_sampling_period']);
  });

  it("a commanded pump leaves the station's level control until set back to auto", async () => {
    const { plant, commands, run } = await demoTown();
    const system = CommandService.system();
    // PU-1 runs on T-NORTH's level control; stop it from the console and watch it stay stopped
    const stop = await commands.service.submit(system, { target: 'PU-1', action: 'stop' });
    expect(stop.ok).toBe(true);
    await run(6 * 60);
    expect(plant.controlMode('PU-1')).toBe('remote');
    expect(plant.twin.linkState('PU-1').open).toBe(false);
    const auto = await commands.service.submit(system, {
      target: 'PU-1.mode',
      action: 'set_mode',
      value: 'auto',
    });
    expect(auto.ok).toBe(true);
    await run(1);
    expect((await commands.service.whenSettled(auto.ok ? auto.command.id : '')).state).toBe('succeeded');
    // the tank has drained meanwhile: its level control starts the pump again
    await run(30);
    expect(plant.twin.linkState('PU-1').open).toBe(true);
  });

  it("closing a DMA's inlet needs a second operator's approval", async () => {
    const { plant, commands, run } = await demoTown();
    const ana = { id: 's-ana', user: 'ana', role: 'operator' as const, source: 'test' };
    const ben = { id: 's-ben', user: 'ben', role: 'operator' as const, source: 'test' };
    const selected = await commands.service.select(ana, { target: 'IV-12', action: 'close' });
    expect(selected).toMatchObject({ ok: true, command: { critical: true } });
    const id = selected.ok ? selected.command.id : '';
    expect(await commands.service.operate(ana, id)).toMatchObject({
      ok: true,
      command: { state: 'awaiting-approval' },
    });
    expect(await commands.service.approve(ana, id)).toMatchObject({ ok: false, reason: 'same-user' });
    await run(1);
    expect(plant.twin.linkState('IV-12').open).toBe(true);
    expect(await commands.service.approve(ben, id)).toMatchObject({ ok: true });
    await run(3);
    expect(commands.service.get(id)).toMatchObject({ state: 'succeeded', approvedBy: 'ben' });
    expect(plant.twin.linkState('IV-12').open).toBe(false);
    // an ordinary valve needs no second person
    const other = await commands.service.submit(ana, { target: 'IV-16', action: 'close' });
    expect(other).toMatchObject({ ok: true, command: { critical: false, state: 'writing' } });
  });

  it("an agent's critical command waits for a person, unless an operator's decision made the agent ask", async () => {
    const { plant, commands, run } = await demoTown();
    const ana = { id: 's-ana', user: 'ana', role: 'operator' as const, source: 'test' };
    const close = (valve: string) =>
      commands.fromAgent(
        { agent: 'DMA-N', target: valve, action: 'close', reason: 'isolate leak' },
        () => 'ignored',
      );
    const alone = close('IV-12');
    await run(2);
    expect(plant.twin.linkState('IV-12').open).toBe(true); // awaiting approval
    expect(commands.recent()[0]).toMatchObject({ target: 'IV-12', state: 'awaiting-approval' });
    const decided = commands.onBehalfOf(ana, () => close('IV-13'));
    await run(3);
    expect(await decided).toBe('applied');
    expect(plant.twin.linkState('IV-13').open).toBe(false);
    expect(commands.service.get(commands.recent().find((c) => c.target === 'IV-13')!.id)).toMatchObject({
      approvedBy: 'ana',
    });
    void alone;
  });

  it('a tripped pump cannot be started: the write fails and the command says why', async () => {
    const { commands, run } = await demoTown('[{ at: 1m, type: pump_trip, pump: PU-1 }]');
    await run(2);
    const start = await commands.service.submit(CommandService.system(), { target: 'PU-1', action: 'start' });
    expect(start.ok).toBe(true);
    await run(2);
    const done = await commands.service.whenSettled(start.ok ? start.command.id : '');
    expect(done).toMatchObject({ state: 'failed', failure: { reason: 'write-error' } });
    expect(done.failure!.message).toMatch(/tripped/);
  });
});
