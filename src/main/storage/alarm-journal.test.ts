// The alarm journal in SQLite behaves like the in-memory one the engine was built against,
// and answers the journal view's "newest first" pages.
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../agents/runtime/clock';
import { AlarmEngine, computeAlarmKpis, defineAlarm, InMemoryAlarmJournal } from '../alarms';
import { SqliteAlarmJournal } from './alarm-journal';
import { SqliteAuditLog } from './audit-log';
import { openStorageDatabase } from './database';
import { T0, TempDir } from './test-support';

let dir: TempDir;
let db: Database;
beforeEach(() => {
  dir = new TempDir();
  db = openStorageDatabase(dir.file('a.db'));
});
afterEach(() => {
  db.close();
  dir.remove();
});

/** the same alarm history written to both journals by two engines fed alike */
function replay(journal: SqliteAlarmJournal | InMemoryAlarmJournal) {
  const clock = new SimulatedClock(T0);
  const engine = new AlarmEngine({
    clock,
    journal,
    alarms: [
      defineAlarm({
        id: 'J1.lo',
        tag: 'J1.pressure',
        type: 'limit',
        limit: 'lo',
        setpoint: 20,
        priority: 3,
        message: 'low {value}',
      }),
      defineAlarm({
        id: 'PU1.trip',
        tag: 'PU1.state',
        type: 'discrete',
        equals: 'Emergency_Stop',
        priority: 1,
        message: 'trip',
      }),
    ],
  });
  for (let minute = 0; minute < 120; minute++) {
    clock.advanceBy(60_000);
    engine.update('J1.pressure', minute % 7 < 2 ? 12.5 : 30, 'good');
    engine.update('PU1.state', minute === 50 ? 'Emergency_Stop' : 'Running', 'good');
    if (minute === 51) engine.acknowledge('PU1.trip', 'ana', 'drive reset requested');
  }
  engine.dispose();
}

describe('SqliteAlarmJournal', () => {
  it('keeps exactly what the in-memory journal keeps, values and operators included', () => {
    const sqlite = new SqliteAlarmJournal(db);
    const memory = new InMemoryAlarmJournal();
    replay(sqlite);
    replay(memory);
    expect(sqlite.query()).toEqual(memory.query());
    expect(sqlite.query({ alarmId: 'PU1.trip' }).map((e) => [e.event, e.user ?? null])).toEqual([
      ['activated', null],
      ['cleared', null], // back to normal before anyone acknowledged it: RTN-unacknowledged
      ['acknowledged', 'ana'],
    ]);
    const range = { from: T0, to: T0 + 2 * 3600_000 + 1 };
    expect(computeAlarmKpis(sqlite.query(range), range)).toEqual(
      computeAlarmKpis(memory.query(range), range),
    );
  });

  it('pages newest first within a range', () => {
    const sqlite = new SqliteAlarmJournal(db);
    replay(sqlite);
    const all = sqlite.query();
    const newest = sqlite.newest({}, 5);
    expect(newest).toEqual(all.slice(-5).reverse());
    const morning = sqlite.newest({ from: T0, to: T0 + 30 * 60_000, alarmId: 'J1.lo' }, 100);
    expect(morning.length).toBeGreaterThan(0);
    expect(morning.every((e) => e.alarmId === 'J1.lo' && e.time < T0 + 30 * 60_000)).toBe(true);
  });
});

describe('SqliteAlarmJournal times', () => {
  it('keeps a fractional clock time as the whole millisecond before it', () => {
    const journal = new SqliteAlarmJournal(db);
    const entry = journal.append({
      time: T0 + 0.75,
      alarmId: 'a',
      event: 'acknowledged',
      priority: 1,
      message: 'm',
    });
    expect(entry.time).toBe(T0);
    expect(journal.query()[0]!.time).toBe(T0);
  });
});

describe('SqliteAuditLog.newest', () => {
  it('pages back newest first and filters by user and by action prefix, taking % and _ literally', async () => {
    const clock = new SimulatedClock(T0);
    const audit = new SqliteAuditLog(db, clock);
    for (const [user, action] of [
      ['ana', 'command.select'],
      ['ben', 'auth.login'],
      ['ana', 'command.result'],
      ['ana', 'auth_x.login'],
      ['ben', 'command.select'],
    ]) {
      clock.advanceBy(1000);
      await audit.append({ user: user!, source: 'test', action: action!, result: 'success' });
    }
    expect((await audit.newest({ limit: 2 })).map((r) => r.seq)).toEqual([5, 4]);
    expect((await audit.newest({ limit: 10, beforeSeq: 4 })).map((r) => r.seq)).toEqual([3, 2, 1]);
    expect((await audit.newest({ limit: 10, user: 'ana', action: 'command.' })).map((r) => r.seq)).toEqual([
      3, 1,
    ]);
    // '_' is a wildcard in LIKE: 'auth_' must not match 'auth.login'
    expect((await audit.newest({ limit: 10, action: 'auth_' })).map((r) => r.action)).toEqual([
      'auth_x.login',
    ]);
  });
});
