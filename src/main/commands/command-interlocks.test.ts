// Interlocks on the command path: checked at operate (and again at approval), refusals end the
// command and are audited, an override bypasses only overridable rules and only for engineers.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Session } from '../../shared/access';
import type { CommandRequest } from './command';
import { adam, alice, bob, erin, openHarness, SECOND, type Harness } from './testing';

async function operate(h: Harness, who: Session, request: CommandRequest, override = false) {
  const selected = await h.service.select(who, request);
  if (!selected.ok) throw new Error(`select refused: ${selected.message}`);
  return h.service.operate(who, selected.command.id, { override });
}

const closeHospitalValve = { target: 'V-HOSP', action: 'close' };

describe('interlocks', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await openHarness();
  });
  afterEach(() => h.close());

  it('refuses a pump start with its discharge valve closed, audits why, and frees the target', async () => {
    h.tags.set('PU-1.discharge_valve', 'closed');
    const outcome = await operate(h, alice, { target: 'PU-1', action: 'start' });
    expect(outcome).toMatchObject({
      ok: false,
      reason: 'interlock',
      message: 'no pump start with its discharge valve closed',
      command: { state: 'refused', violations: [{ id: 'pump-discharge-open', actual: 'closed' }] },
    });
    expect(h.field.writes).toEqual([]);
    expect(h.service.active()).toEqual([]);
    const refused = (await h.audit.records()).at(-1);
    expect(refused).toMatchObject({
      user: 'alice',
      action: 'command.refused',
      target: 'PU-1',
      result: 'denied',
      details: {
        step: 'operate',
        reason: 'interlock',
        interlocks: [{ id: 'pump-discharge-open', tag: 'PU-1.discharge_valve', actual: 'closed' }],
      },
    });
  });

  it('refuses when the plant state is unknown: an interlock fails safe', async () => {
    h.tags.delete('PU-2.discharge_valve');
    expect(await operate(h, alice, { target: 'PU-2', action: 'start' })).toMatchObject({
      reason: 'interlock',
    });
  });

  it('does not let an override bypass a rule that is not overridable', async () => {
    h.tags.set('PU-1.discharge_valve', 'closed');
    expect(await operate(h, erin, { target: 'PU-1', action: 'start' }, true)).toMatchObject({
      reason: 'interlock',
    });
    expect(h.field.writes).toEqual([]);
  });

  it('refuses an operator closing the valve that supplies the hospital, override or not', async () => {
    expect(await operate(h, alice, closeHospitalValve)).toMatchObject({
      reason: 'interlock',
      command: { state: 'refused' },
    });
    expect(await operate(h, alice, closeHospitalValve, true)).toMatchObject({
      reason: 'override-not-permitted',
      command: { state: 'selected' },
    });
    expect(h.field.writes).toEqual([]);
  });

  it('lets an engineer override it, audited, and still needs a second operator (critical)', async () => {
    const outcome = await operate(h, erin, closeHospitalValve, true);
    expect(outcome).toMatchObject({
      ok: true,
      command: { state: 'awaiting-approval', override: true, overridden: [{ id: 'hospital-supply' }] },
    });
    if (!outcome.ok) return;
    expect(h.field.writes).toEqual([]);
    expect(await h.service.approve(bob, outcome.command.id)).toMatchObject({ ok: true });
    await h.advance(5 * SECOND);
    expect(h.service.get(outcome.command.id)?.state).toBe('succeeded');

    const records = await h.audit.records();
    expect(records.map((r) => r.action)).toEqual([
      'command.select',
      'command.operate',
      'command.override',
      'command.approve',
      'command.write',
      'command.readback',
      'command.result',
    ]);
    expect(records[2]).toMatchObject({
      user: 'erin',
      details: { interlocks: [{ id: 'hospital-supply', tag: 'HOSPITAL.alternate_supply', actual: false }] },
    });
  });

  it('checks again at approval: the plant may have changed while the command waited', async () => {
    h.tags.set('HOSPITAL.alternate_supply', true);
    const outcome = await operate(h, alice, closeHospitalValve);
    if (!outcome.ok) throw new Error(outcome.message);
    h.tags.set('HOSPITAL.alternate_supply', false);
    expect(await h.service.approve(bob, outcome.command.id)).toMatchObject({
      reason: 'interlock',
      command: { state: 'refused' },
    });
    expect(h.field.writes).toEqual([]);
    expect((await h.audit.records()).at(-1)).toMatchObject({
      user: 'bob',
      action: 'command.refused',
      details: { step: 'approve', reason: 'interlock' },
    });
  });

  it('records an override that bypassed nothing as an ordinary operate with the flag', async () => {
    const outcome = await operate(h, adam, { target: 'PU-1', action: 'start' }, true);
    expect(outcome).toMatchObject({ ok: true, command: { override: true, overridden: [] } });
    const actions = (await h.audit.records()).map((r) => r.action);
    expect(actions).not.toContain('command.override');
  });
});
