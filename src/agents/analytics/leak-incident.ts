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
import { isolationValveLink } from '../../shared/network';
import type { IsolationPlan, IsolationValve } from './isolation-plan';
import { type BalanceCheck, CHECK_RESOLUTION_LPS, type Localization } from './leak-detector';
import { type RankedPipe, SURVEY_RADIUS_M, surveyPipe } from './localization';
import type { NetworkGraph } from './network-graph';

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
  /** the signature's longer ranking, with each pipe's misfit: where a crew starts (crewLocation) */
  likely: RankedPipe[];
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
  /** pipes of segments whose isolation did not change the loss: the leak is not there */
  ruledOut: string[];
  /** what each isolation's check found, oldest first */
  checks: IsolationCheck[];
  /**
   * while a hold of several segments is narrowed down (a step test, half of it at a time):
   * the pipes that hold showed the leak among. The leak is in those not ruled out since
   */
  heldArea?: string[];
  timeline: TimelineEntry[];
  /**
   * where the work order sends the crew (crewLocation); the leak watch fills it in, as it
   * knows the network's distances (watch.incidents())
   */
  location?: CrewLocation | null;
}

export interface IsolationCheck {
  time: number;
  /** the candidate the checked isolation was for, and when its valves had all shut */
  pipe: string;
  closedAt: number;
  /** what the inflow balance still lost with the valves shut, L/s */
  lossLps: number;
  /** how far the raw inflow balance fell from the minutes before the shut (the step test), L/s */
  dropLps?: number;
  /**
   * stopped: isolation holds; missed: the leak is not in the segment; partial: something else
   * loses too; gone: no loss to find, shut or open (the incident fades)
   */
  outcome: 'stopped' | 'missed' | 'partial' | 'gone';
  /** the isolation shut part of a held area (narrowing a hold down), not a search's segment */
  narrowing?: boolean;
}

export type IncidentEffect =
  | { type: 'publish'; topic: string; from: string; payload: unknown }
  /** a direct message in the agents' own protocol (kinds/common/messages.ts), so their states follow */
  | { type: 'tell'; to: string; from: string; message: { type: string } & Record<string, unknown> }
  | { type: 'alert'; from: string; priority: 1 | 2 | 3; alertType: string; message: string }
  | { type: 'close'; from: string; valve: IsolationValve; reason: string }
  /** a valve of an isolation that missed the leak: its customers get their water back */
  | { type: 'open'; from: string; valve: IsolationValve; reason: string };

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

/**
 * The pipe the incident acts on: the best candidate that no isolation has ruled out (past
 * the ten candidates, the likeliest pipe left of the longer ranking, where the search went);
 * while a hold is narrowed down, the likeliest pipe of what is left of the held area.
 */
export function targetPipe(inc: LeakIncident): string | undefined {
  const area = inc.heldArea ? new Set(heldSegment(inc)) : undefined;
  const open = (pipe: string) => !inc.ruledOut.includes(pipe) && (area?.has(pipe) ?? true);
  return (inc.candidates.find((c) => open(c.pipe)) ?? inc.likely.find((r) => open(r.pipe)))?.pipe;
}

/**
 * The pipes an isolation check showed the leak among: while a hold is narrowed down, what
 * the segments tried since have left of the held area; otherwise the segment still shut
 * after a check that held, unless a check since said missed (a loss back after a clear hold
 * is another leak: the segment still holds this one). Empty while no hold stands.
 */
export function heldSegment(inc: LeakIncident): string[] {
  if (inc.heldArea) {
    const out = new Set(inc.ruledOut);
    return inc.heldArea.filter((p) => !out.has(p));
  }
  const held = inc.checks.map((c) => c.outcome).lastIndexOf('stopped');
  const since = inc.checks.slice(held);
  return held >= 0 && !since.some((c) => c.outcome === 'missed') ? (inc.isolation?.segmentPipes ?? []) : [];
}

/** where the work order sends the crew, and what put the leak there */
export interface CrewLocation {
  pipe: string;
  /** isolation: a standing hold's segment holds it (the water located it, as a step test does) */
  by: 'signature' | 'isolation';
}

