// Random operation sequences: whatever happens, the journal must tell the same story as the
// engine (the KPIs and the future SQLite journal rely on it), and the queries must agree with
// the states.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { replayJournal } from './kpi-replay';
import { MINUTE, SECOND, setup, T0 } from './testing';

const alarms = [
  {
    id: 'A',
    tag: 'a',
    type: 'limit' as const,
    limit: 'hi' as const,
    setpoint: 50,
    deadband: 2,
    priority: 1 as const,
  },
  {
    id: 'B',
    tag: 'a',
    type: 'limit' as const,
    limit: 'lo' as const,
    setpoint: 10,
    onDelayS: 5,
    priority: 2 as const,
  },
  {
    id: 'C',
    tag: 'b',
    type: 'limit' as const,
    limit: 'hi' as const,
    setpoint: 50,
    offDelayS: 5,
    priority: 3 as const,
  },
  { id: 'D', tag: 'b', type: 'comms_loss' as const, afterS: 20, priority: 4 as const },
].map((a) => ({ ...a, message: '{id} {value}' }));
const rules = [{ id: 'r', when: { tag: 's', equals: 'Stopped' }, suppress: ['A', 'C'], releaseDelayS: 3 }];
const ids = alarms.map((a) => a.id);

const op = fc.oneof(
  fc.record({
    kind: fc.constant('sample' as const),
    tag: fc.constantFrom('a', 'b'),
    value: fc.integer({ min: 0, max: 60 }),
    bad: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('state' as const), value: fc.constantFrom('Stopped', 'Running') }),
  fc.record({ kind: fc.constant('wait' as const), ms: fc.integer({ min: 0, max: 30 * SECOND }) }),
  fc.record({
    kind: fc.constantFrom('ack' as const, 'unshelve' as const, 'oos' as const, 'rts' as const),
    id: fc.constantFrom(...ids),
  }),
  fc.record({
    kind: fc.constant('shelve' as const),
    id: fc.constantFrom(...ids),
    ms: fc.integer({ min: 1, max: MINUTE }),
  }),
);

describe('engine and journal agree', () => {
  it('for any sequence of samples, timers and operator actions', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 80 }), (ops) => {
        const { engine, journal, clock, changes } = setup(alarms, rules);
        for (const o of ops) {
          if (o.kind === 'sample') engine.update(o.tag, o.value, o.bad ? 'bad' : 'good');
          else if (o.kind === 'state') engine.update('s', o.value, 'good');
          else if (o.kind === 'wait') clock.advanceBy(o.ms);
          else if (o.kind === 'ack') engine.acknowledge(o.id, 'u');
          else if (o.kind === 'shelve') engine.shelve(o.id, 'u', o.ms);
          else if (o.kind === 'unshelve') engine.unshelve(o.id, 'u');
          else if (o.kind === 'oos') engine.removeFromService(o.id, 'u');
          else engine.returnToService(o.id, 'u');
        }
        clock.advanceBy(2 * MINUTE); // let every pending timer run

        const entries = journal.query();
        expect(entries.map((e) => e.seq)).toEqual(entries.map((_, i) => i + 1));
        expect(changes.map((c) => c.entry)).toEqual(entries);
        entries.forEach((e, i) => i > 0 && expect(e.time).toBeGreaterThanOrEqual(entries[i - 1]!.time));
        expect(entries.every((e) => e.time >= T0)).toBe(true);

        const final = replayJournal(entries).final;
        for (const alarm of engine.alarms()) {
          const replayed = final.get(alarm.id) ?? { active: false, hidden: false };
          const hidden = ['shelved', 'suppressed', 'out_of_service'].includes(alarm.state);
          expect({ id: alarm.id, active: alarm.active, hidden }).toEqual({ id: alarm.id, ...replayed });
        }

        const listed = new Set(engine.alarmList().map((a) => a.id));
        for (const alarm of engine.alarms()) {
          const shouldList = ['unacknowledged', 'acknowledged', 'rtn_unacknowledged'].includes(alarm.state);
          expect(listed.has(alarm.id)).toBe(shouldList);
        }
        const { byState } = engine.counts();
        expect(Object.values(byState).reduce((a, b) => a + b, 0)).toBe(alarms.length);
      }),
      { seed: 20240101, numRuns: 300 },
    );
  });
});
