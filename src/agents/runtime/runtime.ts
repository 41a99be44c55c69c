// The agent runtime: hosts agents whose behaviour is pure transitions and carries out the
// effects they return.
//
// Mailboxes: every event for an agent (bus message, direct message, timer) goes into its FIFO
// mailbox, and the agent is put on a ready queue. One loop (`run`) takes agents off that queue
// round-robin, one event per turn, so a chatty agent cannot starve the others. The loop runs
// synchronously as soon as something is delivered, unless it is already running further up the
// stack: a transition whose effects publish only adds to mailboxes, and the same loop picks
// that work up. Nothing recurses without bound, and with the in-process bus and a simulated
// clock the whole system is deterministic.
//
// Time: the clock is the only scheduler. Agents' timers are keyed per agent (re-scheduling a
// key replaces it), request timeouts and the supervisor's restart backoff sit on it too.
//
// Failure: a handle() that throws leaves the agent at its last good state (behaviours are pure,
// so the state before the event is intact), drops the failing event, and hands the agent to the
// supervisor policy (supervisor.ts): restart after a growing delay, or take it offline.
import type { AgentEvent, Alert, Behaviour, Effect, StateChange } from './behaviour';
import type { Bus, BusHandler } from './bus';
import type { Clock } from './clock';
import { describeEvent, healthOf, type ArmedTimer, type HostedAgent } from './hosted-agent';
import { Fifo } from './mailbox';
import { AgentRegistry, type RegistryEntry } from './registry';
import { PendingRequests, REPLY_PREFIX, type DirectMessage } from './request-reply';
import {
  LIFECYCLES,
  OFFLINE_STATUS,
  type AgentErrorContext,
  type AgentHealth,
  type AgentSpec,
  type Lifecycle,
  type RuntimeHealth,
  type RuntimeOptions,
} from './runtime-types';
import { parseSnapshot, type RestoreReport, type RuntimeSnapshot, type TimerSnapshot } from './snapshot';
import { DEFAULT_SUPERVISION, RestartTracker, type SupervisionPolicy } from './supervisor';
import { directTopic } from './topics';

/** The directory of hosted agents, read-only. */
export type AgentDirectory = Pick<
  AgentRegistry<RegistryEntry>,
  'get' | 'has' | 'all' | 'byKind' | 'byZone' | 'neighbours' | 'size'
>;

export class AgentRuntime {
  private readonly clock: Clock;
  private readonly bus: Bus;
  private readonly options: RuntimeOptions;
  private readonly policy: SupervisionPolicy;
  private readonly agents = new AgentRegistry<HostedAgent>();
  private readonly ready = new Fifo<HostedAgent>();
  private readonly requests: PendingRequests;
  private running = false;
  private timerSeq = 0;

  constructor(options: RuntimeOptions) {
    this.options = options;
    this.clock = options.clock;
    this.bus = options.bus;
    this.policy = { ...DEFAULT_SUPERVISION, ...options.supervision };
    new RestartTracker(this.policy); // validates the policy now rather than at the first failure
    this.requests = new PendingRequests(options.clock);
  }

  /** Agents by id, kind, zone and neighbourhood. */
  get directory(): AgentDirectory {
    return this.agents;
  }

  /** Host an agent: run its init, apply the effects (subscriptions, first timers), make it active. */
  register<S, C>(spec: AgentSpec<S, C>): void {
    validateAgentId(spec.id);
    if (spec.behaviour.kind !== spec.kind) {
      throw new Error(
        `agent '${spec.id}': kind '${spec.kind}' but its behaviour is for '${spec.behaviour.kind}'`,
      );
    }
    if (this.agents.has(spec.id)) throw new Error(`agent '${spec.id}' is already registered`);
    const now = this.clock.now();
    const behaviour = spec.behaviour as Behaviour<unknown, unknown>;
    let initial: { state: unknown; effects: Effect[] };
    let status: string;
    try {
      initial = behaviour.init(spec.config, now);
      status = behaviour.status(initial.state);
    } catch (error) {
      throw new Error(`agent '${spec.id}' failed to initialise: ${messageOf(error)}`, { cause: error });
    }
    const agent: HostedAgent = {
      id: spec.id,
      kind: spec.kind,
      zone: spec.zone,
      neighbours: spec.neighbours ?? [],
      behaviour,
      config: spec.config,
      state: initial.state,
      status: '',
      lifecycle: 'init',
      mailbox: new Fifo(this.options.mailboxCapacity ?? 1000),
      queued: false,
      timers: new Map(),
      subscriptions: new Map(),
      direct: undefined,
      tracker: new RestartTracker(this.policy),
      restartCancel: undefined,
      history: new Fifo(this.options.historySize ?? 50),
      transitions: new Map(),
      lastActivity: now,
      eventsProcessed: 0,
      errors: 0,
      restarts: 0,
      dropped: 0,
    };
    this.agents.add(agent);
    this.attachDirect(agent);
    this.noteStatus(agent, status, 'init');
    this.applyEffects(agent, initial.effects);
    if (agent.lifecycle === 'init') {
      agent.lifecycle = 'active';
      this.wake(agent);
    }
  }

