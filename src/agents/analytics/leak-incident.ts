// A leak incident from detection to work order, as pure transitions: (incident, event) →
// (incident, effects). Each step of the agents' collaboration is one published message,
// from the agent acting to the one it addresses, and the same step goes into the
// incident's timeline:
//
//   sensor  → pipe            leak/<id>/residual    the instruments whose residuals changed
//   pipe    → zone            leak/<id>/suspect     the most likely pipe asks its coordinator
//   zone    → control-center  leak/<id>/localized   ranked candidates, estimated flow (and refinements)
//   zone    → valves          leak/<id>/isolation   the plan: close these valves (auto) or the proposal (advise)
//   valve   → zone            leak/<id>/valve       closed, or stuck (the zone re-plans without it)
//   zone    → control-center  leak/<id>/work-order  location, estimated flow, crew window
//
// and leak/<id>/incident carries the whole incident after every change (for the console).
import type { IsolationPlan, IsolationValve } from './isolation-plan';
import type { Localization } from './leak-detector';

export type LeakMode = 'auto' | 'advise' | 'off';

export type IncidentState =
  'Suspected' | 'Confirmed' | 'Proposed' | 'Isolating' | 'Isolated' | 'Unisolable' | 'Faded' | 'Resolved';

export interface TimelineEntry {
  time: number;
  from: string;
  to: string;
  kind:
    | 'residual'
    | 'suspect'
    | 'localized'
    | 'isolation'
    | 'valve'
    | 'work-order'
    | 'check'
    | 'faded'
    | 'approved'
    | 'resolved';
  message: string;
}

export interface LeakIncident {
  id: string;
  zone: string;
  state: IncidentState;
  mode: LeakMode;
  detectedAt: number;
  confirmedAt: number | null;
  candidates: { pipe: string; score: number }[];
  estimatedFlowLps: number;
  /** the pipes of the segment holding the best candidate: where a crew should look */
  suspectedArea: string[];
  isolation: {
    valves: string[];
    segmentPipes: string[];
    nodesWithoutSupply: number;
    closedAt: number | null;
  } | null;
  /** valves asked to close and not yet confirmed, and those that would not move */
  pending: string[];
  stuck: string[];
  timeline: TimelineEntry[];
}

export type IncidentEffect =
  | { type: 'publish'; topic: string; from: string; payload: unknown }
  /** a direct message in the agents' own protocol (kinds/common/messages.ts), so their states follow */
  | { type: 'tell'; to: string; from: string; message: { type: string } & Record<string, unknown> }
  | { type: 'alert'; from: string; priority: 1 | 2 | 3; alertType: string; message: string }
  | { type: 'close'; from: string; valve: IsolationValve; reason: string };

export interface Step {
  incident: LeakIncident;
  effects: IncidentEffect[];
}

/**
 * The zone agent hears of the incident in its own protocol (leak_suspected as a warning:
 * it goes to Alert and tells the control center; isolation stays with the leak watch,
 * which knows the valve layer). Where no DMA is drawn there is no zone agent to tell.
 */
function tellZone(
  inc: LeakIncident,
  message: { type: string } & Record<string, unknown>,
  from: string,
): IncidentEffect[] {
  return inc.zone === 'network' ? [] : [{ type: 'tell', to: inc.zone, from, message }];
}

/** the coordinator acting for a zone: the zone agent, or the control center where no DMA is drawn */
const coordinator = (zone: string) => (zone === 'network' ? 'control-center' : zone);
const HOUR = 3_600_000;

function say(
  inc: LeakIncident,
  entry: Omit<TimelineEntry, 'message'> & { message: string },
  payload: unknown,
): Step {
  const incident = { ...inc, timeline: [...inc.timeline, entry] };
  return {
    incident,
    effects: [
      {
        type: 'publish',
        topic: `leak/${inc.id}/${entry.kind}`,
        from: entry.from,
        payload: { ...entry, incident: inc.id, ...(payload as object) },
      },
    ],
  };
}

function chain(first: Step, ...more: ((inc: LeakIncident) => Step)[]): Step {
  let step = first;
  for (const next of more) {
    const s = next(step.incident);
    step = { incident: s.incident, effects: [...step.effects, ...s.effects] };
  }
  return step;
}

