// Dual approval of critical actions: a second, different human with 'operate', in time.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Session } from '../../shared/access';
import { CommandService } from './command-service';
import { alice, bob, openHarness, SECOND, session, vera, type Harness } from './testing';

/** alice switches pump station 1 to manual: critical */
async function awaitingApproval(h: Harness, who: Session = alice) {
  const selected = await h.service.select(who, { target: 'CTL-PS1', action: 'set_mode', value: 'manual' });
  if (!selected.ok) throw new Error(selected.message);
  const outcome = await h.service.operate(who, selected.command.id);
  if (!outcome.ok) throw new Error(outcome.message);
  return outcome.command;
}

describe('dual approval', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await openHarness();
  });
  afterEach(() => h.close());

  it('holds a critical command until a second operator approves it, then writes it', async () => {
    const command = await awaitingApproval(h);
    expect(command).toMatchObject({
      critical: true,
      state: 'awaiting-approval',
      expiresAt: h.clock.now() + 60_000,
    });
    await h.advance(20 * SECOND);
    expect(h.field.writes).toEqual([]);

    expect(await h.service.approve(bob, command.id)).toMatchObject({
      ok: true,
      command: { state: 'writing', approvedBy: 'bob' },
    });
    await h.advance(5 * SECOND);
    expect(h.service.get(command.id)).toMatchObject({ state: 'succeeded', readback: { state: 'manual' } });
    expect(h.field.writes).toEqual([{ target: 'CTL-PS1', action: 'set_mode', value: 'manual' }]);
    const trail = await h.trail();
    expect(trail.map((r) => [r.action, r.user])).toEqual([
      ['command.select', 'alice'],
      ['command.operate', 'alice'],
      ['command.approve', 'bob'],
      ['command.write', 'alice'],
      ['command.readback', 'alice'],
      ['command.result', 'alice'],
    ]);
    expect(trail[1]).toMatchObject({ result: 'awaiting-approval' });
    expect((await h.audit.records()).at(-1)?.details).toMatchObject({ approvedBy: 'bob' });
  });

  it.each<[string, Session, string]>([
    ['the same user', alice, 'same-user'],
    ['the same user in another session', session('alice', 'engineer', 's-alice-eng'), 'same-user'],
    ['a viewer', vera, 'permission'],
    ['an automated agent', CommandService.system(), 'approver-not-human'],
  ])('refuses approval by %s, audited, and keeps waiting', async (_who, approver, reason) => {
    const command = await awaitingApproval(h);
    expect(await h.service.approve(approver, command.id)).toMatchObject({ ok: false, reason });
    expect(h.service.get(command.id)?.state).toBe('awaiting-approval');
    expect((await h.audit.records()).at(-1)).toMatchObject({
      user: approver.user,
      source: approver.source,
      action: 'command.refused',
      details: { step: 'approve', reason },
    });
    expect(await h.service.approve(bob, command.id)).toMatchObject({ ok: true });
  });

  it('expires when nobody approves in time; a late approval is refused', async () => {
    const command = await awaitingApproval(h);
    await h.advance(60 * SECOND);
    expect(h.service.get(command.id)?.state).toBe('expired');
    expect(await h.service.approve(bob, command.id)).toMatchObject({ ok: false, reason: 'expired' });
    expect(h.field.writes).toEqual([]);
    expect(
      await h.service.select(bob, { target: 'CTL-PS1', action: 'set_mode', value: 'auto' }),
    ).toMatchObject({
      ok: true,
    });
    const expired = (await h.audit.records()).find((r) => r.action === 'command.expired');
    expect(expired).toMatchObject({ user: 'alice', result: 'timeout', details: { window: 'approval' } });
  });

  it('takes the approval window from the options, counted from operate, not select', async () => {
    await h.close();
    h = await openHarness({ approvalTimeoutMs: 10 * SECOND });
    await h.advance(25 * SECOND);
    const command = await awaitingApproval(h);
    await h.advance(9 * SECOND);
    expect(h.service.get(command.id)?.state).toBe('awaiting-approval');
    await h.advance(SECOND);
    expect(h.service.get(command.id)?.state).toBe('expired');
  });

  it('lets the requester cancel while it awaits approval', async () => {
    const command = await awaitingApproval(h);
    expect(await h.service.cancel(alice, command.id)).toMatchObject({
      ok: true,
      command: { state: 'cancelled' },
    });
    expect(await h.service.approve(bob, command.id)).toMatchObject({ reason: 'wrong-state' });
    expect(h.field.writes).toEqual([]);
  });

  it('refuses to approve a command that is not critical', async () => {
    const selected = await h.service.select(alice, { target: 'PU-1', action: 'stop' });
    if (!selected.ok) throw new Error(selected.message);
    expect(await h.service.approve(bob, selected.command.id)).toMatchObject({ reason: 'wrong-state' });
  });
});