  /**
   * Ask `to` something and wait for its answer (see request-reply.ts for the protocol).
   * Rejects with a RequestTimeoutError after `timeoutMs` of clock time.
   */
  request(from: string, to: string, subject: string, payload: unknown, timeoutMs: number): Promise<unknown> {
    const { correlationId, reply } = this.requests.open(from, to, subject, timeoutMs);
    if (!this.agents.has(to)) this.log('debug', 'request to an agent not hosted here', { from, to, subject });
    const message: DirectMessage = { subject, payload, correlationId };
    this.bus.publish(directTopic(to), message, from);
    return reply;
  }

  /**
   * Stop one agent: no new events (timers cancelled, subscriptions dropped), the events already
   * in its mailbox are still handled, then it goes offline.
   */
  stop(id: string): void {
    const agent = this.mustGet(id);
    if (agent.lifecycle === 'offline' || agent.lifecycle === 'shutting_down') return;
    if (agent.lifecycle === 'restarting') {
      // a crashed agent is not woken up just to drain: what it missed is dropped and counted
      this.takeOffline(agent, 'stopped while restarting');
      return;
    }
    agent.lifecycle = 'shutting_down';
    this.detach(agent);
    if (agent.mailbox.size === 0) this.finishShutdown(agent);
    else this.wake(agent);
  }

  stopAll(): void {
    for (const agent of this.agents.all()) this.stop(agent.id);
    this.requests.rejectAll('agent runtime stopped');
  }

  state(id: string): unknown {
    return this.mustGet(id).state;
  }

  status(id: string): string {
    return this.mustGet(id).status;
  }

  lifecycle(id: string): Lifecycle {
    return this.mustGet(id).lifecycle;
  }

  /** The last state changes of an agent, oldest first (bounded, for the UI). */
  /** the agent's validated config: its attributes, as the kind's schema filled them in */
  config(id: string): unknown {
    return this.mustGet(id).config;
  }

  history(id: string): StateChange[] {
    return this.mustGet(id).history.toArray();
  }

  /** How many times the agent entered each status (its initial one included), for reports. */
  transitionCounts(id: string): Record<string, number> {
    return Object.fromEntries(this.mustGet(id).transitions);
  }

  agentHealth(id: string): AgentHealth {
    return healthOf(this.mustGet(id));
  }

  health(options: { staleAfterMs?: number } = {}): RuntimeHealth {
    const now = this.clock.now();
    const byLifecycle = Object.fromEntries(LIFECYCLES.map((l) => [l, 0])) as Record<Lifecycle, number>;
    const summary: RuntimeHealth = {
      time: now,
      agents: this.agents.size,
      byLifecycle,
      eventsProcessed: 0,
      errors: 0,
      restarts: 0,
      dropped: 0,
      mailboxDepth: { total: 0, max: 0, deepest: undefined },
      pendingRequests: this.requests.size,
      attention: [],
      stale: [],
    };
    for (const agent of this.agents.all()) {
      byLifecycle[agent.lifecycle]++;
      summary.eventsProcessed += agent.eventsProcessed;
      summary.errors += agent.errors;
      summary.restarts += agent.restarts;
      summary.dropped += agent.dropped;
      const depth = agent.mailbox.size;
      summary.mailboxDepth.total += depth;
      if (depth > summary.mailboxDepth.max)
        summary.mailboxDepth = { ...summary.mailboxDepth, max: depth, deepest: agent.id };
      if (agent.lifecycle !== 'active' || agent.errors > 0 || agent.dropped > 0)
        summary.attention.push(healthOf(agent));
      const stale = options.staleAfterMs !== undefined && now - agent.lastActivity > options.staleAfterMs;
      if (stale && agent.lifecycle === 'active') summary.stale.push(agent.id);
    }
    return summary;
  }

