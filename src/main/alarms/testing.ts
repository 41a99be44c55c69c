// Test helpers: an engine on a simulated clock with its journal and a log of emitted changes.
import { SimulatedClock } from '../../agents/runtime/clock';
import {
  defineAlarm,
  defineSuppressionRule,
  type AlarmDefinitionInput,
  type SuppressionRuleInput,
} from './definition';
import { AlarmEngine, type AlarmChange } from './engine';
import { InMemoryAlarmJournal } from './journal';

/** 2024-01-01T00:00:00Z: a fixed start keeps every test's times readable and reproducible */
export const T0 = 1_704_067_200_000;
export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;

export function setup(alarms: AlarmDefinitionInput[], rules: SuppressionRuleInput[] = []) {
  const clock = new SimulatedClock(T0);
  const journal = new InMemoryAlarmJournal();
  const engine = new AlarmEngine({
    clock,
    journal,
    alarms: alarms.map(defineAlarm),
    suppressionRules: rules.map(defineSuppressionRule),
  });
  const changes: AlarmChange[] = [];
  engine.onChange((c) => changes.push(c));
  /** advance the clock to T0 + `ms`, running due timers, then feed the sample stamped with that time */
  const at = (
    ms: number,
    tag: string,
    value: number | string | boolean,
    quality: 'good' | 'uncertain' | 'bad' = 'good',
  ) => {
    clock.advanceTo(T0 + ms);
    engine.update(tag, value, quality, T0 + ms);
  };
  /** the journal as [ms since T0, alarm, event] for compact assertions */
  const events = () => journal.query().map((e) => [e.time - T0, e.alarmId, e.event] as const);
  const state = (id: string) => engine.alarm(id)?.state;
  return { clock, journal, engine, changes, at, events, state };
}

export const pressureHi = {
  id: 'J12.pressure.hi',
  tag: 'node.J12.pressure',
  type: 'limit' as const,
  limit: 'hi' as const,
  setpoint: 60,
  priority: 3 as const,
  message: '{tag} pressure high: {value} m (limit {setpoint})',
  area: 'North',
  zone: 'DMA-3',
} satisfies AlarmDefinitionInput;
