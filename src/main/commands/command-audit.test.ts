// The audit trail of the command path: every step of every command, in order, on a chain that
// verifies; and nothing reaches the field that the audit log did not take.
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Session } from '../../shared/access';
import type { AuditLog } from '../storage/audit-log';
import type { CommandRequest } from './command';
import { CommandService } from './command-service';
import { alice, bob, erin, openHarness, SECOND, vera, type Harness } from './testing';

describe('command audit trail', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await openHarness();
  });
  afterEach(() => h.close());

  it('holds the whole lifecycle of one critical command in order, on a chain that verifies', async () => {
    // a busy minute around it: a refusal, an interlock, an expiry, a failure
    await h.service.select(vera, { target: 'PU-1', action: 'start' });
    h.tags.set('PU-2.discharge_valve', 'closed');
    await h.service.submit(bob, { target: 'PU-2', action: 'start' });
    await h.service.select(bob, { target: 'V-1', action: 'close' });

    await h.advance(SECOND);
    const selected = await h.service.select(erin, { target: 'V-HOSP', action: 'close' });
    if (!selected.ok) throw new Error(selected.message);
    const id = selected.command.id;
    await h.advance(4 * SECOND);
    await h.service.operate(erin, id, { override: true });
    await h.advance(10 * SECOND);
    await h.service.approve(alice, id);
    await h.advance(10 * SECOND);
    h.field.writeError = 'link down';
    await h.service.submit(alice, { target: 'SP-ZONE3', action: 'set', value: 42 });
    await h.advance(30 * SECOND);

    expect(await h.audit.verify()).toEqual({ ok: true, count: (await h.audit.records()).length });
    const lifecycle = (await h.trail((r) => r.details.commandId === id)).map(
      ({ t, user, action, result }) => [t, user, action, result],
    );
    expect(lifecycle).toEqual([
      [1_000, 'erin', 'command.select', 'success'],
      [5_000, 'erin', 'command.operate', 'awaiting-approval'],
      [5_000, 'erin', 'command.override', 'success'],
      [15_000, 'alice', 'command.approve', 'success'],
      [15_000, 'erin', 'command.write', 'success'],
      [16_000, 'erin', 'command.readback', 'match'],
      [16_000, 'erin', 'command.result', 'succeeded'],
    ]);
    expect(h.statesOf(id)).toEqual(['selected', 'awaiting-approval', 'writing', 'verifying', 'succeeded']);

    const everything = (await h.trail()).map((r) => `${r.user} ${r.action} ${r.target} ${r.result}`);
    expect(everything).toEqual(
      expect.arrayContaining([
        'vera command.refused PU-1 denied',
        'bob command.refused PU-2 denied',
        'bob command.expired V-1 timeout',
        'alice command.write SP-ZONE3 failed',
        'alice command.result SP-ZONE3 failed',
      ]),
    );
    const sources = new Set((await h.audit.records()).filter((r) => r.user === 'erin').map((r) => r.source));
    expect(sources).toEqual(new Set([erin.source]));
  });

  it('writes nothing to the field when the operate step could not be audited', async () => {
    const failing = (log: AuditLog): AuditLog => ({
      ...log,
      append: async (entry) => {
        if (entry.action === 'command.operate') throw new Error('disk full');
        return log.append(entry);
      },
    });
    const errors: unknown[] = [];
    const service = new CommandService({
      ...h.parts,
      audit: failing(h.audit),
      onError: (e) => errors.push(e),
    });
    const selected = await service.select(alice, { target: 'PU-1', action: 'start' });
    if (!selected.ok) throw new Error(selected.message);
    await expect(service.operate(alice, selected.command.id)).rejects.toThrow('disk full');
    expect(service.get(selected.command.id)).toMatchObject({
      state: 'failed',
      failure: { reason: 'internal-error' },
    });
    await h.advance(20 * SECOND);
    expect(h.field.writes).toEqual([]);
    // reported to the caller who asked, not to the background error channel
    expect(errors).toEqual([]);
    expect(await h.audit.verify()).toMatchObject({ ok: true });
  });
});

