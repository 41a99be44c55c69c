// Leak detection, localization and isolation end to end on the demo town, with real EPANET
// for both the plant and the console's reference model, every agent on the bus, and the
// close commands going out through the agents' command path to the plant.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../agents/runtime/clock';
import { parseScenario, type Scenario } from '../../protocols/sim/scenario';
import { parseSidecar } from '../../protocols/sim/sidecar';
import { HydraulicTwin } from '../../protocols/sim/twin';
import { watchPlant } from '../core/watched-plant';
import { simulate, simulateFile } from '../core/simulation';
import { loadReferenceModel } from './epanet-reference';
import { leakReport } from './leak-report';
import type { LeakWatch } from './leak-watch';
import { isolationValveLink } from '../../shared/network';
import { SURVEY_RADIUS_M } from '../../agents/analytics/localization';
import { networkGraph, pipeDistance } from '../../agents/analytics/network-graph';

const assetsDir = join(__dirname, '../../../assets');
const dir = join(assetsDir, 'demo-town');
const inp = readFileSync(join(dir, 'demo-town.inp'), 'utf8');
const sidecar = parseSidecar(readFileSync(join(dir, 'demo-town.zones.json'), 'utf8'), 'zones');

const burst = (mode: string, extra = '', duration = '9h') =>
  parseScenario(
    `name: burst\nstart: 2026-01-05T00:00:00Z\nduration: ${duration}\nseed: 21\n` +
      `uncertainty: { demandNoise: 0.05, roughness: 0.05 }\nleakResponse: { mode: ${mode} }\n` +
      `events:\n  - { at: 8h, type: pipe_burst, pipe: P-120, flowLps: 4 }\n${extra}`,
    'burst.yaml',
  );

/** run a scenario through the composition, optionally doing something to it once the plant is built */
async function run(
  scenario: Scenario,
  tamper?: (s: Scenario) => void,
  then?: (leaks: LeakWatch) => void,
  valveLayer: 'model+pipe-ends' | 'model' = 'model+pipe-ends',
) {
  const start = scenario.start;
  const twin = await HydraulicTwin.load(inp, {
    name: 'demo-town',
    startMs: start,
    hydraulicStep: 60,
    sidecar,
  });
  const reference = await loadReferenceModel({ model: twin.model, inp, epochMs: start });
  const clock = new SimulatedClock(start);
  const layered = { ...sidecar, leakResponse: { ...sidecar.leakResponse, valveLayer } };
  const { plant, agents, leaks } = watchPlant(twin, clock, scenario, layered, undefined, {
    reference,
    mode: scenario.leakResponse!.mode,
  });
  const published: { topic: string; from: string }[] = [];
  agents.bus.subscribe('leak/#', (topic, _payload, from) => published.push({ topic, from }));
  tamper?.(scenario);
  clock.advanceTo(start + scenario.duration * 1000);
  if (then) {
    then(leaks!);
    clock.advanceBy(10 * 60_000);
  }
  plant.stop();
  twin.close();
  reference.close();
  return { incidents: leaks!.incidents(), model: twin.model, report: agents.report(), published };
}

