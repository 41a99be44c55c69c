import { describe, expect, it } from 'vitest';
import { pressureHi, SECOND, setup } from './testing';

// Five hi alarms on five tags: a(p3), b(p1), c(p2), d(p1), e(p4), activated one second apart.
const ids = ['a', 'b', 'c', 'd', 'e'] as const;
const priorities = { a: 3, b: 1, c: 2, d: 1, e: 4 } as const;
const alarms = ids.map((id) => ({ ...pressureHi, id, tag: `tag.${id}`, priority: priorities[id] }));

function scene() {
  const ctx = setup(alarms);
  ids.forEach((id, i) => ctx.at(i * SECOND, `tag.${id}`, 99));
  ctx.engine.acknowledge('d', 'alice');
  ctx.engine.shelve('e', 'alice', 60 * SECOND);
  return ctx;
}

describe('alarm list, counts and banner', () => {
  it('lists annunciated alarms by priority, newest first within a priority; shelved ones are left out', () => {
    const { engine } = scene();
    expect(engine.alarmList().map((a) => a.id)).toEqual(['d', 'b', 'c', 'a']);
  });

  it('counts every alarm once by state, and annunciated alarms by priority', () => {
    const { engine } = scene();
    expect(engine.counts()).toEqual({
      byState: {
        normal: 0,
        unacknowledged: 3, // a, b, c
        acknowledged: 1, // d
        rtn_unacknowledged: 0,
        shelved: 1, // e
        suppressed: 0,
        out_of_service: 0,
      },
      byPriority: { 1: 2, 2: 1, 3: 1, 4: 0 },
      annunciated: 4,
      unacknowledged: 3,
    });
  });

  it('the banner is the latest highest-priority unacknowledged alarm', () => {
    const { engine, at } = scene();
    expect(engine.banner()?.id).toBe('b'); // d is newer and also p1, but acked
    at(10 * SECOND, 'tag.b', 0); // returns to normal unacked: still the banner, still listed
    expect(engine.banner()?.id).toBe('b');
    expect(engine.alarm('b')?.state).toBe('rtn_unacknowledged');
    engine.acknowledge('b', 'alice');
    expect(engine.banner()?.id).toBe('c');
    expect(engine.alarmList().map((a) => a.id)).toEqual(['d', 'c', 'a']);
  });

  it('has no banner when everything is acknowledged', () => {
    const { engine } = scene();
    for (const id of ['a', 'b', 'c']) engine.acknowledge(id, 'alice');
    expect(engine.banner()).toBeUndefined();
  });
});
