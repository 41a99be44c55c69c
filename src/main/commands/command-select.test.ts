// Select-before-operate: the reservation of a target, the select timeout, cancel, and who may
// act on a selection.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CommandRequest } from './command';
import { alice, bob, openHarness, SECOND, session, type Harness } from './testing';

const start: CommandRequest = { target: 'PU-1', action: 'start' };

async function selected(h: Harness, who = alice, request = start) {
  const outcome = await h.service.select(who, request);
  if (!outcome.ok) throw new Error(`select refused: ${outcome.message}`);
  return outcome.command;
}

describe('select-before-operate', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await openHarness();
  });
  afterEach(() => h.close());

  it('reserves the target: someone else is refused until the command finishes, other targets stay free', async () => {
    const command = await selected(h);
    expect(command).toMatchObject({
      state: 'selected',
      user: 'alice',
      expiresAt: h.clock.now() + 30 * SECOND,
    });

    const conflict = await h.service.select(bob, { target: 'PU-1', action: 'stop' });
    expect(conflict).toMatchObject({ ok: false, reason: 'target-reserved' });
    expect(conflict.ok || conflict.message).toContain('alice');
    expect(await h.service.select(bob, { target: 'PU-2', action: 'start' })).toMatchObject({ ok: true });

    await h.service.operate(alice, command.id);
    expect(await h.service.select(bob, { target: 'PU-1', action: 'stop' })).toMatchObject({
      reason: 'target-reserved',
    });
    await h.advance(5 * SECOND);
    expect(h.service.get(command.id)?.state).toBe('succeeded');
    expect(await h.service.select(bob, { target: 'PU-1', action: 'stop' })).toMatchObject({ ok: true });

    expect(await h.trail()).toContainEqual(
      expect.objectContaining({ user: 'bob', action: 'command.refused', target: 'PU-1', result: 'denied' }),
    );
  });

  it('refuses the same user in another session too: the reservation is per session', async () => {
    await selected(h);
    const otherConsole = session('alice', 'operator', 's-alice-2');
    expect(await h.service.select(otherConsole, start)).toMatchObject({ reason: 'target-reserved' });
  });

  it('lets the holding session change its mind: a new select supersedes its pending selection', async () => {
    const first = await selected(h);
    const second = await selected(h, alice, { target: 'PU-1', action: 'set_speed', value: 70 });
    expect(h.service.get(first.id)?.state).toBe('cancelled');
    expect(await h.service.operate(alice, first.id)).toMatchObject({ reason: 'wrong-state' });
    expect(h.service.active().map((c) => c.id)).toEqual([second.id]);
    expect((await h.trail()).map((r) => [r.action, r.result])).toEqual([
      ['command.select', 'success'],
      ['command.cancel', 'superseded'],
      ['command.select', 'success'],
      ['command.refused', 'denied'],
    ]);
  });

  it('expires a selection after the select timeout: operate is refused, the expiry audited', async () => {
    const command = await selected(h);
    await h.advance(30 * SECOND - 1);
    expect(h.service.get(command.id)?.state).toBe('selected');
    await h.advance(1);
    expect(h.service.get(command.id)?.state).toBe('expired');
    expect(h.service.active()).toEqual([]);

    const late = await h.service.operate(alice, command.id);
    expect(late).toMatchObject({ ok: false, reason: 'expired', command: { state: 'expired' } });
    expect(h.field.writes).toEqual([]);
    expect(await h.trail()).toEqual([
      { t: 0, user: 'alice', action: 'command.select', target: 'PU-1', result: 'success' },
      { t: 30_000, user: 'alice', action: 'command.expired', target: 'PU-1', result: 'timeout' },
      { t: 30_000, user: 'alice', action: 'command.refused', target: 'PU-1', result: 'denied' },
    ]);
    expect(h.statesOf(command.id)).toEqual(['selected', 'expired']);
  });

  it('operates just inside the select timeout', async () => {
    const command = await selected(h);
    await h.advance(30 * SECOND - 1);
    expect(await h.service.operate(alice, command.id)).toMatchObject({
      ok: true,
      command: { state: 'writing' },
    });
    await h.advance(60 * SECOND);
    expect(h.service.get(command.id)?.state).toBe('succeeded');
  });

  it('takes the select timeout from the options', async () => {
    await h.close();
    h = await openHarness({ selectTimeoutMs: 5 * SECOND });
    const command = await selected(h);
    await h.advance(5 * SECOND);
    expect(await h.service.operate(alice, command.id)).toMatchObject({ reason: 'expired' });
  });

  it('refuses operate and cancel from anyone but the selecting session', async () => {
    const command = await selected(h);
    expect(await h.service.operate(bob, command.id)).toMatchObject({ ok: false, reason: 'not-owner' });
    expect(await h.service.cancel(bob, command.id)).toMatchObject({ ok: false, reason: 'not-owner' });
    expect(h.service.get(command.id)?.state).toBe('selected');
    expect(await h.service.operate(alice, 'cmd-404')).toMatchObject({ reason: 'unknown-command' });
    const refusals = (await h.trail()).filter((r) => r.action === 'command.refused');
    expect(refusals.map((r) => r.user)).toEqual(['bob', 'bob', 'alice']);
  });

  it('cancels a selection: the target is free, operate refused, the field untouched', async () => {
    const command = await selected(h);
    expect(await h.service.cancel(alice, command.id)).toMatchObject({
      ok: true,
      command: { state: 'cancelled' },
    });
    expect(await h.service.operate(alice, command.id)).toMatchObject({ reason: 'wrong-state' });
    expect(await h.service.select(bob, start)).toMatchObject({ ok: true });
    // the select timer was stopped with the command: no expiry later
    await h.advance(60 * SECOND);
    expect(h.service.get(command.id)?.state).toBe('cancelled');
    expect(h.field.writes).toEqual([]);
    expect((await h.trail()).filter((r) => r.user === 'alice').map((r) => r.action)).toEqual([
      'command.select',
      'command.cancel',
      'command.refused',
    ]);
    expect(await h.service.whenSettled(command.id)).toMatchObject({ state: 'cancelled' });
  });

  it('cannot cancel a command once it is on its way to the field', async () => {
    const command = await selected(h);
    await h.service.operate(alice, command.id);
    expect(await h.service.cancel(alice, command.id)).toMatchObject({ ok: false, reason: 'wrong-state' });
    await h.advance(5 * SECOND);
    expect(h.service.get(command.id)?.state).toBe('succeeded');
  });

  it('reports every state change to listeners, in order', async () => {
    const command = await selected(h);
    await h.service.operate(alice, command.id);
    await h.advance(5 * SECOND);
    expect(h.statesOf(command.id)).toEqual(['selected', 'writing', 'verifying', 'succeeded']);
    expect(h.events.filter((e) => e.command.id === command.id).map((e) => e.previous)).toEqual([
      undefined,
      'selected',
      'writing',
      'verifying',
    ]);
  });

  it('keeps a broken listener from stopping a command', async () => {
    const errors: unknown[] = [];
    await h.close();
    h = await openHarness({ onError: (e) => errors.push(e) });
    h.service.onChange(() => {
      throw new Error('UI fell over');
    });
    const command = await selected(h);
    await h.service.operate(alice, command.id);
    await h.advance(5 * SECOND);
    expect(h.service.get(command.id)?.state).toBe('succeeded');
    expect(errors).toHaveLength(4);
  });
});