  /** Everything needed to resume: states, statuses, lifecycles, subscriptions, mailboxes, timers. */
  snapshot(): RuntimeSnapshot {
    const agents: RuntimeSnapshot['agents'] = {};
    const timers: (TimerSnapshot & { seq: number })[] = [];
    for (const agent of this.agents.all()) {
      agents[agent.id] = {
        kind: agent.kind,
        state: agent.state,
        status: agent.status,
        lifecycle: agent.lifecycle,
        subscriptions: [...agent.subscriptions.keys()],
        mailbox: agent.mailbox.toArray(),
      };
      for (const [key, t] of agent.timers)
        timers.push({ agent: agent.id, key, due: t.due, event: t.event, seq: t.seq });
    }
    timers.sort((a, b) => a.due - b.due || a.seq - b.seq);
    const pendingTimers = timers.map(({ seq: _seq, ...timer }) => timer);
    // a deep copy: the caller may keep or write it while agents move on
    return structuredClone({ version: 1, time: this.clock.now(), agents, pendingTimers });
  }

  /**
   * Resume from a snapshot. Register the agents first (their init runs as usual), then restore:
   * each agent's state, status, lifecycle, subscriptions and mailbox are replaced by the saved
   * ones and its timers re-armed relative to the clock. An agent that was restarting resumes
   * active (a fresh process deserves a fresh try). A status that differs from the one init gave
   * is published as an ordinary state change with the reason 'restored', so the UI follows.
   */
  restore(input: unknown): RestoreReport {
    const snap = parseSnapshot(input);
    const report: RestoreReport = { restored: [], skipped: [], notInSnapshot: [], timers: 0 };
    const restored = new Set<string>();
    for (const [id, saved] of Object.entries(snap.agents)) {
      const agent = this.agents.get(id);
      if (!agent || agent.kind !== saved.kind) {
        report.skipped.push(id);
        this.log('warn', 'snapshot agent not registered here (or of another kind); skipped', {
          id,
          kind: saved.kind,
        });
        continue;
      }
      this.resetForRestore(agent);
      agent.state = structuredClone(saved.state);
      this.noteStatus(agent, saved.status, 'restored');
      if (saved.lifecycle === 'offline' || saved.lifecycle === 'shutting_down') {
        agent.lifecycle = 'offline';
      } else {
        agent.lifecycle = 'active';
        this.attachDirect(agent);
        for (const pattern of saved.subscriptions) this.subscribe(agent, pattern);
        for (const event of saved.mailbox) agent.mailbox.push(structuredClone(event));
      }
      restored.add(id);
      report.restored.push(id);
    }
    const now = this.clock.now();
    for (const timer of snap.pendingTimers) {
      const agent = this.agents.get(timer.agent);
      if (!agent || !restored.has(timer.agent) || agent.lifecycle !== 'active') continue;
      this.arm(agent, timer.key, now + (timer.due - snap.time), structuredClone(timer.event));
      report.timers++;
    }
    for (const agent of this.agents.all()) {
      if (!restored.has(agent.id)) report.notInSnapshot.push(agent.id);
      else this.wake(agent);
    }
    return report;
  }

  // ---- event delivery and the processing loop ----

  private deliver(agent: HostedAgent, event: AgentEvent): void {
    if (agent.lifecycle === 'offline') return;
    if (agent.mailbox.push(event)) {
      agent.dropped++;
      if (agent.dropped === 1 || agent.dropped % 1000 === 0) {
        this.log('warn', 'mailbox full: oldest event dropped', { agent: agent.id, dropped: agent.dropped });
      }
    }
    this.wake(agent);
  }

  /** Queue the agent if it has work it may do now, and run the loop unless it is already running. */
  private wake(agent: HostedAgent): void {
    this.enqueueIfRunnable(agent);
    this.run();
  }

  private run(): void {
    if (this.running) return;
    this.running = true;
    try {
      for (let agent = this.ready.shift(); agent; agent = this.ready.shift()) {
        agent.queued = false;
        if (!canProcess(agent)) continue;
        const event = agent.mailbox.shift();
        if (event) this.process(agent, event);
        // the transition may have stopped the agent or handed it to the supervisor
        if (agent.lifecycle === 'shutting_down' && agent.mailbox.size === 0) this.finishShutdown(agent);
        else this.enqueueIfRunnable(agent);
      }
    } finally {
      this.running = false;
    }
  }

  /** Put the agent at the back of the ready queue if it has events it may process now. */
  private enqueueIfRunnable(agent: HostedAgent): void {
    if (canProcess(agent) && !agent.queued && agent.mailbox.size > 0) {
      agent.queued = true;
      this.ready.push(agent);
    }
  }

