// Leak watch: the leak analytics on the live bus. Readings come in on reading/+/+, the
// detector (src/agents/analytics) solves the console's own reference model under the
// boundary conditions they report, and each incident runs through the pure transitions of
// leak-incident.ts; their effects are published on the bus, raised as alerts, or issued as
// close commands through the agents' command path (in the live console: the audited
// command service, under the system identity).
//
// Read API for the console (the lead wires it into the contract):
//   watch.incidents(): LeakIncident[]   current and past incidents, newest first:
//     { id, zone, state, mode, detectedAt, confirmedAt, candidates[{pipe,score}],
//       estimatedFlowLps, suspectedArea: pipeIds[], isolation: { valves, segmentPipes,
//       nodesWithoutSupply, closedAt } | null, pending, stuck,
//       timeline[{ time, from, to, kind, message }] }      (times: ms since the epoch)
//   Bus topics: leak/<id>/incident (the whole incident after every change) and the steps
//   leak/<id>/{residual,suspect,localized,isolation,valve,work-order,faded}; alerts on
//   agent/zone/<zone>/alert (agent/control-center/control-center/alert where no DMA is drawn):
//   leak_detected, isolation_proposed, leak_isolated, leak_unisolable, leak_not_stopped,
//   valve_not_reopened.
import { type Bus, type Clock, directTopic } from '../../agents/runtime';
import type { Alert } from '../../agents/runtime/behaviour';
import {
  type IsolationPlan,
  planIsolation,
  valveLayer,
  type ValveLayer,
  type ValveLayerConfig,
} from '../../agents/analytics/isolation-plan';
import {
  approve,
  checkIsolation,
  confirm,
  type CrewLocation,
  crewLocation,
  fade,
  type IncidentEffect,
  type LeakIncident,
  type LeakMode,
  openIncident,
  refine,
  resolve,
  type Step,
  targetPipe,
  valveResult,
} from '../../agents/analytics/leak-incident';
import {
  type DetectorOptions,
  LeakDetector,
  type LiveReading,
  type Localization,
} from '../../agents/analytics/leak-detector';
import { networkGraph } from '../../agents/analytics/network-graph';
import type { ReferenceModel } from '../../agents/analytics/reference-model';

export interface LeakWatchOptions {
  bus: Bus;
  clock: Clock;
  reference: ReferenceModel;
  /** the instruments on the network (element, quantity) */
  instruments: readonly { element: string; quantity: string }[];
  mode: LeakMode;
  valveLayer: ValveLayerConfig;
  /** the sidecar's isolation valves (model links) */
  modelValves: readonly string[];
  /**
   * carries out one command under the agent's name; answers 'applied', 'ignored: …' or
   * 'refused: …', at once or (the live console's audited command path) once the field has
   */
  command: (agent: string, c: { target: string; action: string; reason: string }) => string | Promise<string>;
  /** readings are batched and analysed once per this period, ms (the plant's hydraulic step) */
  periodMs: number;
  detector?: Partial<DetectorOptions>;
}

export interface LeakWatch {
  incidents(): LeakIncident[];
  /** the operator accepts the proposed isolation of incident `id` (advise mode); false if none is proposed */
  approve(id: string, user: string): boolean;
  /**
   * Close incident `id` (repaired or dismissed) and re-arm detection. The valves stay as
   * they are: reopening them is an operator command like any other.
   */
  resolve(id: string, user: string): boolean;
  /** the valve layer isolation plans are made on */
  readonly layer: ValveLayer;
  readonly detector: LeakDetector;
  stop(): void;
}

