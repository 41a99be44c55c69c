// Automated agents command under the system identity, through the same path: same checks,
// same audit, and no way around a human approval for critical actions.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CommandService } from './command-service';
import { alice, openHarness, SECOND, type Harness } from './testing';

const system = CommandService.system();

describe('automated agents', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await openHarness();
  });
  afterEach(() => h.close());

  it('act as system:agents, an operator, from source system', () => {
    expect(system).toEqual({
      id: 'system:agents',
      user: 'system:agents',
      role: 'operator',
      source: 'system',
    });
  });

  it('carry out a command through select and operate, audited under their identity', async () => {
    const outcome = await h.service.submit(system, { target: 'PU-2', action: 'set_speed', value: 85 });
    expect(outcome).toMatchObject({ ok: true, command: { state: 'writing', user: 'system:agents' } });
    await h.advance(2 * SECOND);
    expect(outcome.ok && h.service.get(outcome.command.id)?.state).toBe('succeeded');
    const trail = await h.audit.records();
    expect(trail.map((r) => r.action)).toEqual([
      'command.select',
      'command.operate',
      'command.write',
      'command.readback',
      'command.result',
    ]);
    expect(trail.every((r) => r.user === 'system:agents' && r.source === 'system')).toBe(true);
  });

  it('wait for a human approval on a critical action, and expire without one', async () => {
    const outcome = await h.service.submit(system, {
      target: 'CTL-PS1',
      action: 'set_mode',
      value: 'manual',
    });
    expect(outcome).toMatchObject({ ok: true, command: { state: 'awaiting-approval' } });
    if (!outcome.ok) return;
    await h.advance(60 * SECOND);
    expect(h.service.get(outcome.command.id)?.state).toBe('expired');
    expect(h.field.writes).toEqual([]);
  });

  it('go ahead once a human approves', async () => {
    const outcome = await h.service.submit(system, {
      target: 'CTL-PS1',
      action: 'set_mode',
      value: 'manual',
    });
    if (!outcome.ok) throw new Error(outcome.message);
    expect(await h.service.approve(alice, outcome.command.id)).toMatchObject({ ok: true });
    await h.advance(2 * SECOND);
    expect(await h.service.whenSettled(outcome.command.id)).toMatchObject({
      state: 'succeeded',
      approvedBy: 'alice',
    });
  });

  it('meet the same interlocks and cannot override them', async () => {
    h.tags.set('PU-1.discharge_valve', 'closed');
    expect(await h.service.submit(system, { target: 'PU-1', action: 'start' })).toMatchObject({
      reason: 'interlock',
    });
    expect(
      await h.service.submit(system, { target: 'V-HOSP', action: 'close' }, { override: true }),
    ).toMatchObject({
      reason: 'override-not-permitted',
    });
    expect(h.field.writes).toEqual([]);
    // the refused submit did not leave the valve reserved
    expect(h.service.active()).toEqual([]);
  });

  it('cannot take a target an operator holds', async () => {
    await h.service.select(alice, { target: 'PU-1', action: 'stop' });
    expect(await h.service.submit(system, { target: 'PU-1', action: 'start' })).toMatchObject({
      reason: 'target-reserved',
    });
  });
});
