// The core services as the console's clients meet them, through the contract on a real core
// (real EPANET, real SQLite, real scrypt): logins and RBAC for every request, alarms raised
// by the plant going wrong and handled by an operator, and commands to the plant through
// select-before-operate with interlocks and readback.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../agents/runtime/clock';
import { can, Role } from '../../shared/access';
import { requests, type PushName } from '../../shared/contract';
import type { AlarmSummary, CommandOutcome } from '../../shared/operations';
import type { Caller } from '../api/dispatcher';
import { Core, type CoreOptions } from './core';
import { ask, loginAs, TEST_PASSWORD } from './testing';

const fixture = join(__dirname, '../../protocols/sim/fixtures/two-zone.inp');
const T0 = Date.UTC(2026, 0, 1);
const cores: Core[] = [];
afterEach(async () => {
  for (const c of cores.splice(0)) await c.close();
});

async function start(options: Partial<CoreOptions> = {}) {
  const core = await Core.create({
    network: fixture,
    assetsDir: '/nonexistent',
    startMs: T0,
    paced: false,
    hydraulicStep: 60,
    ...options,
  });
  cores.push(core);
  const pushes: { name: PushName; payload: unknown }[] = [];
  core.onPush((name, payload) => pushes.push({ name, payload }));
  const latest = <T>(name: PushName) =>
    pushes.filter((p) => p.name === name).at(-1)?.payload as T | undefined;
  return { core, pushes, latest };
}

const result = <T>(reply: Awaited<ReturnType<typeof ask>>): T => {
  if (!reply.ok) throw new Error(`${reply.error.code}: ${reply.error.message}`);
  return reply.result as T;
};

/** let the command path's awaited audit writes and readback polls run between clock moves */
async function settle(core: Core, ms: number, stepMs = 1_000) {
  for (let t = 0; t < ms; t += stepMs) {
    core.advance(stepMs);
    await new Promise((r) => setImmediate(r));
  }
}

