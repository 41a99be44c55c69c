// The live console's alarm system: the ISA-18.2 engine with the alarms planned from the
// running network's agents, fed with every instrument reading and every agent state change,
// its journal in the storage file. What the operator does to an alarm (ack, shelve, take out
// of service) comes through the contract with the session's user, and is journaled there.
import type { Clock } from '../../agents/runtime';
import type { Bus } from '../../agents/runtime/bus';
import type { StateChange } from '../../agents/runtime/behaviour';
import type { AlarmSnapshot } from '../alarms/alarm-list';
import {
  AlarmEngine,
  computeAlarmKpis,
  defineAlarm,
  defineSuppressionRule,
  type AlarmJournal,
} from '../alarms';
import { RequestError, type Handlers } from '../api/dispatcher';
import type { AlarmSummary, AlarmView } from '../../shared/operations';
import { agentStateTag, incidentStateTag, planAlarms, type PlannedAgent } from './alarm-plan';

export interface ReadingSample {
  element: string;
  quantity: string;
  value: number;
  quality: 'good' | 'uncertain' | 'bad';
  time: number;
}

export const ALARM_REQUESTS = [
  'alarms.summary',
  'alarms.ack',
  'alarms.shelve',
  'alarms.unshelve',
  'alarms.setInService',
  'alarms.journal',
  'alarms.kpis',
] as const;
type AlarmHandlers = Pick<Handlers, (typeof ALARM_REQUESTS)[number]>;

const DAY = 24 * 3600_000;

export class ConsoleAlarms {
  readonly engine: AlarmEngine;
  private changed = true;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly clock: Clock,
    private readonly journal: AlarmJournal & {
      newest?(q: object, limit: number): ReturnType<AlarmJournal['query']>;
    },
    agents: readonly PlannedAgent[],
    bus: Bus,
    log: (line: string) => void,
  ) {
    const plan = planAlarms(agents);
    const seen = new Set<string>();
    this.engine = new AlarmEngine({
      clock,
      journal,
      // one instrument per element and quantity is the rule; a second would plan the same alarm twice
      alarms: plan.alarms.filter((a) => !seen.has(a.id) && seen.add(a.id)).map(defineAlarm),
      suppressionRules: plan.suppressionRules.map(defineSuppressionRule),
      onListenerError: (error) => log(`alarm listener: ${(error as Error).message}`),
    });
    this.engine.onChange(() => (this.changed = true));
    this.handlers = this.makeHandlers();
    const unsubscribeStates = bus.subscribe('agent/+/+/state', (_topic, payload) => {
      const change = payload as StateChange;
      this.engine.update(agentStateTag(change.agent), change.to, 'good', change.time);
    });
    // a leak incident's state per zone, for the suppression of what its isolation cuts off
    const unsubscribeIncidents = bus.subscribe('leak/+/incident', (_topic, payload) => {
      const incident = payload as { zone: string; state: string };
      this.engine.update(incidentStateTag(incident.zone), incident.state, 'good');
    });
    this.unsubscribe = () => {
      unsubscribeStates();
      unsubscribeIncidents();
    };
  }

  /** Agents' states as they are now: at start, and after agents resumed from a saved state. */
  syncStates(agents: readonly { id: string; status: string }[]): void {
    for (const agent of agents) this.engine.update(agentStateTag(agent.id), agent.status, 'good');
  }

  /** every instrument reading, under the historian's tag names */
  ingest(readings: readonly ReadingSample[]): void {
    for (const r of readings) this.engine.update(`${r.element}.${r.quantity}`, r.value, r.quality, r.time);
  }

  summary(): AlarmSummary {
    const counts = this.engine.counts();
    const banner = this.engine.banner();
    return {
      alarms: this.engine.alarmList().map((a) => this.view(a)),
      hidden: this.engine.hiddenAlarms().map((a) => this.view(a)),
      counts: {
        annunciated: counts.annunciated,
        unacknowledged: counts.unacknowledged,
        byPriority: counts.byPriority,
        shelved: counts.byState.shelved,
        suppressed: counts.byState.suppressed,
        outOfService: counts.byState.out_of_service,
      },
      banner: banner ? this.view(banner) : null,
    };
  }

  /** whether the summary changed since the last call, for the core to push */
  takeChanged(): boolean {
    const changed = this.changed;
    this.changed = false;
    return changed;
  }

  /** the requests this service answers (made in the constructor, once its fields are set) */
  readonly handlers: AlarmHandlers;

  private makeHandlers(): AlarmHandlers {
    const result = (id: string, r: { ok: true } | { ok: false; reason: string }) =>
      r.ok ? { id, ok: true } : { id, ok: false, reason: r.reason };
    return {
      'alarms.summary': () => this.summary(),
      'alarms.ack': ({ ids, comment }, { session }) => ({
        results: ids.map((id) => result(id, this.engine.acknowledge(id, session.user, comment))),
      }),
      'alarms.shelve': ({ id, minutes, comment }, { session }) => ({
        results: [result(id, this.engine.shelve(id, session.user, minutes * 60_000, comment))],
      }),
      'alarms.unshelve': ({ id, comment }, { session }) => ({
        results: [result(id, this.engine.unshelve(id, session.user, comment))],
      }),
      'alarms.setInService': ({ id, inService, comment }, { session }) => ({
        results: [
          result(
            id,
            inService
              ? this.engine.returnToService(id, session.user, comment)
              : this.engine.removeFromService(id, session.user, comment),
          ),
        ],
      }),
      'alarms.journal': ({ from, to, alarmId, limit }) => {
        const query = { from, to, alarmId };
        const entries = this.journal.newest
          ? this.journal.newest(query, limit)
          : this.journal.query(query).slice(-limit).reverse();
        return { entries };
      },
      'alarms.kpis': ({ from, to }) => {
        const end = to ?? this.clock.now() + 1;
        const start = from ?? end - DAY;
        if (!(end > start)) throw new RequestError('bad_args', 'alarms.kpis: "to" must be after "from"');
        return computeAlarmKpis(this.journal.query({ from: start, to: end }), { from: start, to: end });
      },
    };
  }

  close(): void {
    this.unsubscribe();
    this.engine.dispose();
  }

  private view(a: AlarmSnapshot): AlarmView {
    const { area, annunciated: _annunciated, outOfService: _oos, ...rest } = a;
    return { ...rest, ...(area !== undefined && { element: area }), shelvable: this.engine.shelvable(a.id) };
  }
}