/**
 * Where the work order sends the crew: while a hold stands, inside the segment still shut;
 * otherwise at a pipe no isolation ruled out. In either, the pipe whose survey radius
 * holds most of the leak's likelihood (localization.ts surveyPipe), not simply the best
 * candidate: with the model a few per cent off the plant the best is often at the edge of
 * a cluster of nearly as likely pipes (demo town, bursts of 2 L/s and more, after the checks:
 * the best candidate left put the crew within 300 m of 72 %, the survey's start of 89 %;
 * bench/leak-suite.ts). Without a hold the reach is weighed over every ranked pipe, those
 * ruled out too: a segment that missed says the leak is not in it, not that it is far from
 * it (the signature smears a leak over its neighbours; on Micropolis, whose pipes are short,
 * the leak was next to the segments tried more often than not), so the crew starts at their
 * edge rather than where the likelihood left over is. Every ranked pipe ruled out: the
 * signature's best. Null before any localization.
 */
export function crewLocation(inc: LeakIncident, g: NetworkGraph): CrewLocation | null {
  const held = heldSegment(inc);
  const heldPipe = held.length > 0 ? surveyPipe(g, inc.likely, held) : undefined;
  if (heldPipe !== undefined) return { pipe: heldPipe, by: 'isolation' };
  const ruledOut = new Set(inc.ruledOut);
  const ranked = inc.likely.map((r) => r.pipe);
  const left = ranked.filter((p) => !ruledOut.has(p));
  const pipe =
    (left.length > 0 ? surveyPipe(g, inc.likely, ranked, left) : undefined) ?? inc.candidates[0]?.pipe;
  return pipe === undefined ? null : { pipe, by: 'signature' };
}

/**
 * How many of the likeliest pipes each isolation of an incident covers, in turn (auto
 * mode): the best alone first, which cuts the fewest customers off; when the water says it
 * missed, the next three together, then the next six, then the next ten (the search goes
 * down the signature's longer ranking, past the ten candidates it reports): the signature
 * usually puts the leak near the top of its list but not first (L-Town: within 300 m nine
 * times in ten, the same pipe one time in three). Each isolation cuts its customers off for
 * the check's twelve minutes; after the last the search is left to a field survey. The
 * fourth isolation halved the searches given up (demo town 8 → 4 of 36 leaks, L-Town 9 → 4)
 * and the water then located the leak.
 */
export const SEARCH_WIDTHS = [1, 3, 6, 10] as const;
export const MAX_ISOLATIONS = SEARCH_WIDTHS.length;
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