describe('core services through the contract', () => {
  it('every role × every request: refused exactly where the role lacks the permission, and every refusal audited', async () => {
    const { core } = await start();
    const callers = {} as Record<Role, Caller>;
    for (const role of Role.options) callers[role] = await loginAs(core, role);
    for (const role of Role.options) {
      for (const [name, spec] of Object.entries(requests)) {
        if (spec.permission === 'public' || name === 'auth.logout') continue;
        const reply = await ask(core, callers[role], name, {});
        const refused = !reply.ok && reply.error.code === 'forbidden';
        expect(refused, `${role} ${name}`).toBe(!can(role, spec.permission));
      }
    }
    const refusals = (await core.stored.audit.records(0, 10_000)).filter((r) => r.result === 'forbidden');
    const expected = Role.options.flatMap((role) =>
      Object.entries(requests)
        .filter(([, spec]) => spec.permission !== 'public' && !can(role, spec.permission))
        .map(([name]) => `${role === 'admin' ? 'admin' : `${role}1`} request.${name}`),
    );
    expect(refusals.map((r) => `${r.user} ${r.action}`).sort()).toEqual(expected.sort());
  });

  it('an operator stops a pump with select → operate; readback verified, every step audited', async () => {
    const { core, latest } = await start();
    core.advance(120_000);
    const operator = await loginAs(core, 'operator');
    const targets = result<{ targets: { actions: { name: string }[] }[] }>(
      await ask(core, operator, 'commands.targets', { target: 'PU1' }),
    );
    expect(targets.targets[0]!.actions.map((a) => a.name)).toEqual(['start', 'stop', 'set_speed']);
    const selected = result<CommandOutcome>(
      await ask(core, operator, 'commands.select', { target: 'PU1', action: 'stop' }),
    );
    expect(selected).toMatchObject({ ok: true, command: { state: 'selected', user: 'operator1' } });
    const id = selected.ok ? selected.command.id : '';
    const operated = result<CommandOutcome>(await ask(core, operator, 'commands.operate', { id }));
    expect(operated.ok).toBe(true);
    await settle(core, 120_000);
    const done = result<{ command: { state: string; readback?: { state?: string } } }>(
      await ask(core, operator, 'commands.get', { id }),
    );
    expect(done.command).toMatchObject({ state: 'succeeded', readback: { state: 'stopped' } });
    expect(core.twin.frame().links.status[core.twin.model.links.findIndex((l) => l.id === 'PU1')]).toBe(0);
    // the station's own controls no longer run it: the stop holds
    await settle(core, 600_000, 60_000);
    expect(core.twin.linkState('PU1').open).toBe(false);
    expect(
      latest<{ commands: { id: string; state: string }[] }>('commands.recent')?.commands[0],
    ).toMatchObject({
      id,
      state: 'succeeded',
    });
    const trail = (await core.stored.audit.records(0, 10_000)).filter((r) => r.target === 'PU1');
    expect(trail.map((r) => [r.user, r.action, r.result])).toEqual([
      ['operator1', 'command.select', 'success'],
      ['operator1', 'command.operate', 'writing'],
      ['operator1', 'command.write', 'success'],
      ['operator1', 'command.readback', 'match'],
      ['operator1', 'command.result', 'succeeded'],
    ]);
  });

  it('a viewer cannot command; an interlock refuses a pump start against a closed discharge; a selection expires', async () => {
    const realTime = new SimulatedClock(Date.UTC(2026, 5, 1, 8));
    const { core } = await start({ auditClock: realTime });
    const viewer = await loginAs(core, 'viewer');
    const operator = await loginAs(core, 'operator');
    const engineer = await loginAs(core, 'engineer');
    const refused = await ask(core, viewer, 'commands.select', { target: 'PU1', action: 'stop' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    // stop the pump, then shut its only discharge pipe (a training action), and try to start it
    result(await ask(core, engineer, 'twin.actuate', { link: 'PU1', action: 'close' }));
    result(await ask(core, engineer, 'twin.actuate', { link: 'P1', action: 'close' }));
    core.advance(60_000);
    const select = result<CommandOutcome>(
      await ask(core, operator, 'commands.select', { target: 'PU1', action: 'start' }),
    );
    const id = select.ok ? select.command.id : '';
    const started = result<CommandOutcome>(await ask(core, operator, 'commands.operate', { id }));
    expect(started).toMatchObject({ ok: false, reason: 'interlock' });
    expect(started.ok ? '' : started.message).toMatch(/discharge of PU1/);

    const again = result<CommandOutcome>(
      await ask(core, operator, 'commands.select', { target: 'V1', action: 'close' }),
    );
    // the select window is the operator's: real time, whatever the simulation does
    await settle(core, 10 * 60_000);
    const commandId = { id: again.ok ? again.command.id : '' };
    expect(
      result<{ command: { state: string } }>(await ask(core, operator, 'commands.get', commandId)).command
        .state,
    ).toBe('selected');
    realTime.advanceBy(31_000);
    const expired = result<{ command: { state: string } }>(
      await ask(core, operator, 'commands.get', commandId),
    );
    expect(expired.command.state).toBe('expired');
  });

  it('alarms come from the plant going wrong; the operator acknowledges and shelves them, a viewer cannot', async () => {
    const { core, latest } = await start();
    core.advance(10 * 60_000);
    const engineer = await loginAs(core, 'engineer');
    const operator = await loginAs(core, 'operator');
    const viewer = await loginAs(core, 'viewer');
    // cut the town off from its sources: pressures collapse
    for (const link of ['P6', 'P4'])
      result(await ask(core, engineer, 'twin.actuate', { link, action: 'close' }));
    core.advance(15 * 60_000);
    const summary = latest<AlarmSummary>('alarms.summary')!;
    const lolo = summary.alarms.filter((a) => a.id.endsWith('.pressure.lolo'));
    expect(lolo.length).toBeGreaterThan(0);
    expect(summary.banner).not.toBeNull();
    expect(summary.banner!.priority).toBe(Math.min(...summary.alarms.map((a) => a.priority)));
    expect(summary.counts.unacknowledged).toBe(summary.alarms.filter((a) => !a.acked).length);
    const target = lolo[0]!;
    expect(target).toMatchObject({ state: 'unacknowledged', element: target.id.split('.')[0] });

    expect(await ask(core, viewer, 'alarms.ack', { ids: [target.id] })).toMatchObject({
      error: { code: 'forbidden' },
    });
    const acked = result<{ results: { ok: boolean }[] }>(
      await ask(core, operator, 'alarms.ack', {
        ids: [target.id, 'no-such-alarm'],
        comment: 'crew informed',
      }),
    );
    expect(acked.results.map((r) => r.ok)).toEqual([true, false]);
    core.advance(1_000);
    expect(latest<AlarmSummary>('alarms.summary')!.alarms.find((a) => a.id === target.id)).toMatchObject({
      state: 'acknowledged',
      lastAck: { user: 'operator1', comment: 'crew informed' },
    });

    result(
      await ask(core, operator, 'alarms.shelve', {
        id: target.id,
        minutes: 30,
        comment: 'known, valve work',
      }),
    );
    core.advance(1_000);
    const shelved = latest<AlarmSummary>('alarms.summary')!;
    expect(shelved.alarms.some((a) => a.id === target.id)).toBe(false);
    expect(shelved.hidden.find((a) => a.id === target.id)).toMatchObject({
      state: 'shelved',
      shelf: { user: 'operator1', comment: 'known, valve work' },
    });
    // the shelf runs out on the console's clock and the alarm, still active, asks for attention again
    core.advance(31 * 60_000);
    expect(latest<AlarmSummary>('alarms.summary')!.alarms.find((a) => a.id === target.id)?.state).toBe(
      'unacknowledged',
    );

    const journal = result<{ entries: { alarmId: string; event: string; user?: string }[] }>(
      await ask(core, viewer, 'alarms.journal', { alarmId: target.id }),
    );
    expect(journal.entries.map((e) => e.event)).toEqual([
      'shelve_expired',
      'shelved',
      'acknowledged',
      'activated',
    ]);
    expect(journal.entries[2]!.user).toBe('operator1');
    const kpis = result<{ annunciations: number }>(await ask(core, viewer, 'alarms.kpis', {}));
    expect(kpis.annunciations).toBeGreaterThan(0);
  });

  it('the alarm journal outlives a restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'aqueduct-alarms-'));
    const first = await start({ dataDir });
    const engineer = await loginAs(first.core, 'engineer');
    for (const link of ['P6', 'P4'])
      result(await ask(first.core, engineer, 'twin.actuate', { link, action: 'close' }));
    first.core.advance(15 * 60_000);
    const before = result<{ entries: unknown[] }>(await ask(first.core, engineer, 'alarms.journal', {}));
    expect(before.entries.length).toBeGreaterThan(0);
    await first.core.close();
    const second = await start({ dataDir });
    const again = await loginAs(second.core, 'engineer');
    const after = result<{ entries: unknown[] }>(await ask(second.core, again, 'alarms.journal', {}));
    expect(after.entries).toEqual(before.entries);
  });

  it('an idle session locks on real time, refuses everything but unlock, and unlocks with its password', async () => {
    const realTime = new SimulatedClock(Date.UTC(2026, 5, 1, 8));
    const { core } = await start({ auditClock: realTime });
    const operator = await loginAs(core, 'operator');
    expect((await ask(core, operator, 'clock.get')).ok).toBe(true);
    realTime.advanceBy(16 * 60_000);
    expect(await ask(core, operator, 'clock.get')).toMatchObject({ error: { code: 'locked' } });
    expect(await ask(core, operator, 'auth.unlock', { password: 'wrong password!' })).toMatchObject({
      error: { code: 'unauthenticated' },
    });
    expect(result(await ask(core, operator, 'auth.unlock', { password: TEST_PASSWORD }))).toMatchObject({
      locked: false,
    });
    expect((await ask(core, operator, 'clock.get')).ok).toBe(true);
  });

  it('the first administrator needs the setup code on a web connection, and only once', async () => {
    const { core } = await start();
    const code = core.pendingSetupCode()!;
    expect(code).toMatch(/^[A-Z2-9]{5}-[A-Z2-9]{5}$/);
    const browser: Caller = { source: 'ws:127.0.0.1' };
    const setup = { user: 'ana', password: TEST_PASSWORD };
    expect(await ask(core, browser, 'auth.setup', setup)).toMatchObject({ error: { code: 'forbidden' } });
    expect(await ask(core, browser, 'auth.setup', { ...setup, setupCode: 'AAAAA-AAAAA' })).toMatchObject({
      error: { code: 'forbidden' },
    });
    expect(
      await ask(core, browser, 'auth.setup', { ...setup, password: 'short', setupCode: code }),
    ).toMatchObject({
      error: { code: 'bad_args' },
    });
    const made = result<{ session: { role: string } }>(
      await ask(core, browser, 'auth.setup', { ...setup, setupCode: code }),
    );
    expect(made.session.role).toBe('admin');
    expect(core.pendingSetupCode()).toBeUndefined();
    const desktop: Caller = { source: 'ipc', trusted: true };
    expect(await ask(core, desktop, 'auth.setup', { user: 'eve', password: TEST_PASSWORD })).toMatchObject({
      error: { code: 'forbidden' },
    });
  });
});
