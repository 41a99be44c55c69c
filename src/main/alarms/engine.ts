// The alarm engine: tag samples in, ISA-18.2 alarm states, journal entries and change events out.
//
// Every state change goes through `apply`, which runs the pure lifecycle (lifecycle.ts), writes
// the journal and then tells listeners — so the journal and the pushes can never disagree.
// Timers (on/off delays, comms loss, shelf expiry, suppression release) all live on the injected
// clock; the engine never reads the wall clock.
import type { Cancel, Clock } from '../../agents/runtime/clock';
import {
  alarmCounts,
  alarmList,
  bannerAlarm,
  type AlarmCounts,
  type AlarmSnapshot,
  type OperatorNote,
} from './alarm-list';
import { ConditionTracker } from './condition-tracker';
import type { AlarmDefinition, Quality, SuppressionRule, TagValue } from './definition';
import { InMemoryAlarmJournal, type AlarmJournal, type AlarmJournalEntry } from './journal';
import {
  alarmState,
  isAnnunciated,
  isHidden,
  NORMAL,
  transition,
  type AlarmEventType,
  type LifecycleAction,
  type LifecycleFlags,
} from './lifecycle';
import { renderMessage } from './message-template';
import { resolveSuppressionRules } from './suppression';

export interface AlarmEngineOptions {
  clock: Clock;
  alarms: readonly AlarmDefinition[];
  suppressionRules?: readonly SuppressionRule[];
  /** defaults to a fresh in-memory journal */
  journal?: AlarmJournal;
  /** the longest an operator may shelve an alarm (ISA-18.2: shelving is always time-limited); default 12 h */
  maxShelveMs?: number;
  /** a listener that throws must not stop the engine; default: console.error */
  onListenerError?: (error: unknown, change: AlarmChange) => void;
}

export interface AlarmChange {
  entry: AlarmJournalEntry;
  alarm: AlarmSnapshot;
}

export type AlarmListener = (change: AlarmChange) => void;
export type OperatorResult = { ok: true } | { ok: false; reason: string };

interface AlarmSlot {
  def: AlarmDefinition;
  tracker: ConditionTracker;
  flags: LifecycleFlags;
  activeSince?: number;
  since?: number;
  lastAck?: OperatorNote;
  shelf?: OperatorNote & { until: number; cancel: Cancel };
  suppressedBy: Set<string>;
  outOfService?: OperatorNote;
}

interface RuleSlot {
  rule: SuppressionRule;
  alarms: AlarmSlot[];
  holding: boolean;
  cancelRelease?: Cancel;
}

interface Actor {
  user?: string;
  comment?: string;
}

const DEFAULT_MAX_SHELVE_MS = 12 * 3600_000;

export class AlarmEngine {
  readonly journal: AlarmJournal;
  private readonly clock: Clock;
  private readonly maxShelveMs: number;
  private readonly onListenerError: (error: unknown, change: AlarmChange) => void;
  private readonly slots = new Map<string, AlarmSlot>();
  private readonly byTag = new Map<string, AlarmSlot[]>();
  private readonly byReferenceTag = new Map<string, AlarmSlot[]>();
  private readonly rulesByTag = new Map<string, RuleSlot[]>();
  private readonly rules: RuleSlot[] = [];
  private readonly listeners = new Set<AlarmListener>();

  constructor(options: AlarmEngineOptions) {
    this.clock = options.clock;
    this.journal = options.journal ?? new InMemoryAlarmJournal();
    this.maxShelveMs = options.maxShelveMs ?? DEFAULT_MAX_SHELVE_MS;
    this.onListenerError =
      options.onListenerError ?? ((error) => console.error('alarm listener failed:', error));

    for (const def of options.alarms) this.define(def);
    const resolved = resolveSuppressionRules(options.suppressionRules ?? [], [...this.slots.keys()]);
    for (const { rule, alarmIds } of resolved) {
      const ruleSlot: RuleSlot = { rule, alarms: alarmIds.map((id) => this.slots.get(id)!), holding: false };
      this.rules.push(ruleSlot);
      push(this.rulesByTag, rule.when.tag, ruleSlot);
    }
  }