/** the zone's line to the valves it shut that they open again, and why */
function sayReopening(inc: LeakIncident, shut: readonly string[], time: number, why: string): Step {
  return say(
    inc,
    {
      time,
      from: coordinator(inc.zone),
      to: shut.join(', ') || 'valves',
      kind: 'isolation',
      message: `reopening ${shut.join(', ')}: ${why}`,
    },
    { reopen: shut },
  );
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
    likely: loc.likely,
    estimatedFlowLps: loc.estimatedFlowLps,
    suspectedArea: area,
    isolation: null,
    pending: [],
    stuck: [],
    ruledOut: [],
    checks: [],
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
    { ...inc, candidates: loc.candidates, likely: loc.likely, estimatedFlowLps: loc.estimatedFlowLps },
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
    // a re-plan round a stuck valve that found none: the valves this isolation already shut
    // cut customers off for a segment that cannot be shut, so they open again
    const shut = (inc.isolation?.valves ?? []).filter(
      (v) => !inc.pending.includes(v) && !inc.stuck.includes(v),
    );
    const unisolable = {
      ...inc,
      state: 'Unisolable' as const,
      ...(shut.length > 0 ? { isolation: null, pending: [] } : {}),
    };
    const told =
      shut.length > 0
        ? sayReopening(unisolable, shut, time, 'no valves left can isolate the segment')
        : { incident: unisolable, effects: [] };
    return {
      incident: told.incident,
      effects: [
        ...told.effects,
        ...reopen(zoneAgent, shut, `leak ${inc.id} cannot be isolated: supply restored`),
        {
          type: 'alert',
          from: zoneAgent,
          priority: 1,
          alertType: 'leak_unisolable',
          message: `leak near ${targetPipe(inc)}: no valves can isolate it`,
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
  // a re-plan round a stuck valve may need no valve that is not shut already (the stuck one
  // only bounded a dead end, which the segment now takes in): the segment is shut now
  if (toClose.length === 0) return shutIn(s, time);
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
 * every valve of the isolation has shut: the segment is isolated, a work order follows
 * (not while a hold is narrowed down: the leak is contained already, and the hold's last
 * check sends the crew)
 */
function shutIn(step: Step, time: number): Step {
  const done = {
    ...step.incident,
    state: 'Isolated' as const,
    isolation: { ...step.incident.isolation!, closedAt: time },
  };
  if (done.heldArea) return { incident: done, effects: step.effects };
  return chain(
    { incident: done, effects: step.effects },
    (i) => workOrder(i, time, `repair near ${targetPipe(i)}`, { pipe: targetPipe(i) }),
    (i) => ({
      incident: i,
      effects: [
        {
          type: 'alert',
          from: coordinator(i.zone),
          priority: 2,
          alertType: 'leak_isolated',
          message: `leak near ${targetPipe(i)} isolated (${i.isolation?.valves.length} valves); work order raised`,
        },
      ],
    }),
  );
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
  return snapshot(shutIn(told, time));
}

/**
 * The isolation's check, once the valves have been shut a while: the district's inflow
 * balance against what it read before the leak. A readback says the valves moved; this says
 * the water stopped. Three outcomes, against the loss before the valves shut (the estimate):
 * - the loss stopped (below a third of it, and above the meters' noise): isolation holds.
 *   A hold of several segments at once (a search's wider turn) is then narrowed down, as a
 *   step test does: in auto mode half of its segments stay shut, the likeliest half, and the
 *   rest reopen; the next check says which half holds the leak, until one segment is left
 *   shut. The crew is sent to one segment, not to the likeliest part of ten;
 * - it barely changed (more than two thirds of it still lost): the leak is not in the
 *   segment. Its pipes are ruled out, and in auto mode its valves reopen (its customers
 *   were cut off for nothing) while the next candidate outside it is isolated and checked
 *   in turn, up to MAX_ISOLATIONS; after that, or without a candidate left, every valve
 *   reopens and the operator is asked for a field survey. While a hold is narrowed down,
 *   the leak is in the rest of the held area, which is shut (or halved) next; with nothing
 *   of it left the hold was not this leak's, and the search goes on;
 * - it fell by a good part but not to nothing: the segment held a leak and something else
 *   loses water too (a second leak, a valve that does not seal). What was shut stays shut
 *   and the operator hears it.
 * A loss that did not fall (no less than the estimate) never reads as stopped, however small.
 * The loss is read against the miss the model learned before the leak for the pumps running
 * (leak-detector.ts), which can extrapolate badly when demand moves outside what it was
 * learned on. So a first check (not a narrowing's) also hears `dropLps`, the step test: how
 * far the raw balance fell from the minutes before the valves shut, with the same pumps
 * running (a later isolation's: from before the search's first, with no valves shut, against
 * the leak as it was then, `stepLeakLps`). If it fell by less than a third of the estimate,
 * nothing leaking stopped: missed, whatever the learned miss says is left. A small loss
 * (under 3 × CHECK_RESOLUTION_LPS) that neither the learned reading nor the step finds (each
 * under CHECK_RESOLUTION_LPS) is gone: a transient or a false alarm. The valves reopen and
 * the incident fades, so detection watches again (a search of four isolations for it would
 * cut customers off for nothing and, while it stood, no other leak could be heard; Micropolis: a 2.7 L/s burst two hours after such a false
 * alarm went unheard).
 * While the valves stay shut the balance is watched on; a `recheck` says the loss came back.
 * If the held check was clear (the leak well above what a check resolves, 3 ×
 * CHECK_RESOLUTION_LPS), the segment did hold a leak: another one, or a valve letting by,
 * loses the water now (partial). If not, a leak too small to check then (one ramping up)
 * was never in the segment: missed, and the search goes on.
 * `next` plans the isolation of the segments holding the candidate pipes it is given: the
 * best not ruled out, as many as SEARCH_WIDTHS says for this turn (it may plan fewer, to cut
 * fewer customers off). `locate` says where the crew starts (crewLocation, which needs the
 * network): a hold sends the work order there, and so does a search given up (a field survey).
 */
export function checkIsolation(
  inc: LeakIncident,
  reading: BalanceCheck,
  next: (pipes: readonly string[]) => IsolationPlan | null = () => null,
  locate: (inc: LeakIncident) => CrewLocation | null = () => null,
): Step {
  const { time, lossLps, recheck = false, dropLps, stepLeakLps } = reading;
  if (inc.state !== 'Isolated' || !inc.isolation) return { incident: inc, effects: [] };
  // a check that found a miss or a partial loss has had its say; only a hold is watched on
  if (recheck && inc.checks.at(-1)?.outcome !== 'stopped') return { incident: inc, effects: [] };
  const zoneAgent = coordinator(inc.zone);
  const before = inc.estimatedFlowLps;
  const heldClearly = recheck && before >= 3 * CHECK_RESOLUTION_LPS;
  const narrowing = inc.heldArea !== undefined;
  const stepSaysMissed =
    !recheck && !narrowing && dropLps !== undefined && dropLps < (stepLeakLps ?? before) / 3;
  const gone =
    stepSaysMissed &&
    before < 3 * CHECK_RESOLUTION_LPS &&
    lossLps < CHECK_RESOLUTION_LPS &&
    dropLps < CHECK_RESOLUTION_LPS;
  const stopped =
    !recheck &&
    !stepSaysMissed &&
    lossLps < Math.max(CHECK_RESOLUTION_LPS, before / 3) &&
    lossLps < Math.max(before, CHECK_RESOLUTION_LPS / 2);
  const missed = !stopped && !heldClearly && (lossLps > (2 * before) / 3 || stepSaysMissed);
  const target = targetPipe(inc);
  const outcome = gone ? 'gone' : stopped ? 'stopped' : missed ? 'missed' : 'partial';
  const after = recheck ? 'with the valves still shut' : 'after the valves shut';
  const told = say(
    {
      ...inc,
      // with the valves shut round a segment the leak is not in, the balance reads the leak
      estimatedFlowLps: missed ? Math.max(before, lossLps) : before,
      checks: [
        ...inc.checks,
        {
          time,
          pipe: target ?? '',
          closedAt: inc.isolation.closedAt ?? time,
          lossLps,
          ...(dropLps === undefined ? {} : { dropLps }),
          outcome,
          ...(narrowing ? { narrowing } : {}),
        },
      ],
    },
    {
      time,
      from: zoneAgent,
      to: 'control-center',
      kind: 'check',
      message: `inflow balance: ${checkVerdict(outcome, recheck, lossLps, before, target, dropLps)}`,
    },
    { lossLps, stopped, missed, recheck },
  );
  const shut = inc.isolation.valves.filter((v) => !inc.stuck.includes(v));
  if (gone) {
    const faded = sayReopening(
      { ...withoutHeldArea(told.incident), state: 'Faded', isolation: null, pending: [] },
      shut,
      time,
      'no loss to isolate; the detection watches again',
    );
    return withClear(
      inc,
      snapshot({
        incident: faded.incident,
        effects: [
          ...told.effects,
          ...faded.effects,
          ...reopen(zoneAgent, shut, `leak ${inc.id}: no loss to isolate, supply restored`),
        ],
      }),
    );
  }
  // from this isolation to `plan`'s, after what the check said
  const moveTo = (
    from: LeakIncident,
    plan: IsolationPlan,
    why: string,
    reason: string,
    more: IncidentEffect[] = [],
  ) => {
    const moved = shutInstead(from, shut, plan, time, why, reason);
    return snapshot({ incident: moved.incident, effects: [...told.effects, ...more, ...moved.effects] });
  };
  if (stopped) {
    const held = { ...told.incident, heldArea: inc.isolation.segmentPipes };
    const half = inc.mode === 'auto' ? narrowerPlan(held, next, inc.isolation.segmentPipes) : null;
    if (half)
      return moveTo(
        held,
        half,
        `the leak is in the segments shut round ${target}: narrowing them down`,
        `leak ${inc.id} held in the segments shut: narrowing them down`,
      );
    // the water located the leak in the segment still shut: the work order says where in it
    // the crew starts (the first, raised as the valves shut, named the candidate isolated)
    const done = withoutHeldArea(told.incident);
    const crew = locate(done);
    if (!crew) return snapshot({ incident: done, effects: told.effects });
    return snapshot(
      chain({ incident: done, effects: told.effects }, (i) =>
        workOrder(
          i,
          time,
          `leak held in the segment shut: repair there, the crew starts at ${crew.pipe}`,
          crew,
        ),
      ),
    );
  }
  const alert = (message: string): IncidentEffect => ({
    type: 'alert',
    from: zoneAgent,
    priority: 1,
    alertType: 'leak_not_stopped',
    message,
  });
  if (!missed) {
    return snapshot({
      incident: told.incident,
      effects: [
        ...told.effects,
        alert(
          `leak ${inc.id}: ${lossLps} L/s ${recheck ? 'lost again' : 'still lost'} ${after} round ${target}; another leak, or a valve does not seal`,
        ),
      ],
    });
  }
  const ruledOut = [...new Set([...inc.ruledOut, ...inc.isolation.segmentPipes])];
  if (narrowing) {
    // the held area's other part holds the leak: shut it (or the likeliest half of it)
    const rest = { ...told.incident, ruledOut };
    const part = narrowerPlan(rest, next, inc.isolation.segmentPipes);
    if (part)
      return moveTo(
        rest,
        part,
        `not near ${target}, so in the rest of the segments that held`,
        `leak ${inc.id} not near ${target}: supply restored`,
      );
  }
  // the search's own turns (narrowing a hold down is not one)
  const tried = told.incident.checks.filter((c) => !c.narrowing).length;
  const left = inc.likely.map((r) => r.pipe).filter((p) => !ruledOut.includes(p));
  const plan =
    inc.mode === 'auto' && tried < MAX_ISOLATIONS && left.length > 0
      ? next(left.slice(0, SEARCH_WIDTHS[tried]))
      : null;
  // where a crew should look: the segment being tried, or once given up the candidates left;
  // with every candidate ruled out, round the signature's best (the leak is near them, only
  // not inside the segments tried): a field survey needs somewhere to start
  const searching = {
    ...withoutHeldArea(told.incident),
    ruledOut,
    // (a plan's segment, shutInstead says)
    suspectedArea: (left.length > 0 ? left : inc.candidates.map((c) => c.pipe)).slice(0, 3),
  };
  if (!plan) {
    const unisolable = { ...searching, state: 'Unisolable' as const, isolation: null, pending: [] };
    // the field survey starts where crewLocation says, now that the segments tried are out
    const crew = locate(unisolable);
    const given = sayReopening(
      {
        ...unisolable,
        suspectedArea: crew
          ? [crew.pipe, ...unisolable.suspectedArea.filter((p) => p !== crew.pipe)].slice(0, 3)
          : unisolable.suspectedArea,
      },
      shut,
      time,
      `${tried} isolation${tried === 1 ? '' : 's'} did not stop the loss; a field survey must find the leak`,
    );
    const surveyed = crew
      ? workOrder(
          given.incident,
          time,
          `field survey: the leak is in none of the segments isolated, the crew starts at ${crew.pipe} (${SURVEY_RADIUS_M} m around)`,
          crew,
        )
      : { incident: given.incident, effects: [] };
    return snapshot({
      incident: surveyed.incident,
      effects: [
        ...told.effects,
        ...given.effects,
        ...surveyed.effects,
        ...reopen(zoneAgent, shut, `leak ${inc.id} not in the segment: supply restored`),
        alert(
          `leak ${inc.id}: ${lossLps} L/s still lost after ${tried} isolation${tried === 1 ? '' : 's'}; valves reopened, a field survey is needed`,
        ),
      ],
    });
  }
  return moveTo(searching, plan, `not near ${target}`, `leak ${inc.id} not near ${target}: supply restored`, [
    alert(`leak ${inc.id}: ${lossLps} L/s still lost after isolating ${target}; trying ${plan.pipe}`),
  ]);
}

const withoutHeldArea = ({ heldArea: _, ...inc }: LeakIncident): LeakIncident => inc;

/**
 * From one isolation to the next: the valves of `shut` the plan does not keep reopen (a line
 * valve shuts its whole pipe, so one on a pipe the plan shuts at its other end stays closed
 * too), and the plan's others close; the plan's segment is where a crew should look now.
 */
function shutInstead(
  inc: LeakIncident,
  shut: readonly string[],
  plan: IsolationPlan,
  time: number,
  why: string,
  reason: string,
): Step {
  const zoneAgent = coordinator(inc.zone);
  const kept = new Set(plan.valves.map((v) => v.link));
  const back = shut.filter((v) => !kept.has(isolationValveLink(v)));
  const moving = say(
    { ...inc, suspectedArea: plan.segmentPipes },
    {
      time,
      from: zoneAgent,
      to: back.join(', ') || 'valves',
      kind: 'isolation',
      message: `${why}: reopening ${back.join(', ') || 'no valve'}, isolating ${plan.pipe} next`,
    },
    { reopen: back },
  );
  const acted = act(moving.incident, time, plan);
  return {
    incident: acted.incident,
    effects: [...moving.effects, ...reopen(zoneAgent, back, reason), ...acted.effects],
  };
}

/**
 * A step test's next isolation inside a held area: the segments of its likeliest half (each
 * named by its likeliest pipe, the signature's ranking order), or the one segment left. Null
 * when that would shut just what `shut` does (a hold of one segment: nothing to narrow) or
 * nothing of the area is left.
 */
function narrowerPlan(
  inc: LeakIncident,
  next: (pipes: readonly string[]) => IsolationPlan | null,
  shut: readonly string[],
): IsolationPlan | null {
  const area = new Set(heldSegment(inc));
  const seeds: string[] = [];
  const covered = new Set<string>();
  for (const { pipe } of inc.likely) {
    if (!area.has(pipe) || covered.has(pipe)) continue;
    const own = next([pipe]);
    if (!own) continue;
    for (const p of own.segmentPipes) covered.add(p);
    seeds.push(pipe);
  }
  const plan = seeds.length > 0 ? next(seeds.slice(0, Math.ceil(seeds.length / 2))) : null;
  const now = new Set(shut);
  const same = plan && plan.segmentPipes.length === now.size && plan.segmentPipes.every((p) => now.has(p));
  return plan && !same ? plan : null;
}

/** what a check of the water says, after "inflow balance: " */
function checkVerdict(
  outcome: IsolationCheck['outcome'],
  recheck: boolean,
  lossLps: number,
  before: number,
  target: string | undefined,
  dropLps: number | undefined,
): string {
  if (outcome === 'gone')
    return `no loss left (${lossLps} L/s), and the inflow fell by only ${dropLps} L/s as the valves shut: the ${before} L/s the detection read is gone (a transient, or a false alarm)`;
  if (outcome === 'stopped')
    return `the loss stopped (${Math.max(0, lossLps)} L/s left of about ${before}): isolation holds`;
  if (recheck)
    return outcome === 'missed'
      ? `the loss came back, ${lossLps} L/s with the valves still shut: about ${before} L/s was too little to check, and the leak is not near ${target}`
      : `the loss came back, ${lossLps} L/s with the valves still shut: another leak, or a valve letting by`;
  if (outcome === 'missed' && lossLps <= (2 * before) / 3 && dropLps !== undefined)
    return `still losing ${lossLps} L/s of about ${before} after the valves shut, and the inflow fell by only ${dropLps} L/s: the leak is not near ${target}`;
  return outcome === 'missed'
    ? `still losing ${lossLps} L/s of about ${before} after the valves shut: the leak is not near ${target}`
    : `still losing ${lossLps} L/s of about ${before} after the valves shut: something else loses water too, or a valve does not seal`;
}

/**
 * A work order to the control center: where the crew goes (`message` says it in words),
 * the leak's estimated flow and the crew's window.
 */
function workOrder(inc: LeakIncident, time: number, message: string, location: Partial<CrewLocation>): Step {
  const window = crewWindow(time);
  return say(
    inc,
    {
      time,
      from: coordinator(inc.zone),
      to: 'control-center',
      kind: 'work-order',
      message: `${message}, about ${inc.estimatedFlowLps} L/s; crew ${window}`,
    },
    {
      location: { ...location, segmentPipes: inc.isolation?.segmentPipes },
      estimatedFlowLps: inc.estimatedFlowLps,
      crewWindow: window,
    },
  );
}

/** the commands that open `valves` again, from the zone coordinator `from` */
function reopen(from: string, valves: readonly string[], why: string): IncidentEffect[] {
  return valves.map((id) => ({ type: 'open', from, valve: valveOf(id), reason: why }));
}

/** the valve an isolation closed, from its id (`<pipe>@<node>` for a line valve) */
function valveOf(id: string): IsolationValve {
  const at = id.lastIndexOf('@');
  return { id, link: isolationValveLink(id), node: at < 0 ? null : id.slice(at + 1) };
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