  private process(agent: HostedAgent, event: AgentEvent): void {
    agent.lastActivity = this.clock.now();
    let state: unknown;
    let effects: Effect[];
    let status: string;
    try {
      const next = agent.behaviour.handle(agent.state, event, agent.config);
      if (!next || !Array.isArray(next.effects))
        throw new TypeError('handle() must return { state, effects: [] }');
      state = next.state;
      effects = next.effects;
      status = agent.behaviour.status(state);
    } catch (error) {
      this.onHandleFailure(agent, error, event);
      return;
    }
    agent.eventsProcessed++;
    agent.state = state;
    this.noteStatus(agent, status, describeEvent(event));
    this.applyEffects(agent, effects);
  }

  // ---- effects ----

  private applyEffects(agent: HostedAgent, effects: readonly Effect[]): void {
    for (const effect of effects) {
      if (agent.lifecycle === 'offline') return;
      try {
        this.applyEffect(agent, effect);
      } catch (error) {
        agent.errors++;
        this.log('error', 'effect could not be applied', {
          agent: agent.id,
          effect: effect.type,
          error: messageOf(error),
        });
        this.options.onError?.(error, { agentId: agent.id, kind: agent.kind, phase: 'effect', effect });
      }
    }
  }

  private applyEffect(agent: HostedAgent, effect: Effect): void {
    // an agent on its way out keeps talking (publish, send, command) but takes on nothing new
    const settingUp = agent.lifecycle === 'active' || agent.lifecycle === 'init';
    switch (effect.type) {
      case 'publish':
        this.bus.publish(effect.topic, effect.payload, agent.id);
        return;
      case 'send': {
        if (this.requests.settle(effect.subject, effect.payload)) return;
        const message: DirectMessage = { subject: effect.subject, payload: effect.payload };
        this.bus.publish(directTopic(effect.to), message, agent.id);
        return;
      }
      case 'schedule':
        if (!(effect.afterMs >= 0) || !Number.isFinite(effect.afterMs)) {
          throw new RangeError(
            `schedule '${effect.key}': afterMs must be a finite number >= 0, got ${effect.afterMs}`,
          );
        }
        if (settingUp) this.arm(agent, effect.key, this.clock.now() + effect.afterMs, effect.event);
        return;
      case 'cancel':
        this.disarm(agent, effect.key);
        return;
      case 'subscribe':
        if (settingUp) this.subscribe(agent, effect.topic);
        return;
      case 'unsubscribe': {
        const unsubscribe = agent.subscriptions.get(effect.topic);
        agent.subscriptions.delete(effect.topic);
        unsubscribe?.();
        return;
      }
      case 'command':
        if (this.options.onCommand) this.options.onCommand(effect, agent.id);
        else
          this.log('warn', 'command effect with no command path configured', {
            agent: agent.id,
            target: effect.target,
          });
        return;
      default: {
        const unknown: never = effect;
        throw new TypeError(`unknown effect type '${(unknown as { type?: unknown }).type}'`);
      }
    }
  }

  private subscribe(agent: HostedAgent, pattern: string): void {
    if (agent.subscriptions.has(pattern)) return; // subscribing twice is one subscription
    // readings are the agents' senses and come as their own event type; the rest is messages
    const handler: BusHandler = (topic, payload, from) =>
      this.deliver(agent, {
        type: topic.startsWith('reading/') ? 'reading' : 'message',
        time: this.clock.now(),
        topic,
        from,
        payload,
      });
    agent.subscriptions.set(pattern, this.bus.subscribe(pattern, handler));
  }

  private attachDirect(agent: HostedAgent): void {
    if (agent.direct) return;
    agent.direct = this.bus.subscribe(directTopic(agent.id), (topic, payload, from) => {
      const subject = (payload as Partial<DirectMessage> | null | undefined)?.subject;
      if (typeof subject === 'string' && subject.startsWith(REPLY_PREFIX)) {
        // a reply travelling back over the bus: it settles a request here or is too late
        const reply = (payload as DirectMessage).payload;
        if (!this.requests.settle(subject, reply))
          this.log('debug', 'late or unknown reply dropped', { subject, from });
        return;
      }
      this.deliver(agent, { type: 'message', time: this.clock.now(), topic, from, payload });
    });
  }

  private arm(agent: HostedAgent, key: string, due: number, event: Omit<AgentEvent, 'time'>): void {
    this.disarm(agent, key);
    const timer: ArmedTimer = { due, seq: this.timerSeq++, event, cancel: () => {} };
    timer.cancel = this.clock.at(due, () => {
      if (agent.timers.get(key) !== timer) return;
      agent.timers.delete(key);
      this.deliver(agent, { ...event, time: this.clock.now() });
    });
    agent.timers.set(key, timer);
  }