  /**
   * Add an alarm to a running engine (a field connection added while the console runs).
   * Suppression rules are resolved once, at construction: a later alarm is not held by them.
   */
  define(def: AlarmDefinition): void {
    if (this.slots.has(def.id)) throw new Error(`duplicate alarm id '${def.id}'`);
    const slot: AlarmSlot = {
      def,
      flags: NORMAL,
      suppressedBy: new Set(),
      tracker: new ConditionTracker(def, this.clock, (active, time) =>
        this.apply(slot, active ? 'activate' : 'clear', time),
      ),
    };
    this.slots.set(def.id, slot);
    push(this.byTag, def.tag, slot);
    if (def.type === 'deviation' && def.referenceTag !== undefined)
      push(this.byReferenceTag, def.referenceTag, slot);
  }

  has(alarmId: string): boolean {
    return this.slots.has(alarmId);
  }

  /** Feed one sample. `time` is the reading's timestamp (defaults to now on the clock). */
  update(tag: string, value: TagValue, quality: Quality, time: number = this.clock.now()): void {
    // Rules first: when a pump's state tag also drives an alarm, the suppression it implies
    // must already hold when that alarm is evaluated.
    const rules = this.rulesByTag.get(tag);
    if (rules) for (const rule of rules) this.evaluateRule(rule, value, quality, time);
    const alarms = this.byTag.get(tag);
    if (alarms) for (const slot of alarms) slot.tracker.sample(value, quality, time);
    const referencing = this.byReferenceTag.get(tag);
    if (referencing) for (const slot of referencing) slot.tracker.referenceSample(value, quality, time);
  }

  acknowledge(alarmId: string, user: string, comment?: string): OperatorResult {
    return this.operate(alarmId, user, (slot) =>
      this.apply(slot, 'acknowledge', this.clock.now(), { user, comment }, () => {
        slot.lastAck = note(user, this.clock.now(), comment);
      }),
    );
  }

  /** Take an alarm off the operator's list for `durationMs`; it comes back by itself when that runs out. */
  shelve(alarmId: string, user: string, durationMs: number, comment?: string): OperatorResult {
    return this.operate(alarmId, user, (slot) => {
      if (!slot.def.shelvable) return { ok: false, reason: `alarm '${alarmId}' may not be shelved` };
      if (!(durationMs > 0 && durationMs <= this.maxShelveMs)) {
        return { ok: false, reason: `shelf time must be more than 0 and at most ${this.maxShelveMs} ms` };
      }
      const now = this.clock.now();
      return this.apply(slot, 'shelve', now, { user, comment }, () => {
        slot.shelf?.cancel();
        const until = now + durationMs;
        const cancel = this.clock.at(until, () => this.expireShelf(slot));
        slot.shelf = { ...note(user, now, comment), until, cancel };
      });
    });
  }

  unshelve(alarmId: string, user: string, comment?: string): OperatorResult {
    return this.operate(alarmId, user, (slot) =>
      this.apply(slot, 'unshelve', this.clock.now(), { user, comment }, () => this.dropShelf(slot)),
    );
  }

  /** Engineering: take an alarm out of service (e.g. instrument under repair). */
  removeFromService(alarmId: string, user: string, comment?: string): OperatorResult {
    return this.operate(alarmId, user, (slot) =>
      this.apply(slot, 'remove_from_service', this.clock.now(), { user, comment }, () => {
        slot.outOfService = note(user, this.clock.now(), comment);
      }),
    );
  }

  returnToService(alarmId: string, user: string, comment?: string): OperatorResult {
    return this.operate(alarmId, user, (slot) =>
      this.apply(slot, 'return_to_service', this.clock.now(), { user, comment }, () => {
        slot.outOfService = undefined;
      }),
    );
  }