describe('command path invariants under any sequence of requests', () => {
  const people: Session[] = [alice, bob, erin, vera, CommandService.system()];
  const requests: CommandRequest[] = [
    { target: 'PU-1', action: 'start' },
    { target: 'PU-1', action: 'set_speed', value: 60 },
    { target: 'V-HOSP', action: 'close' },
    { target: 'CTL-PS1', action: 'set_mode', value: 'manual' },
    { target: 'SP-ZONE3', action: 'set', value: 99 },
  ];
  // weighted so that runs get commands all the way to the field, not just refusals
  const step = fc.oneof(
    {
      weight: 3,
      arbitrary: fc.record({ kind: fc.constant('select' as const), who: fc.nat(4), request: fc.nat(4) }),
    },
    // who: 5 = the session that selected the latest command, the likeliest caller
    {
      weight: 4,
      arbitrary: fc.record({ kind: fc.constant('operate' as const), who: fc.constantFrom(0, 2, 5, 5) }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('override' as const), who: fc.nat(5) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('approve' as const), who: fc.nat(5) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('cancel' as const), who: fc.nat(5) }) },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('wait' as const),
        ms: fc.constantFrom(0, 500, 2_000, 12_000, 35_000),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('field' as const),
        fault: fc.constantFrom('none', 'error', 'ignore', 'bad'),
      }),
    },
  );

  it('one command per target, only operated (and approved) commands written, the chain intact', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 10, maxLength: 40, size: 'max' }), async (steps) => {
        const h = await openHarness();
        try {
          const ids: string[] = [];
          const latest = () => ids.at(-1) ?? 'none';
          const owner = () => people.find((p) => p.id === h.service.get(latest())?.sessionId) ?? alice;
          const caller = (who: number) => people[who] ?? owner();
          for (const s of steps) {
            if (s.kind === 'wait') await h.advance(s.ms);
            else if (s.kind === 'field') {
              h.field.writeError = s.fault === 'error' ? 'fault' : undefined;
              h.field.ignoreWrites = s.fault === 'ignore';
              h.field.quality = s.fault === 'bad' ? 'bad' : 'good';
            } else if (s.kind === 'select') {
              const outcome = await h.service.select(people[s.who]!, requests[s.request]!);
              if (outcome.ok) ids.push(outcome.command.id);
            } else if (s.kind === 'override') {
              await h.service.operate(caller(s.who), latest(), { override: true });
            } else {
              await h.service[s.kind](caller(s.who), latest());
            }
            const targets = h.service.active().map((c) => c.target);
            expect(new Set(targets).size).toBe(targets.length);
          }
          await h.advance(120 * SECOND);
          expect(h.service.active()).toEqual([]);

          const records = await h.audit.records(0, 100_000);
          expect(await h.audit.verify()).toMatchObject({ ok: true });
          for (const id of ids) {
            // refusals of late requests may follow the result; the command's own story ends with it
            const steps = records
              .filter((r) => r.details.commandId === id && r.action !== 'command.refused')
              .map((r) => r.action);
            const command = h.service.get(id)!;
            const written = steps.includes('command.write');
            if (written) {
              // released to the field only after operate (and, if critical, a human approval)
              const before = steps.slice(0, steps.indexOf('command.write'));
              expect(before).toContain('command.operate');
              if (command.critical) expect(before).toContain('command.approve');
              expect(steps.at(-1)).toBe('command.result');
              expect(['succeeded', 'failed']).toContain(command.state);
            } else {
              expect(['refused', 'cancelled', 'expired']).toContain(command.state);
            }
          }
          expect(h.field.writes.length).toBe(
            ids.filter((id) =>
              records.some((r) => r.details.commandId === id && r.action === 'command.write'),
            ).length,
          );
        } finally {
          await h.close();
        }
      }),
      { numRuns: 40 },
    );
  });
});