const snapshot = (s: Step): Step => ({
  incident: s.incident,
  effects: [
    ...s.effects,
    {
      type: 'publish',
      topic: `leak/${s.incident.id}/incident`,
      from: coordinator(s.incident.zone),
      payload: s.incident,
    },
  ],
});

export function openIncident(
  id: string,
  zone: string,
  mode: LeakMode,
  time: number,
  channels: { sensor: string; evidence: number; shift: number; via?: string }[],
  loc: Localization,
  area: string[],
): Step {
  const top = loc.candidates[0]?.pipe ?? 'unknown';
  const zoneAgent = coordinator(zone);
  const inc: LeakIncident = {
    id,
    zone,
    state: 'Suspected',
    mode,
    detectedAt: time,
    confirmedAt: null,
    candidates: loc.candidates,
    estimatedFlowLps: loc.estimatedFlowLps,
    suspectedArea: area,
    isolation: null,
    pending: [],
    stuck: [],
    timeline: [],
  };
  const lead = channels[0];
  const listed = channels
    .slice(0, 5)
    .map((c) => `${c.sensor} ${c.shift > 0 ? '+' : ''}${c.shift}${c.via ? ` (${c.via})` : ''}`)
    .join(', ');
  const step = chain(
    say(
      inc,
      {
        time,
        from: lead?.sensor ?? 'sensors',
        to: top,
        kind: 'residual',
        message: `residuals changed: ${listed}`,
      },
      { channels },
    ),
    (i) =>
      say(
        i,
        {
          time,
          from: top,
          to: zoneAgent,
          kind: 'suspect',
          message: `leak suspected on ${top} (score ${loc.candidates[0]?.score ?? 0})`,
        },
        {},
      ),
    (i) => localized(i, time, loc, 'first localization'),
  );
  return snapshot({
    incident: step.incident,
    effects: [
      ...step.effects,
      ...tellZone(
        inc,
        {
          type: 'leak_suspected',
          pipe: top,
          severity: 'warning',
          deficitM: 0,
          reason: `leak analytics: residuals changed (${listed})`,
        },
        top,
      ),
      {
        type: 'alert',
        from: zoneAgent,
        priority: 2,
        alertType: 'leak_detected',
        message: `leak suspected near ${top}, about ${loc.estimatedFlowLps} L/s`,
      },
    ],
  });
}

function localized(inc: LeakIncident, time: number, loc: Localization, why: string): Step {
  const best = loc.candidates
    .slice(0, 3)
    .map((c) => `${c.pipe} ${c.score}`)
    .join(', ');
  return say(
    { ...inc, candidates: loc.candidates, estimatedFlowLps: loc.estimatedFlowLps },
    {
      time,
      from: coordinator(inc.zone),
      to: 'control-center',
      kind: 'localized',
      message: `${why}: ${best}; ${loc.estimatedFlowLps} L/s`,
    },
    { candidates: loc.candidates, estimatedFlowLps: loc.estimatedFlowLps },
  );
}

export function refine(inc: LeakIncident, time: number, loc: Localization, area: string[]): Step {
  if (inc.state !== 'Suspected') return { incident: inc, effects: [] };
  return snapshot(localized({ ...inc, suspectedArea: area }, time, loc, 'refined'));
}

/** the change persisted: plan the isolation and, by mode, act on it or propose it */
export function confirm(
  inc: LeakIncident,
  time: number,
  loc: Localization,
  plan: IsolationPlan | null,
): Step {
  const base = localized(
    { ...inc, state: 'Confirmed', confirmedAt: time, suspectedArea: plan?.segmentPipes ?? inc.suspectedArea },
    time,
    loc,
    'confirmed',
  );
  return snapshot(chain(base, (i) => act(i, time, plan)));
}