  private disarm(agent: HostedAgent, key: string): void {
    const timer = agent.timers.get(key);
    if (!timer) return;
    agent.timers.delete(key);
    timer.cancel();
  }

  // ---- state changes and alerts ----

  private noteStatus(agent: HostedAgent, status: string, reason: string): void {
    if (status === agent.status) return;
    const change: StateChange = {
      agent: agent.id,
      kind: agent.kind,
      from: agent.status,
      to: status,
      time: this.clock.now(),
      reason,
    };
    agent.status = status;
    agent.history.push(change);
    agent.transitions.set(status, (agent.transitions.get(status) ?? 0) + 1);
    this.bus.publish(`agent/${agent.kind}/${agent.id}/state`, change, agent.id);
  }

  private alert(agent: HostedAgent, priority: Alert['priority'], type: string, message: string): void {
    const alert: Alert = {
      agent: agent.id,
      kind: agent.kind,
      time: this.clock.now(),
      priority,
      type,
      message,
    };
    this.bus.publish(`agent/${agent.kind}/${agent.id}/alert`, alert, agent.id);
  }

  // ---- supervision and lifecycle ----

  private onHandleFailure(agent: HostedAgent, error: unknown, event: AgentEvent): void {
    agent.errors++;
    const decision = agent.tracker.onFailure(this.clock.now());
    const context: AgentErrorContext = { agentId: agent.id, kind: agent.kind, phase: 'handle', event };
    const what = `handle() threw on ${describeEvent(event)}: ${messageOf(error)}`;
    if (decision.action === 'give_up') {
      const message = `${what}; ${decision.failuresInWindow} failures within ${this.policy.windowMs / 1000} s: taken offline`;
      this.log('error', message, { agent: agent.id });
      this.options.onError?.(error, { ...context, action: 'give_up' });
      this.takeOffline(agent, `supervisor gave up after ${decision.failuresInWindow} failures`);
      this.alert(agent, 1, 'agent_offline', message);
      return;
    }
    agent.lifecycle = 'restarting';
    const message = `${what}; restart ${decision.attempt} from the last good state in ${decision.delayMs / 1000} s`;
    this.log('warn', message, { agent: agent.id });
    this.options.onError?.(error, {
      ...context,
      action: 'restart',
      attempt: decision.attempt,
      delayMs: decision.delayMs,
    });
    this.alert(agent, 2, 'agent_restart', message);
    agent.restartCancel = this.clock.at(this.clock.now() + decision.delayMs, () => {
      agent.restartCancel = undefined;
      if (agent.lifecycle !== 'restarting') return;
      agent.lifecycle = 'active';
      agent.restarts++;
      this.log('info', 'agent restarted', { agent: agent.id, restarts: agent.restarts });
      this.wake(agent);
    });
  }

  /** Unhook the agent from everything that could bring it new events. */
  private detach(agent: HostedAgent): void {
    for (const timer of agent.timers.values()) timer.cancel();
    agent.timers.clear();
    for (const unsubscribe of agent.subscriptions.values()) unsubscribe();
    agent.subscriptions.clear();
    agent.direct?.();
    agent.direct = undefined;
    agent.restartCancel?.();
    agent.restartCancel = undefined;
  }

  private finishShutdown(agent: HostedAgent): void {
    agent.lifecycle = 'offline';
    this.noteStatus(agent, OFFLINE_STATUS, 'stopped');
  }

  private takeOffline(agent: HostedAgent, reason: string): void {
    this.detach(agent);
    agent.dropped += agent.mailbox.clear();
    agent.lifecycle = 'offline';
    this.noteStatus(agent, OFFLINE_STATUS, reason);
  }

  private resetForRestore(agent: HostedAgent): void {
    this.detach(agent);
    agent.mailbox.clear();
  }

  private mustGet(id: string): HostedAgent {
    const agent = this.agents.get(id);
    if (!agent) throw new Error(`no agent '${id}' is registered`);
    return agent;
  }

  private log(
    level: 'debug' | 'info' | 'warn' | 'error',
    message: string,
    fields?: Record<string, unknown>,
  ): void {
    this.options.log?.(level, message, fields);
  }
}

function canProcess(agent: HostedAgent): boolean {
  return agent.lifecycle === 'active' || agent.lifecycle === 'shutting_down';
}

function validateAgentId(id: string): void {
  if (typeof id !== 'string' || id.length === 0 || /[/+#]/.test(id)) {
    throw new Error(
      `invalid agent id '${id}': it becomes a topic level, so it must be non-empty without '/', '+' or '#'`,
    );
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
