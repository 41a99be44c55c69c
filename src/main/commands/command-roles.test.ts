// Every role × every action of every configured target: who may command the field at all,
// and who may override an interlock.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Session } from '../../shared/access';
import { CommandTargetRegistry, type ActionSpec, type CommandValue } from './targets';
import { adam, bob, erin, openHarness, SECOND, TARGETS, vera, alice, type Harness } from './testing';

const everyAction = new CommandTargetRegistry(TARGETS)
  .list()
  .flatMap((t) => Object.entries(t.actions).map(([action, spec]) => ({ target: t.id, action, spec })));

/** a valid value that differs from the field's current one, so the readback proves the write */
function valueFor(spec: ActionSpec): CommandValue | undefined {
  if (!spec.value) return undefined;
  return spec.value.type === 'number' ? (spec.value.min + spec.value.max) / 2 : spec.value.options.at(-1);
}

describe('roles on the command path', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await openHarness();
    // every interlock satisfied: this file is about roles
    h.tags.set('HOSPITAL.alternate_supply', true);
  });
  afterEach(() => h.close());

  it('refuses a viewer every action, never touches the field, and audits each refusal', async () => {
    for (const { target, action, spec } of everyAction) {
      const outcome = await h.service.select(vera, { target, action, value: valueFor(spec) });
      expect(outcome, `${target} ${action}`).toMatchObject({ ok: false, reason: 'permission' });
    }
    expect(h.field.writes).toEqual([]);
    expect(h.service.active()).toEqual([]);
    const trail = await h.trail();
    expect(trail).toHaveLength(everyAction.length);
    expect(
      trail.every((r) => r.user === 'vera' && r.action === 'command.refused' && r.result === 'denied'),
    ).toBe(true);
    expect(trail.map((r) => r.target)).toEqual(everyAction.map((a) => a.target));
  });

  it.each<[string, Session]>([
    ['operator', alice],
    ['engineer', erin],
    ['admin', adam],
  ])('lets an %s carry out every action to a verified result', async (_role, who) => {
    // critical actions need someone else's approval
    const approver = who.user === bob.user ? alice : bob;
    for (const { target, action, spec } of everyAction) {
      const selected = await h.service.select(who, { target, action, value: valueFor(spec) });
      expect(selected, `${target} ${action}`).toMatchObject({ ok: true });
      if (!selected.ok) continue;
      const operated = await h.service.operate(who, selected.command.id);
      expect(operated).toMatchObject({ ok: true });
      if (spec.critical) {
        expect(operated.ok && operated.command.state).toBe('awaiting-approval');
        expect(await h.service.approve(approver, selected.command.id)).toMatchObject({ ok: true });
      }
      await h.advance(5 * SECOND);
      expect(h.service.get(selected.command.id), `${target} ${action}`).toMatchObject({
        state: 'succeeded',
        user: who.user,
      });
    }
    expect(h.field.writes).toHaveLength(everyAction.length);
    const results = (await h.trail()).filter((r) => r.action === 'command.result');
    expect(results.map((r) => [r.user, r.result])).toEqual(everyAction.map(() => [who.user, 'succeeded']));
  });

  it.each<[string, Session, boolean]>([
    ['viewer', vera, false],
    ['operator', alice, false],
    ['engineer', erin, true],
    ['admin', adam, true],
  ])('override is for engineers and admins only: %s', async (_role, who, allowed) => {
    const selected = await h.service.select(
      { ...who, role: who.role === 'viewer' ? 'operator' : who.role },
      {
        target: 'V-1',
        action: 'close',
      },
    );
    if (!selected.ok) throw new Error('select failed');
    const operated = await h.service.operate(who, selected.command.id, { override: true });
    if (who.role === 'viewer') {
      expect(operated).toMatchObject({ ok: false, reason: 'permission' });
      return;
    }
    expect(operated.ok).toBe(allowed);
    const records = await h.audit.records();
    const last = records.at(-1);
    if (allowed) {
      const operate = records.find((r) => r.action === 'command.operate');
      expect(operate).toMatchObject({ user: who.user, details: { override: true } });
    } else {
      expect(operated).toMatchObject({ reason: 'override-not-permitted', command: { state: 'selected' } });
      expect(last).toMatchObject({ action: 'command.refused', user: who.user, result: 'denied' });
      // the refused override left the selection standing: the operator may still operate without it
      expect(await h.service.operate(who, selected.command.id)).toMatchObject({ ok: true });
    }
  });
});