describe('leak watch', () => {
  it('reads the leak flow off the metered inflow balance, not off the best-fitting node alone', async () => {
    const { incidents } = await run(burst('advise'));
    const inc = incidents[0]!;
    // 4 L/s at the burst's pressure; the balance of the DMA's inlets measures it at confirmation
    expect(inc.state).toBe('Proposed');
    expect(Math.abs(inc.estimatedFlowLps - 4)).toBeLessThan(0.6);
  });

  it('sees a 4 L/s burst in minutes, localizes it and closes the valves around it (auto)', async () => {
    const { incidents, report, published } = await run(burst('auto'));
    expect(incidents).toHaveLength(1);
    const inc = incidents[0]!;
    const leakAt = Date.parse('2026-01-05T08:00:00Z');
    expect(inc.detectedAt - leakAt).toBeLessThanOrEqual(15 * 60_000);
    expect(inc.detectedAt).toBeGreaterThanOrEqual(leakAt);
    expect(inc.state).toBe('Isolated');
    expect(inc.estimatedFlowLps).toBeGreaterThan(2);
    expect(inc.estimatedFlowLps).toBeLessThan(6);
    // the burst is on P-120: the best candidates are next to it
    expect(inc.candidates.slice(0, 5).map((c) => c.pipe)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^P-1[0-9]{2}$/)]),
    );
    expect(inc.isolation!.segmentPipes).toContain('P-120');
    expect(inc.isolation!.closedAt! - inc.confirmedAt!).toBeLessThanOrEqual(30_000);
    // the close commands went out through the agents' command path, one per valve, applied
    const closes = report.commands.filter((c) => c.action === 'close');
    expect(closes.map((c) => c.target).sort()).toEqual(inc.isolation!.valves.map(isolationValveLink).sort());
    expect(closes.every((c) => c.result === 'applied' && c.agent === 'DMA-C')).toBe(true);
    // the collaboration, step by step, each a published message from the acting agent
    expect(inc.timeline.map((e) => e.kind)).toEqual(
      expect.arrayContaining(['residual', 'suspect', 'localized', 'isolation', 'valve', 'work-order']),
    );
    const kinds = inc.timeline.map((e) => e.kind);
    expect(kinds.indexOf('residual')).toBeLessThan(kinds.indexOf('suspect'));
    expect(kinds.indexOf('isolation')).toBeLessThan(kinds.lastIndexOf('work-order'));
    expect(inc.timeline[0]!.from).toMatch(/^S-/);
    expect(published.find((p) => p.topic.endsWith('/suspect'))!.from).toBe(inc.timeline[1]!.from);
    expect(
      published
        .filter((p) => p.topic.endsWith('/valve'))
        .map((p) => p.from)
        .sort(),
    ).toEqual([...inc.isolation!.valves].sort());
    expect(report.alarms.map((a) => a.type)).toEqual(
      expect.arrayContaining(['leak_detected', 'leak_isolated']),
    );
    // the zone agent itself heard of it in its own protocol and went to Alert
    expect(report.transitions['DMA-C']).toHaveProperty('Alert');
  });

  it('in advise mode proposes the isolation to the operator and closes nothing', async () => {
    const { incidents, report } = await run(burst('advise'));
    expect(incidents[0]!.state).toBe('Proposed');
    expect(incidents[0]!.isolation!.closedAt).toBeNull();
    expect(report.commands.filter((c) => c.action === 'close')).toEqual([]);
    expect(report.alarms).toContainEqual(
      expect.objectContaining({ type: 'isolation_proposed', kind: 'zone' }),
    );
  });

  it('closes the proposed valves once the operator approves, and re-arms when the incident is resolved', async () => {
    const { incidents, report } = await run(burst('advise'), undefined, (leaks) => {
      const id = leaks.incidents()[0]!.id;
      expect(leaks.approve('LEAK-9', 'alice')).toBe(false);
      expect(leaks.approve(id, 'alice')).toBe(true);
      expect(leaks.incidents()[0]!.state).toBe('Isolated');
      expect(leaks.resolve(id, 'alice')).toBe(true);
    });
    const inc = incidents.find((i) => i.id === 'LEAK-1')!;
    expect(inc.state).toBe('Resolved');
    // resolving cleared the zone's leak cause: it is back to Normal
    expect(report.transitions['DMA-C']!.Normal).toBeGreaterThanOrEqual(2);
    expect(inc.timeline.map((e) => e.kind)).toEqual(
      expect.arrayContaining(['approved', 'valve', 'work-order', 'resolved']),
    );
    expect(
      report.commands
        .filter((c) => c.action === 'close')
        .map((c) => c.target)
        .sort(),
    ).toEqual(inc.isolation!.valves.map(isolationValveLink).sort());
  });

  it('checks the water after the valves shut: the loss stopped, or an alarm that it did not', async () => {
    const held = (await run(burst('auto'))).incidents[0]!;
    const check = held.timeline.find((e) => e.kind === 'check');
    expect(check?.message).toMatch(/the loss stopped .*isolation holds/);
    expect(check!.time - held.isolation!.closedAt!).toBeGreaterThanOrEqual(12 * 60_000);
    // the step test agrees: the raw inflow fell by about the burst's 4 L/s when the valves shut
    expect(held.checks[0]!.dropLps).toBeGreaterThan(3);
    expect(held.checks[0]!.dropLps).toBeLessThan(5);
    // a second leak in Central, begun while the first was being localized: shutting the
    // first one's pipe does not stop the district losing water, and the operator hears it
    const { incidents, report } = await run(
      burst('auto', '  - { at: 8h10m, type: leak, pipe: P-217, flowLps: 4, rampHours: 0 }\n'),
    );
    const inc = incidents[0]!;
    expect(inc.state).toBe('Isolated');
    const missed = inc.timeline.find((e) => e.kind === 'check');
    expect(missed?.message).toMatch(/still losing [\d.]+ L\/s/);
    const lost = Number(/still losing ([\d.]+)/.exec(missed!.message)![1]);
    expect(lost).toBeGreaterThan(2);
    // the first burst did stop (the raw inflow fell by its 4 L/s): partial, the valves stay shut
    expect(inc.checks[0]).toMatchObject({ outcome: 'partial' });
    expect(inc.checks[0]!.dropLps).toBeGreaterThan(3);
    expect(report.alarms.map((a) => a.type)).toContain('leak_not_stopped');
  });

  it('watches the district on while the isolation holds: a second burst an hour later is heard, and the valves stay shut', async () => {
    const { incidents, report } = await run(
      burst('auto', '  - { at: 9h, type: pipe_burst, pipe: P-217, flowLps: 4 }\n', '10h'),
    );
    const inc = incidents[0]!;
    expect(inc.checks.map((c) => c.outcome)).toEqual(['stopped', 'partial']);
    const back = inc.checks[1]!;
    expect(back.time).toBeGreaterThan(Date.parse('2026-01-05T09:00:00Z'));
    expect(back.lossLps).toBeGreaterThan(2);
    expect(inc.timeline.find((e) => e.kind === 'check' && e.time === back.time)?.message).toMatch(
      /loss came back, [\d.]+ L\/s with the valves still shut: another leak/,
    );
    expect(inc.state).toBe('Isolated');
    expect(report.commands.some((c) => c.action === 'open')).toBe(false);
    expect(report.alarms.map((a) => a.type)).toContain('leak_not_stopped');
  });

  it('a demand surge over before the valves shut is no leak: the check finds no loss, the valves reopen, and a burst later is heard', async () => {
    const scenario = parseScenario(
      `name: surge\nstart: 2026-01-05T00:00:00Z\nduration: 11h\nseed: 21\n` +
        `uncertainty: { demandNoise: 0.05, roughness: 0.05 }\nleakResponse: { mode: auto }\n` +
        `events:\n  - { at: 8h, type: demand_surge, zone: DMA-C, factor: 1.15, for: 8m }\n` +
        `  - { at: 9h30m, type: pipe_burst, pipe: P-120, flowLps: 4 }\n`,
      'surge.yaml',
    );
    const { incidents, report } = await run(scenario);
    const [surge, burst] = [...incidents].sort((a, b) => a.detectedAt - b.detectedAt);
    expect(surge!.detectedAt).toBeLessThan(Date.parse('2026-01-05T08:15:00Z'));
    expect(surge!.checks.map((c) => c.outcome)).toEqual(['gone']);
    expect(surge!.state).toBe('Faded');
    expect(Math.abs(surge!.checks[0]!.dropLps!)).toBeLessThan(0.5);
    // every valve the surge's isolation closed is open again, before the burst
    const byTarget = new Map<string, string>();
    for (const c of report.commands.filter(
      (c) => c.result === 'applied' && Date.parse(c.time) < Date.parse('2026-01-05T09:30:00Z'),
    ))
      byTarget.set(c.target, c.action);
    expect([...byTarget.values()].length).toBeGreaterThan(0);
    expect([...byTarget.values()].every((a) => a === 'open')).toBe(true);
    // the detection watched again: the burst is its own incident, isolated and held
    expect(burst!.detectedAt).toBeGreaterThan(Date.parse('2026-01-05T09:30:00Z'));
    expect(burst!.detectedAt).toBeLessThan(Date.parse('2026-01-05T09:40:00Z'));
    expect(burst!.checks.at(-1)?.outcome).toBe('stopped');
  });

  // a 6 L/s burst at 8 h, the agents in auto mode: where the signature's best candidate is
  // not the burst, the search by isolation takes over
  const burstOn = (pipe: string, flowLps = 6) =>
    parseScenario(
      `name: burst search\nstart: 2026-01-05T00:00:00Z\nduration: 10h\nseed: 21\n` +
        `uncertainty: { demandNoise: 0.05, roughness: 0.05 }\nleakResponse: { mode: auto }\n` +
        `events:\n  - { at: 8h, type: pipe_burst, pipe: ${pipe}, flowLps: ${flowLps} }\n`,
      'search.yaml',
    );
  /** links the console closed and has not opened again */
  const stillShut = (commands: { target: string; action: string; result: string }[]) => {
    const shut = new Set<string>();
    for (const c of commands.filter((c) => c.result === 'applied'))
      if (c.action === 'close') shut.add(c.target);
      else if (c.action === 'open') shut.delete(c.target);
    return shut;
  };

  it('an isolation that did not change the loss is opened again, and the next three candidates are isolated together', async () => {
    const { incidents, report } = await run(burstOn('P-040'));
    const inc = incidents[0]!;
    expect(inc.candidates[0]!.pipe).not.toBe('P-040');
    expect(inc.checks.filter((c) => !c.narrowing).map((c) => [c.pipe, c.outcome])).toEqual([
      [inc.candidates[0]!.pipe, 'missed'],
      ['P-040', 'stopped'],
    ]);
    // the step test says the same: the raw inflow barely moved at the miss, fell by the 6 L/s at the hold
    expect(Math.abs(inc.checks[0]!.dropLps!)).toBeLessThan(1.5);
    expect(inc.checks[1]!.dropLps).toBeGreaterThan(4.5);
    // the hold of three candidates' segments is then narrowed down, half of it at a time,
    // until P-040's segment alone is shut and holds
    const narrowing = inc.checks.slice(2);
    expect(narrowing.length).toBeGreaterThan(0);
    expect(narrowing.every((c) => c.narrowing)).toBe(true);
    expect(narrowing.at(-1)).toMatchObject({ pipe: 'P-040', outcome: 'stopped' });
    expect(inc.heldArea).toBeUndefined();
    // the crew goes where the water said, not where the signature did: inside the segment
    // still shut
    const reported = leakReport(incidents)[0]!;
    const location = reported.location!;
    expect(location.by).toBe('isolation');
    expect(inc.isolation!.segmentPipes).toContain(location.pipe);
    expect(inc.ruledOut).not.toContain(location.pipe);
    // the report's answer is that pipe, and the signature's best, ruled out, comes last
    expect(reported.signature[0]!.pipe).toBe(inc.candidates[0]!.pipe);
    expect(reported.candidates[0]!.pipe).toBe(location.pipe);
    expect(reported.candidates.at(-1)!.pipe).toBe(inc.candidates[0]!.pipe);
    // and the work order raised on the hold says so
    expect(inc.timeline.filter((e) => e.kind === 'work-order').at(-1)!.message).toContain(
      `the crew starts at ${location.pipe}`,
    );
    expect(inc.ruledOut).toContain(inc.candidates[0]!.pipe);
    // the second isolation covered the next three candidates outside the first segment;
    // narrowed down, the segment still shut is a part of it that holds P-040
    const closing = inc.timeline.flatMap((e) => {
      const m = /^closing segment of (\d+) pipes?/.exec(e.message);
      return e.kind === 'isolation' && m ? [Number(m[1])] : [];
    });
    expect(closing.length).toBe(inc.checks.length);
    expect(closing.at(-1)).toBeLessThan(closing[1]!);
    expect(inc.isolation!.segmentPipes).toHaveLength(closing.at(-1)!);
    expect(inc.isolation!.segmentPipes).toContain('P-040');
    expect(inc.state).toBe('Isolated');
    // the first segment's customers have their water back; the second segment is shut
    const reopened = report.commands.filter((c) => c.action === 'open' && c.result === 'applied');
    expect(reopened.length).toBeGreaterThan(0);
    // (two line valves at the ends of one pipe shut one link)
    expect([...stillShut(report.commands)].sort()).toEqual(
      [...new Set(inc.isolation!.valves.map(isolationValveLink))].sort(),
    );
    expect(
      inc.timeline.some(
        (e) => e.kind === 'isolation' && /not near .*reopening .*isolating P-040/.test(e.message),
      ),
    ).toBe(true);
    expect(report.alarms.map((a) => a.type)).toContain('leak_not_stopped');
  });

  it("the fourth isolation goes past the ten candidates: P-217, 830 m from the signature's best, is found by the water", async () => {
    const { incidents, model } = await run(burstOn('P-217'));
    const inc = incidents[0]!;
    expect(inc.checks.filter((c) => !c.narrowing).map((c) => c.outcome)).toEqual([
      'missed',
      'missed',
      'missed',
      'stopped',
    ]);
    expect(inc.state).toBe('Isolated');
    expect(inc.isolation!.segmentPipes).toContain('P-217');
    // none of the ten candidates is in the segment that held: the search went down the ranking
    expect(inc.candidates.some((c) => inc.isolation!.segmentPipes.includes(c.pipe))).toBe(false);
    const g = networkGraph(model);
    expect(pipeDistance(g, inc.candidates[0]!.pipe, 'P-217')).toBeGreaterThan(SURVEY_RADIUS_M);
    // the hold of ten pipes' segments, narrowed down half at a time to P-217's own (the crew
    // started 309 m off when it was sent to the likeliest part of all ten)
    expect(inc.checks.at(-1)).toMatchObject({ pipe: 'P-217', outcome: 'stopped', narrowing: true });
    const reported = leakReport(incidents)[0]!;
    expect(reported.location).toMatchObject({ by: 'isolation' });
    expect(inc.isolation!.segmentPipes).toContain(reported.candidates[0]!.pipe);
    expect(pipeDistance(g, reported.candidates[0]!.pipe, 'P-217')).toBeLessThan(100);
  });

  it('after four isolations that missed, every valve is open again and a field survey is asked for', async () => {
    const { incidents, model, report } = await run(burstOn('P-307', 2.5));
    const inc = incidents[0]!;
    expect(inc.checks.map((c) => c.outcome)).toEqual(['missed', 'missed', 'missed', 'missed']);
    expect(inc.state).toBe('Unisolable');
    expect(inc.isolation).toBeNull();
    expect(inc.ruledOut).toEqual(expect.arrayContaining(inc.candidates.map((c) => c.pipe)));
    expect(report.commands.some((c) => c.action === 'close' && c.result === 'applied')).toBe(true);
    expect(stillShut(report.commands).size).toBe(0);
    expect(inc.timeline.filter((e) => e.kind === 'isolation').at(-1)!.message).toMatch(
      /4 isolations did not stop the loss; a field survey/,
    );
    const reported = leakReport(incidents)[0]!;
    const location = reported.location!;
    expect(reported.candidates[0]!.pipe).toBe(location.pipe);
    expect(location.by).toBe('signature');
    // the survey's work order names it, and the suspected area starts there
    expect(inc.timeline.at(-1)).toMatchObject({ kind: 'work-order' });
    expect(inc.timeline.at(-1)!.message).toContain(
      `field survey: the leak is in none of the segments isolated, the crew starts at ${location.pipe}`,
    );
    expect(inc.suspectedArea[0]).toBe(location.pipe);
    expect(inc.ruledOut).not.toContain(location.pipe);
    // at the edge of the segments tried, which the signature put round the leak: nearer the
    // burst than the signature's best
    const g = networkGraph(model);
    const signatureOff = pipeDistance(g, inc.candidates[0]!.pipe, 'P-307');
    expect(pipeDistance(g, location.pipe, 'P-307')).toBeLessThan(signatureOff);
    expect(pipeDistance(g, location.pipe, 'P-307')).toBeLessThanOrEqual(SURVEY_RADIUS_M);
  });

  it('re-plans around a stuck valve: the segment grows and more valves close', async () => {
    // the DMA valves alone, which the plant can seize (its line valves are pipes)
    const plain = (await run(burst('auto'), undefined, undefined, 'model')).incidents[0]!;
    const stuck = plain.isolation!.valves[0]!;
    const { incidents, report } = await run(
      burst('auto', `  - { at: 1h, type: valve_stuck, valve: ${stuck} }\n`),
      undefined,
      undefined,
      'model',
    );
    const inc = incidents[0]!;
    expect(inc.stuck).toEqual([stuck]);
    expect(inc.state).toBe('Isolated');
    expect(inc.isolation!.valves).not.toContain(stuck);
    expect(inc.isolation!.segmentPipes.length).toBeGreaterThan(plain.isolation!.segmentPipes.length);
    expect(report.commands).toContainEqual(
      expect.objectContaining({ target: stuck, result: expect.stringMatching(/^refused/) }),
    );
    expect(
      inc.timeline.some((e) => e.kind === 'valve' && e.from === stuck && /re-planning/.test(e.message)),
    ).toBe(true);
  });

  it("cannot see the plant's injected leak list: poisoning it after the plant is built changes nothing", async () => {
    const honest = await run(burst('auto'));
    const poisoned = await run(burst('auto'), (scenario) => {
      const trap = new Proxy([], {
        get() {
          throw new Error('the analytics read the injected leak list');
        },
      });
      (scenario as { events: unknown }).events = trap;
    });
    expect(poisoned.incidents).toEqual(honest.incidents);
  });

  it('the analytics import nothing of the simulated plant (only its unit and id tables, and how EPANET shuts a pipe)', () => {
    const root = resolve(__dirname, '../..');
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = readFileSync(file, 'utf8');
      for (const [, spec] of text.matchAll(/from '(\.[^']+)'/g)) {
        const target = resolve(dirname(file), spec!);
        visit(existsSync(`${target}.ts`) ? `${target}.ts` : join(target, 'index.ts'));
      }
    };
    const entries = [
      ...readdirSync(join(root, 'agents/analytics'))
        .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
        .map((f) => join(root, 'agents/analytics', f)),
      join(root, 'main/analytics/leak-watch.ts'),
      join(root, 'main/analytics/epanet-reference.ts'),
    ];
    entries.forEach(visit);
    const plantSide = [...seen].map((f) => relative(root, f)).filter((f) => f.startsWith('protocols/sim'));
    // units.ts converts EPANET's units to SI, element-id.ts EPANET ids to the console's (HSP#1
    // → HSP＃1): tables; epanet-links.ts shuts a check-valve pipe in any EPANET project: no
    // plant state
    expect(plantSide.sort()).toEqual([
      'protocols/sim/element-id.ts',
      'protocols/sim/epanet-links.ts',
      'protocols/sim/units.ts',
    ]);
  });

  it('`aqueduct simulate` reports the leak: when, where (ranked pipes), how much, and the isolation', async () => {
    const report = await simulateFile(join(assetsDir, 'scenarios', 'leak-burst.yaml'), { assetsDir });
    expect(report.leaks).toHaveLength(1);
    const leak = report.leaks[0]!;
    expect(Date.parse(leak.detectedAt)).toBeGreaterThanOrEqual(Date.parse('2026-01-05T08:00:00Z'));
    expect(Date.parse(leak.detectedAt)).toBeLessThanOrEqual(Date.parse('2026-01-05T08:15:00Z'));
    expect(leak.signature.length).toBeGreaterThan(1);
    const scores = leak.signature.map((c) => c.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    // the isolation held: the crew starts inside its segment, and that pipe leads the report
    expect(leak.location).toMatchObject({ by: 'isolation' });
    expect(leak.candidates[0]!.pipe).toBe(leak.location!.pipe);
    expect(leak.candidates.map((c) => c.pipe).sort()).toEqual(
      [...new Set([leak.location!.pipe, ...leak.signature.map((c) => c.pipe)])].sort(),
    );
    expect(leak.estimatedFlowLps).toBeGreaterThan(2);
    // the line valves at the ends of the burst main's segment, not the district's inlets:
    // a few customers lose supply, not a district
    expect(leak.isolation!.valves.length).toBeGreaterThan(0);
    expect(leak.isolation!.valves.every((v) => /^P-\d+@/.test(v))).toBe(true);
    expect(leak.isolation!.nodesWithoutSupply).toBeLessThan(10);
    expect(Date.parse(leak.isolation!.closedAt)).toBeGreaterThan(Date.parse(leak.detectedAt));
  });

  it('refuses, before the run, a sidecar valve layer naming a pipe the network does not have', async () => {
    const { mkdtempSync, copyFileSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'aqueduct-valves-'));
    copyFileSync(join(assetsDir, 'demo-town', 'demo-town.inp'), join(dir, 'town.inp'));
    const zones = JSON.parse(readFileSync(join(assetsDir, 'demo-town', 'demo-town.zones.json'), 'utf8'));
    const valves = [
      { pipe: 'P-120', node: 'J-0507' },
      { pipe: 'P-NOPE', node: 'J-0001' },
    ];
    writeFileSync(
      join(dir, 'town.zones.json'),
      JSON.stringify({ ...zones, leakResponse: { valveLayer: { valves } } }),
    );
    const text = 'name: x\nnetwork: town.inp\nstart: 2026-01-05T00:00:00Z\nduration: 1h\n';
    await expect(simulate(parseScenario(text, 'x.yaml'), dir, 'x.yaml', { assetsDir })).rejects.toThrow(
      'valve layer: valves[1]: no pipe "P-NOPE" in the model',
    );
  });

  it('a quiet day on the demo town raises no leak', async () => {
    const quiet = parseScenario(
      'name: quiet\nstart: 2026-01-05T00:00:00Z\nduration: 24h\nseed: 11\nuncertainty: { demandNoise: 0.05, roughness: 0.05 }\nleakResponse: { mode: auto }\n',
      'quiet.yaml',
    );
    const report = await simulate(quiet, assetsDir, 'quiet.yaml', { assetsDir });
    expect(report.leaks).toEqual([]);
  });
});
