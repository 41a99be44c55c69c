import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { PushName } from '../../shared/contract';
import { Core } from './core';
import { ask as askAs, loginAs } from './testing';

const fixture = join(__dirname, '../../protocols/sim/fixtures/two-zone.inp');
const cores: Core[] = [];
async function core() {
  const c = await Core.create({
    network: fixture,
    assetsDir: '/nonexistent',
    startMs: Date.UTC(2026, 0, 1),
    paced: false,
    hydraulicStep: 60,
  });
  cores.push(c);
  const pushes: { name: PushName; payload: unknown }[] = [];
  c.onPush((name, payload) => pushes.push({ name, payload }));
  return { c, pushes };
}
afterEach(() => cores.splice(0).forEach((c) => c.close()));

describe('Core', () => {
  it('steps the twin on the clock and publishes a frame per tick that moved it', async () => {
    const { c, pushes } = await core();
    c.advance(30_000);
    expect(pushes.filter((p) => p.name === 'twin.frame')).toHaveLength(0); // no step yet
    c.advance(150_000);
    const frames = pushes.filter((p) => p.name === 'twin.frame');
    expect(frames).toHaveLength(1); // three steps, one frame: coalesced per tick
    expect((frames[0]!.payload as { t: number }).t).toBe(Date.UTC(2026, 0, 1) + 180_000);
  });

  it('opens another network at the current time and announces it', async () => {
    const { c, pushes } = await core();
    c.advance(120_000);
    const inp = readFileSync(fixture, 'utf8').replace('Two-zone test network', 'Other town');
    const summary = await c.openNetwork('other.inp', inp);
    expect(summary).toEqual({ name: 'other', nodes: 9, links: 8 });
    expect(c.twin.time).toBe(Date.UTC(2026, 0, 1) + 120_000);
    expect(pushes.some((p) => p.name === 'network.loaded')).toBe(true);
    c.advance(60_000);
    expect(c.twin.time).toBe(Date.UTC(2026, 0, 1) + 180_000); // only the new twin steps
  });

  it('refuses a bad network and keeps running the old one', async () => {
    const { c } = await core();
    await expect(c.openNetwork('bad.inp', 'garbage')).rejects.toMatchObject({ code: 'invalid_file' });
    c.advance(60_000);
    expect(c.twin.model.name).toBe('two-zone');
    expect(c.twin.time).toBe(Date.UTC(2026, 0, 1) + 60_000);
  });

  it('hosts an agent for every element and instrument, listed through the contract', async () => {
    const { c } = await core();
    const viewer = await loginAs(c, 'viewer');
    const ask = async (name: string, args: unknown) => askAs(c, viewer, name, args);
    const list = await ask('agents.list', {});
    expect(list.ok).toBe(true);
    const agents = (list as { result: { agents: { id: string; kind: string; element: string | null }[] } })
      .result.agents;
    const kinds = (k: string) => agents.filter((a) => a.kind === k).map((a) => a.id);
    expect(kinds('pump')).toEqual(['PU1']);
    expect(kinds('tank')).toEqual(['T1']);
    expect(kinds('pipe')).toHaveLength(6);
    expect(kinds('valve')).toEqual(['V1']);
    expect(kinds('control-center')).toEqual(['control-center']);
    expect(agents.find((a) => a.id === 'S-T1-level')).toMatchObject({ kind: 'sensor', element: 'T1' });
    const detail = await ask('agents.get', { id: 'PU1' });
    expect(detail).toMatchObject({
      ok: true,
      result: {
        agent: { id: 'PU1', kind: 'pump' },
        // the kind's schema filled in, flattened for display
        attributes: { inlet: 'J0', outlet: 'J1', startSpeedPct: 100, 'vibration.critical': 7.1 },
        history: expect.any(Array),
      },
    });
    expect(await ask('agents.get', { id: 'nobody' })).toMatchObject({
      ok: false,
      error: { code: 'bad_args' },
    });
  });

  it('pushes the agents that need attention and their alerts when the plant goes wrong', async () => {
    const { c, pushes } = await core();
    c.advance(10 * 60_000);
    const engineer = await loginAs(c, 'engineer');
    // cut the town off from both its sources: every pressure logger sees the pressure collapse
    for (const link of ['P6', 'P4']) {
      const reply = await askAs(c, engineer, 'twin.actuate', { link, action: 'close' });
      expect(reply.ok).toBe(true);
    }
    // with leak analytics on, a supply cut is no leak: the loggers reading zero for half an hour are what is abnormal
    c.advance(40 * 60_000);
    const alerts = pushes.filter((p) => p.name === 'alerts.recent').at(-1)?.payload as
      { alerts: { agent: string; priority: number; type: string }[] } | undefined;
    expect(alerts?.alerts.some((a) => a.agent.startsWith('S-') && a.priority <= 2)).toBe(true);
    const abnormal = pushes.filter((p) => p.name === 'agents.abnormal').at(-1)?.payload as {
      loadId: string;
      statuses: Record<string, string>;
    };
    expect(abnormal.loadId).toBe(c.twin.model.loadId);
    expect(Object.keys(abnormal.statuses).length).toBeGreaterThan(0);
  });

  it('a restarted console resumes its agents where they were; a damaged state file is ignored', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'aqueduct-data-'));
    const options = {
      network: fixture,
      assetsDir: '/x',
      startMs: Date.UTC(2026, 0, 1),
      paced: false,
      hydraulicStep: 60,
      dataDir,
    };
    const first = await Core.create(options);
    first.advance(10 * 60_000);
    for (const link of ['P6', 'P4']) first.twin.actuate({ link, action: 'close' });
    first.advance(40 * 60_000);
    const before = (first as unknown as { live: { abnormal(): Record<string, string> } }).live.abnormal();
    expect(Object.keys(before).length).toBeGreaterThan(0);
    first.close();
    const second = await Core.create(options);
    cores.push(second);
    const after = (second as unknown as { live: { abnormal(): Record<string, string> } }).live.abnormal();
    expect(after).toEqual(before);
    second.close();
    writeFileSync(join(dataDir, 'agents-two-zone.json'), '{ not json');
    const third = await Core.create(options);
    cores.push(third);
    expect((third as unknown as { live: { abnormal(): Record<string, string> } }).live.abnormal()).toEqual(
      {},
    );
  });

  it('with a data folder, keeps every reading in the historian and every change and refusal in the audit trail', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'aqueduct-store-'));
    let wall = Date.UTC(2026, 5, 1, 8);
    const auditClock = { now: () => (wall += 1000), at: () => () => {}, every: () => () => {} };
    const c = await Core.create({
      network: fixture,
      assetsDir: '/x',
      startMs: Date.UTC(2026, 0, 1),
      paced: false,
      hydraulicStep: 60,
      dataDir,
      auditClock,
    });
    cores.push(c);
    const callers = {
      viewer: await loginAs(c, 'viewer', 'ws:127.0.0.1'),
      engineer: await loginAs(c, 'engineer', 'ws:127.0.0.1'),
    };
    const ask = (role: 'viewer' | 'engineer', name: string, args: unknown) =>
      askAs(c, callers[role], name, args);
    expect((await ask('engineer', 'twin.actuate', { link: 'P3', action: 'close' })).ok).toBe(true);
    expect((await ask('viewer', 'clock.set', { running: false })).ok).toBe(false);
    expect((await ask('viewer', 'clock.get', {})).ok).toBe(true); // looking is not audited
    c.advance(30 * 60_000);
    await c.stored.historian.flush();
    const level = await c.stored.historian.query('T1.level', Date.UTC(2026, 0, 1), Date.UTC(2026, 0, 1, 1));
    expect(level.points.length).toBeGreaterThanOrEqual(29);
    const trail = (await c.stored.audit.records()).filter(
      (r) => !r.action.startsWith('auth.') && !r.action.startsWith('user.'),
    );
    expect(trail.map((r) => [r.action, r.target, r.result])).toEqual([
      ['network.load', 'two-zone', 'success'],
      ['request.twin.actuate', 'P3', 'success'],
      ['request.clock.set', '', 'forbidden'],
    ]);
    expect(trail.slice(1).map((r) => r.user)).toEqual(['engineer1', 'viewer1']);
    // stamped with real time, not the simulation's
    expect(trail[0]!.time).toBeGreaterThan(Date.UTC(2026, 5, 1, 8));
    const count = (await c.stored.audit.records()).length;
    expect(await c.stored.audit.verify()).toEqual({ ok: true, count });
    await c.close();
    // closing is recorded too; the file is closed, so reopen it to look
    const { openStorageDatabase } = await import('../storage/database');
    const { SqliteAuditLog } = await import('../storage/audit-log');
    const db = openStorageDatabase(join(dataDir, 'aqueduct.db'));
    const reopened = new SqliteAuditLog(db, auditClock);
    expect((await reopened.records()).at(-1)).toMatchObject({ action: 'console.stop', result: 'success' });
    expect(await reopened.verify()).toEqual({ ok: true, count: count + 1 });
    db.close();
  });

  it('keeps where its pressure loggers went, so a restart needs no placement study', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'aqueduct-placements-'));
    const options = {
      network: fixture,
      assetsDir: '/x',
      startMs: Date.UTC(2026, 0, 1),
      paced: false,
      dataDir,
    };
    const first = await Core.create(options);
    const loggers = (await askAs(first, await loginAs(first, 'viewer'), 'agents.list', {})) as {
      result: { agents: { id: string; element: string | null }[] };
    };
    await first.close();
    const pressure = loggers.result.agents.filter((a) => /^S-.*-pressure$/.test(a.id)).map((a) => a.element);
    const saved = JSON.parse(readFileSync(join(dataDir, 'placements.json'), 'utf8')) as Record<
      string,
      string[]
    >;
    expect(Object.values(saved)).toContainEqual(expect.arrayContaining(pressure));
  });

  it('reports a missing network file clearly', async () => {
    await expect(
      Core.create({ network: '/no/such/town.inp', assetsDir: '/x', startMs: 0, paced: false }),
    ).rejects.toThrow('cannot read network /no/such/town.inp: no such file');
  });
});