function act(inc: LeakIncident, time: number, plan: IsolationPlan | null): Step {
  const zoneAgent = coordinator(inc.zone);
  if (plan === null) {
    return {
      incident: { ...inc, state: 'Unisolable' },
      effects: [
        {
          type: 'alert',
          from: zoneAgent,
          priority: 1,
          alertType: 'leak_unisolable',
          message: `leak near ${inc.candidates[0]?.pipe}: no valves can isolate it`,
        },
      ],
    };
  }
  const valves = plan.valves.map((v) => v.id);
  const isolation = {
    valves,
    segmentPipes: plan.segmentPipes,
    nodesWithoutSupply: plan.nodesWithoutSupply.length,
    closedAt: null,
  };
  const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  const what = `segment of ${count(plan.segmentPipes.length, 'pipe', 'pipes')} behind ${valves.join(', ')}; ${count(plan.nodesWithoutSupply.length, 'node loses', 'nodes lose')} supply`;
  if (inc.mode !== 'auto') {
    // advise: the operator is asked; off: the plan is only recorded, for the report
    const advise = inc.mode === 'advise';
    const proposed = { ...inc, state: advise ? ('Proposed' as const) : ('Confirmed' as const), isolation };
    const s = say(
      proposed,
      {
        time,
        from: zoneAgent,
        to: advise ? 'operator' : 'control-center',
        kind: 'isolation',
        message: advise ? `proposed: close ${what}` : `plan (leak response off): ${what}`,
      },
      { plan: isolation, proposal: advise },
    );
    return {
      incident: s.incident,
      effects: [
        ...s.effects,
        ...(inc.mode === 'advise'
          ? [
              {
                type: 'alert' as const,
                from: zoneAgent,
                priority: 2 as const,
                alertType: 'isolation_proposed',
                message: `isolate leak near ${plan.pipe}: close ${valves.join(', ')} (${plan.nodesWithoutSupply.length} nodes lose supply)`,
              },
            ]
          : []),
      ],
    };
  }
  // on a re-plan, the valves that already closed stay closed; only the new ones are asked
  const closed = new Set(
    (inc.isolation?.valves ?? []).filter((v) => !inc.pending.includes(v) && !inc.stuck.includes(v)),
  );
  const toClose = plan.valves.filter((v) => !closed.has(v.id));
  const s = say(
    {
      ...inc,
      state: 'Isolating',
      isolation: { ...isolation, closedAt: null },
      pending: toClose.map((v) => v.id),
    },
    {
      time,
      from: zoneAgent,
      to: toClose.map((v) => v.id).join(', ') || 'valves',
      kind: 'isolation',
      message: `closing ${what}`,
    },
    { plan: isolation },
  );
  return {
    incident: s.incident,
    effects: [
      ...s.effects,
      ...toClose.map((valve) => ({
        type: 'close' as const,
        from: zoneAgent,
        valve,
        reason: `isolate leak ${inc.id} near ${plan.pipe}`,
      })),
    ],
  };
}

/**
 * What came of one close command. A valve that would not move is left out of a new plan
 * (`replan` gets the stuck valves), whose extra valves are then closed too.
 */
export function valveResult(
  inc: LeakIncident,
  time: number,
  valve: string,
  result: string,
  replan: (stuck: ReadonlySet<string>) => IsolationPlan | null,
): Step {
  if (!inc.pending.includes(valve)) return { incident: inc, effects: [] };
  const zoneAgent = coordinator(inc.zone);
  const ok = result === 'applied';
  const pending = inc.pending.filter((v) => v !== valve);
  const told = say(
    { ...inc, pending, stuck: ok ? inc.stuck : [...inc.stuck, valve] },
    {
      time,
      from: valve,
      to: zoneAgent,
      kind: 'valve',
      message: ok ? 'closed' : `did not close (${result}); re-planning`,
    },
    { valve, result },
  );
  if (!ok) {
    const plan = replan(new Set(told.incident.stuck));
    const replanned = act({ ...told.incident, pending: told.incident.pending }, time, plan);
    return snapshot({ incident: replanned.incident, effects: [...told.effects, ...replanned.effects] });
  }
  if (pending.length > 0 || told.incident.state !== 'Isolating') return snapshot(told);
  const done = {
    ...told.incident,
    state: 'Isolated' as const,
    isolation: { ...told.incident.isolation!, closedAt: time },
  };
  const window = crewWindow(time);
  return snapshot(
    chain(
      { incident: done, effects: told.effects },
      (i) =>
        say(
          i,
          {
            time,
            from: zoneAgent,
            to: 'control-center',
            kind: 'work-order',
            message: `repair near ${i.candidates[0]?.pipe}, about ${i.estimatedFlowLps} L/s; crew ${window}`,
          },
          {
            location: { pipe: i.candidates[0]?.pipe, segmentPipes: i.isolation?.segmentPipes },
            estimatedFlowLps: i.estimatedFlowLps,
            crewWindow: window,
          },
        ),
      (i) => ({
        incident: i,
        effects: [
          {
            type: 'alert',
            from: zoneAgent,
            priority: 2,
            alertType: 'leak_isolated',
            message: `leak near ${i.candidates[0]?.pipe} isolated (${i.isolation?.valves.length} valves); work order raised`,
          },
        ],
      }),
    ),
  );
}

