import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { PushName } from '../../shared/contract';
import { Core } from './core';

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

  it('reports a missing network file clearly', async () => {
    await expect(
      Core.create({ network: '/no/such/town.inp', assetsDir: '/x', startMs: 0, paced: false }),
    ).rejects.toThrow('cannot read network /no/such/town.inp: no such file');
  });
});