export function watchForLeaks(o: LeakWatchOptions): LeakWatch {
  const graph = networkGraph(o.reference.model);
  const layer = valveLayer(graph, o.valveLayer, o.modelValves); // a bad layer fails here, before the run
  const detector = new LeakDetector(o.reference, graph, o.instruments, o.detector);
  const incidents: LeakIncident[] = [];
  let current: LeakIncident | undefined;
  let buffer: LiveReading[] = [];
  const zoneOf = new Map(o.reference.model.nodes.map((n) => [n.id, n.zone]));
  const linkOf = new Map(o.reference.model.links.map((l) => [l.id, l]));
  const closedLinks = new Set<string>();

  const zoneOfPipe = (pipe: string | undefined) => {
    const l = pipe === undefined ? undefined : linkOf.get(pipe);
    return (l && (zoneOf.get(l.to) ?? zoneOf.get(l.from))) || 'network';
  };
  const plan = (
    pipes: string | readonly string[] | undefined,
    stuck: ReadonlySet<string> = new Set(),
  ): IsolationPlan | null => (pipes === undefined ? null : planIsolation(graph, layer, pipes, stuck));
  /**
   * An isolation the agents choose themselves while searching cuts off at most this many
   * nodes (5 % of the junctions, at least 10): a wider one covers fewer candidates.
   */
  const junctions = o.reference.model.nodes.filter((n) => n.kind === 'junction').length;
  const searchCut = Math.max(10, Math.round(0.05 * junctions));
  const area = (loc: Localization) =>
    plan(loc.candidates[0]?.pipe)?.segmentPipes ?? loc.candidates.slice(0, 3).map((c) => c.pipe);

  // where each incident's crew goes, once per version of it (a few hundred Dijkstras on a
  // large network; incidents are read on every change the console pushes)
  const locations = new WeakMap<LeakIncident, CrewLocation | null>();
  const located = (i: LeakIncident) => {
    if (!locations.has(i)) locations.set(i, crewLocation(i, graph));
    return locations.get(i)!;
  };

  /** the incident is over (resolved, or a check found no loss): detection re-arms */
  const endIncident = () => {
    current = undefined;
    detector.clearIncident();
  };
  const apply = (step: Step) => {
    // the check of the water begins with every isolation shut (the next one may follow a check at once)
    const shutNow = step.incident.state === 'Isolated' ? step.incident.isolation?.closedAt : undefined;
    if (shutNow != null && (current?.state !== 'Isolated' || current.isolation?.closedAt !== shutNow))
      detector.isolated(o.clock.now());
    current = step.incident;
    const at = incidents.findIndex((i) => i.id === current!.id);
    if (at >= 0) incidents[at] = current;
    else incidents.unshift(current);
    for (const e of step.effects) run(e);
  };
  /**
   * One command at a time per link. The live command path answers later, and a second
   * command on a link whose first is still in flight would be refused (the target is
   * reserved) or supersede it: two line valves at the ends of one pipe close the same link,
   * and an isolation tried next may close a link the last one is opening again.
   */
  const inFlight = new Map<string, Promise<void>>();
  const send = (link: string, issue: () => string | Promise<string>, answered: (r: string) => void) => {
    const go = (): Promise<void> | undefined => {
      const result = issue();
      if (typeof result === 'string') {
        answered(result);
        return undefined;
      }
      return result.then(answered, (error: Error) => answered(`refused: ${error.message}`));
    };
    const before = inFlight.get(link);
    const mine = before ? before.then(go) : go();
    if (!mine) return;
    const settled = mine.finally(() => {
      if (inFlight.get(link) === settled) inFlight.delete(link);
    });
    inFlight.set(link, settled);
  };
  const run = (e: IncidentEffect) => {
    const now = o.clock.now();
    switch (e.type) {
      case 'publish':
        o.bus.publish(e.topic, e.payload, e.from);
        return;
      case 'tell':
        o.bus.publish(directTopic(e.to), { subject: e.message.type, payload: e.message }, e.from);
        return;
      case 'alert': {
        const kind = e.from === 'control-center' ? 'control-center' : 'zone';
        const payload: Alert = {
          agent: e.from,
          kind,
          time: now,
          priority: e.priority,
          type: e.alertType,
          message: e.message,
        };
        o.bus.publish(`agent/${kind}/${e.from}/alert`, payload, e.from);
        return;
      }
      case 'close': {
        const id = current!.id;
        const answered = (result: string) => {
          if (result === 'applied') {
            closedLinks.add(e.valve.link);
            detector.setClosedLinks([...closedLinks]);
          }
          // the incident as it is when the valve answers: others may have answered meanwhile
          const inc = incidents.find((i) => i.id === id)!;
          // the same segment without the stuck valve: it grows to the next valves
          apply(
            valveResult(inc, o.clock.now(), e.valve.id, result, (stuck) =>
              plan(inc.isolation?.segmentPipes ?? targetPipe(inc), stuck),
            ),
          );
        };
        send(
          e.valve.link,
          () =>
            o.command(e.from, {
              target: e.valve.link,
              action: 'close',
              reason: `${e.reason} (valve ${e.valve.id})`,
            }),
          answered,
        );
        return;
      }
      case 'open': {
        const from = e.from;
        const answered = (result: string) => {
          if (result === 'applied') {
            closedLinks.delete(e.valve.link);
            detector.setClosedLinks([...closedLinks]);
            return;
          }
          // the customers behind it stay cut off until someone opens it by hand
          run({
            type: 'alert',
            from,
            priority: 1,
            alertType: 'valve_not_reopened',
            message: `${e.valve.id} did not reopen (${result}); its customers are still without supply`,
          });
        };
        send(
          e.valve.link,
          () =>
            o.command(from, {
              target: e.valve.link,
              action: 'open',
              reason: `${e.reason} (valve ${e.valve.id})`,
            }),
          answered,
        );
        return;
      }
    }
  };

  const unsubscribe = o.bus.subscribe('reading/+/+', (topic, payload) => {
    const [, element, quantity] = topic.split('/');
    const p = payload as { value?: unknown; quality?: unknown; time?: unknown };
    if (typeof p?.value !== 'number' || typeof p.time !== 'number') return;
    const quality = p.quality === 'uncertain' || p.quality === 'bad' ? p.quality : 'good';
    buffer.push({ element: element!, quantity: quantity!, value: p.value, quality, time: p.time });
  });
  const cancel = o.clock.every(o.periodMs, () => {
    const batch = buffer;
    buffer = [];
    if (batch.length === 0) return;
    for (const event of detector.onReadings(batch, o.clock.now())) {
      switch (event.type) {
        case 'detected': {
          const id = `LEAK-${incidents.length + 1}`;
          const zone = zoneOfPipe(event.candidates[0]?.pipe);
          apply(openIncident(id, zone, o.mode, event.time, event.channels, event, area(event)));
          break;
        }
        case 'refined':
          if (current) apply(refine(current, event.time, event, area(event)));
          break;
        case 'confirmed':
          if (current) apply(confirm(current, event.time, event, plan(event.candidates[0]?.pipe)));
          break;
        case 'faded':
          if (current) apply(fade(current, event.time));
          current = undefined;
          break;
        case 'checked':
          if (current) {
            const stuck = new Set(current.stuck);
            apply(
              checkIsolation(
                current,
                event,
                (pipes) => {
                  for (let n = pipes.length; n > 0; n--) {
                    const wide = plan(pipes.slice(0, n), stuck);
                    if (n === 1 || (wide && wide.nodesWithoutSupply.length <= searchCut)) return wide;
                  }
                  return null;
                },
                located,
              ),
            );
            // the check found no loss at all: the incident faded
            if (current?.state === 'Faded') endIncident();
          }
          break;
      }
    }
  });

  return {
    layer,
    detector,
    incidents: () => incidents.map((i) => ({ ...structuredClone(i), location: located(i) })),
    approve(id, user) {
      if (current?.id !== id || current.state !== 'Proposed') return false;
      apply(approve(current, o.clock.now(), user, plan(current.candidates[0]?.pipe)));
      return true;
    },
    resolve(id, user) {
      if (current?.id !== id) return false;
      apply(resolve(current, o.clock.now(), user));
      endIncident();
      return true;
    },
    stop() {
      cancel();
      unsubscribe();
    },
  };
}