  /** Listen to every alarm change (the same changes the journal records). Returns an unsubscribe. */
  onChange(listener: AlarmListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  alarm(alarmId: string): AlarmSnapshot | undefined {
    const slot = this.slots.get(alarmId);
    return slot && this.snapshot(slot);
  }

  /** every configured alarm, whatever its state, in configuration order */
  alarms(): AlarmSnapshot[] {
    return [...this.slots.values()].map((slot) => this.snapshot(slot));
  }

  /** the operator's alarm list: annunciated alarms, highest priority first, newest first within */
  alarmList(): AlarmSnapshot[] {
    return alarmList(this.annunciatedSnapshots());
  }

  counts(): AlarmCounts {
    // from the flags alone: building 10,000 snapshots (and messages) just to count them is waste
    const slots = [...this.slots.values()];
    return alarmCounts(
      slots.map(({ def, flags }) => ({
        state: alarmState(flags),
        priority: def.priority,
        annunciated: isAnnunciated(flags),
        acked: flags.acked,
      })),
    );
  }

  /** alarms kept off the list by shelving, suppression or out of service: still evaluated, not shown */
  hiddenAlarms(): AlarmSnapshot[] {
    const hidden: AlarmSnapshot[] = [];
    for (const slot of this.slots.values()) if (isHidden(slot.flags)) hidden.push(this.snapshot(slot));
    return hidden;
  }

  /** whether an operator may shelve this alarm (safety-critical ones are configured not to be) */
  shelvable(alarmId: string): boolean {
    return this.slots.get(alarmId)?.def.shelvable ?? false;
  }

  /** the latest of the highest-priority unacknowledged alarms, for the banner */
  banner(): AlarmSnapshot | undefined {
    return bannerAlarm(this.annunciatedSnapshots());
  }

  /** cancel every timer this engine holds on the clock */
  dispose(): void {
    for (const slot of this.slots.values()) {
      slot.tracker.dispose();
      slot.shelf?.cancel();
    }
    for (const rule of this.rules) rule.cancelRelease?.();
    this.listeners.clear();
  }

  private annunciatedSnapshots(): AlarmSnapshot[] {
    const shown: AlarmSnapshot[] = [];
    for (const slot of this.slots.values()) if (isAnnunciated(slot.flags)) shown.push(this.snapshot(slot));
    return shown;
  }

  private operate(
    alarmId: string,
    user: string,
    action: (slot: AlarmSlot) => OperatorResult,
  ): OperatorResult {
    if (typeof user !== 'string' || user.trim() === '') return { ok: false, reason: 'a user is required' };
    const slot = this.slots.get(alarmId);
    if (!slot) return { ok: false, reason: `unknown alarm '${alarmId}'` };
    return action(slot);
  }

  private expireShelf(slot: AlarmSlot): void {
    this.apply(slot, 'unshelve', this.clock.now(), {}, () => this.dropShelf(slot), 'shelve_expired');
  }

  private dropShelf(slot: AlarmSlot): void {
    slot.shelf?.cancel();
    slot.shelf = undefined;
  }

  private evaluateRule(rule: RuleSlot, value: TagValue, quality: Quality, time: number): void {
    if (quality === 'bad') return; // a bad state reading proves nothing: keep the rule as it is
    if (value === rule.rule.when.equals) {
      rule.cancelRelease?.();
      rule.cancelRelease = undefined;
      if (rule.holding) return;
      rule.holding = true;
      for (const slot of rule.alarms) {
        slot.suppressedBy.add(rule.rule.id);
        this.apply(slot, 'suppress', time, { comment: `rule ${rule.rule.id}` });
      }
      return;
    }
    if (!rule.holding || rule.cancelRelease) return;
    const delayMs = rule.rule.releaseDelayS * 1000;
    if (delayMs <= 0) return this.releaseRule(rule, time);
    rule.cancelRelease = this.clock.at(time + delayMs, () => {
      rule.cancelRelease = undefined;
      this.releaseRule(rule, this.clock.now());
    });
  }

  private releaseRule(rule: RuleSlot, time: number): void {
    rule.holding = false;
    for (const slot of rule.alarms) {
      slot.suppressedBy.delete(rule.rule.id);
      // another rule may still hold it
      if (slot.suppressedBy.size === 0)
        this.apply(slot, 'unsuppress', time, { comment: `rule ${rule.rule.id}` });
    }
  }

  /**
   * The one place alarm state changes. `beforeRecord` runs only when the transition is accepted
   * and changes something, before the journal entry and the event, so both see the new details.
   */
  private apply(
    slot: AlarmSlot,
    action: LifecycleAction,
    time: number,
    actor: Actor = {},
    beforeRecord?: () => void,
    eventName?: AlarmEventType,
  ): OperatorResult {
    const result = transition(slot.flags, action);
    if (!result.ok) return result;
    if (result.event === null) return { ok: true };
    const wasAnnunciated = isAnnunciated(slot.flags);
    slot.flags = result.flags;
    if (action === 'activate') slot.activeSince = time;
    if (action === 'clear') slot.activeSince = undefined;
    const annunciated = isAnnunciated(slot.flags);
    if (annunciated && (!wasAnnunciated || action === 'activate')) slot.since = time;
    if (!annunciated) slot.since = undefined;
    beforeRecord?.();

    const entry = this.journal.append({
      time,
      alarmId: slot.def.id,
      event: eventName ?? result.event,
      ...(actor.user !== undefined && { user: actor.user }),
      ...(actor.comment !== undefined && { comment: actor.comment }),
      priority: slot.def.priority,
      ...(slot.tracker.value !== undefined && { value: slot.tracker.value }),
      message: this.message(slot),
    });
    if (this.listeners.size > 0) {
      const change: AlarmChange = { entry, alarm: this.snapshot(slot) };
      for (const listener of this.listeners) {
        try {
          listener(change);
        } catch (error) {
          this.onListenerError(error, change);
        }
      }
    }
    return { ok: true };
  }

  private message(slot: AlarmSlot): string {
    const def = slot.def;
    return renderMessage(def.message, {
      id: def.id,
      tag: def.tag,
      value: slot.tracker.value,
      setpoint: setpointOf(def),
      priority: def.priority,
      area: def.area,
      zone: def.zone,
    });
  }

  private snapshot(slot: AlarmSlot): AlarmSnapshot {
    const { def, flags, tracker } = slot;
    const shelf = slot.shelf && {
      ...note(slot.shelf.user, slot.shelf.time, slot.shelf.comment),
      until: slot.shelf.until,
    };
    return {
      id: def.id,
      tag: def.tag,
      type: def.type,
      priority: def.priority,
      ...(def.area !== undefined && { area: def.area }),
      ...(def.zone !== undefined && { zone: def.zone }),
      state: alarmState(flags),
      active: flags.active,
      acked: flags.acked,
      annunciated: isAnnunciated(flags),
      message: this.message(slot),
      ...(tracker.value !== undefined && { value: tracker.value }),
      ...(tracker.quality !== undefined && { quality: tracker.quality }),
      ...(slot.activeSince !== undefined && { activeSince: slot.activeSince }),
      ...(slot.since !== undefined && { since: slot.since }),
      ...(slot.lastAck && { lastAck: slot.lastAck }),
      ...(shelf && { shelf }),
      suppressedBy: [...slot.suppressedBy],
      ...(slot.outOfService && { outOfService: slot.outOfService }),
    };
  }
}

/** the number a message's {setpoint} shows: the limit the alarm compares against */
function setpointOf(def: AlarmDefinition): TagValue | undefined {
  switch (def.type) {
    case 'limit':
      return def.setpoint;
    case 'deviation':
      return def.maxDeviation;
    case 'rate_of_change':
      return def.ratePerMinute;
    case 'discrete':
      return def.equals;
    case 'comms_loss':
      return def.afterS;
  }
}

function note(user: string, time: number, comment: string | undefined): OperatorNote {
  return comment === undefined ? { user, time } : { user, time, comment };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