/**
 * The isolation's check, once the valves have been shut a while: the district's inflow
 * balance against what it read before the leak. A readback says the valves moved; this says
 * the water stopped. A loss of more than a third of the estimated leak (and more than the
 * meters' noise) means the leak is elsewhere, or a valve does not seal: the operator hears
 * it at once (the incident stays Isolated: what was shut is shut; what to do next is theirs).
 */
export function checkIsolation(inc: LeakIncident, time: number, lossLps: number): Step {
  if (inc.state !== 'Isolated') return { incident: inc, effects: [] };
  const zoneAgent = coordinator(inc.zone);
  const stopped = lossLps < Math.max(0.5, inc.estimatedFlowLps / 3);
  const told = say(
    inc,
    {
      time,
      from: zoneAgent,
      to: 'control-center',
      kind: 'check',
      message: stopped
        ? `inflow balance: the loss stopped (${Math.max(0, lossLps)} L/s left of about ${inc.estimatedFlowLps}): isolation holds`
        : `inflow balance: still losing ${lossLps} L/s of about ${inc.estimatedFlowLps} after the valves shut: the leak is elsewhere or a valve does not seal`,
    },
    { lossLps, stopped },
  );
  if (stopped) return snapshot(told);
  return snapshot({
    incident: told.incident,
    effects: [
      ...told.effects,
      {
        type: 'alert',
        from: zoneAgent,
        priority: 1,
        alertType: 'leak_not_stopped',
        message: `leak ${inc.id}: ${lossLps} L/s still lost after isolating ${inc.candidates[0]?.pipe}; the leak is elsewhere or a valve does not seal`,
      },
    ],
  });
}

/** A burst is isolated, so the crew can come within the next working hours: now + 1 h to + 9 h */
function crewWindow(time: number): string {
  const from = new Date(time + HOUR).toISOString();
  const to = new Date(time + 9 * HOUR).toISOString();
  return `${from} – ${to}`;
}

export function fade(inc: LeakIncident, time: number): Step {
  return withClear(
    inc,
    snapshot(
      say(
        { ...inc, state: 'Faded' },
        {
          time,
          from: coordinator(inc.zone),
          to: 'control-center',
          kind: 'faded',
          message: 'residuals back to normal before confirmation',
        },
        {},
      ),
    ),
  );
}

/** the zone agent's leak cause ends with the incident */
function withClear(inc: LeakIncident, step: Step): Step {
  const pipe = inc.candidates[0]?.pipe ?? 'unknown';
  return {
    incident: step.incident,
    effects: [...step.effects, ...tellZone(inc, { type: 'leak_cleared', pipe }, pipe)],
  };
}

/** the operator accepts a proposed isolation (advise mode): the valves close as in auto mode */
export function approve(inc: LeakIncident, time: number, user: string, plan: IsolationPlan | null): Step {
  if (inc.state !== 'Proposed') return { incident: inc, effects: [] };
  const told = say(
    inc,
    { time, from: user, to: coordinator(inc.zone), kind: 'approved', message: 'isolation approved' },
    {},
  );
  // nothing has closed yet: the proposal's valves are all still to be asked
  return snapshot(chain(told, (i) => act({ ...i, mode: 'auto', isolation: null }, time, plan)));
}

/** the repair is done (or the operator dismissed the incident): detection re-arms */
export function resolve(inc: LeakIncident, time: number, user: string): Step {
  if (inc.state === 'Resolved' || inc.state === 'Faded') return { incident: inc, effects: [] };
  return withClear(
    inc,
    snapshot(
      say(
        { ...inc, state: 'Resolved', pending: [] },
        { time, from: user, to: coordinator(inc.zone), kind: 'resolved', message: 'incident closed' },
        {},
      ),
    ),
  );
}
