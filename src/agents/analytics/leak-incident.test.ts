// The leak incident's transitions, as plain function calls: what each mode does on
// confirmation, how a stuck valve leads to a new plan, and the order of the collaboration.
import { describe, expect, it } from 'vitest';
import type { IsolationPlan } from './isolation-plan';
import type { NetworkModel } from '../../shared/network';
import { SURVEY_RADIUS_M, surveyPipe } from './localization';
import { networkGraph } from './network-graph';
import {
  checkIsolation,
  crewLocation,
  heldSegment,
  confirm,
  type IncidentEffect,
  type LeakIncident,
  MAX_ISOLATIONS,
  openIncident,
  SEARCH_WIDTHS,
  valveResult,
} from './leak-incident';

const ranked = [
  { pipe: 'P-2', score: 0.98, misfit: 3 },
  { pipe: 'P-3', score: 0.9, misfit: 12 },
];
const loc = {
  candidates: ranked,
  likely: ranked,
  nodes: [],
  estimatedFlowLps: 4.2,
};
const valve = (id: string) => ({ id, link: id, node: null });
const plan = (valves: string[], pipes = ['P-2']): IsolationPlan => ({
  pipe: 'P-2',
  segmentPipes: pipes,
  segmentNodes: ['J-2'],
  valves: valves.map(valve),
  nodesWithoutSupply: ['J-2'],
});
const channels = [{ sensor: 'S-J-1-pressure', evidence: 20, shift: -0.4 }];

describe('leak incident', () => {
  it('tells the story in order: sensor → pipe → zone → control center, with an alert for the operator', () => {
    const { incident, effects } = openIncident('LEAK-1', 'DMA-1', 'auto', 1000, channels, loc, ['P-2']);
    expect(incident.timeline.map((e) => [e.from, e.to, e.kind])).toEqual([
      ['S-J-1-pressure', 'P-2', 'residual'],
      ['P-2', 'DMA-1', 'suspect'],
      ['DMA-1', 'control-center', 'localized'],
    ]);
    expect(effects.filter((e) => e.type === 'publish').map((e) => (e as { topic: string }).topic)).toEqual([
      'leak/LEAK-1/residual',
      'leak/LEAK-1/suspect',
      'leak/LEAK-1/localized',
      'leak/LEAK-1/incident',
    ]);
    expect(effects).toContainEqual(
      expect.objectContaining({ type: 'alert', alertType: 'leak_detected', from: 'DMA-1' }),
    );
  });

  it('auto closes the valves; advise proposes; off only reports', () => {
    const opened = (mode: 'auto' | 'advise' | 'off') =>
      openIncident('LEAK-1', 'DMA-1', mode, 1000, channels, loc, ['P-2']).incident;
    const auto = confirm(opened('auto'), 2000, loc, plan(['V-1', 'V-2']));
    expect(auto.incident.state).toBe('Isolating');
    expect(
      auto.effects.filter((e) => e.type === 'close').map((e) => (e as { valve: { id: string } }).valve.id),
    ).toEqual(['V-1', 'V-2']);
    const advise = confirm(opened('advise'), 2000, loc, plan(['V-1', 'V-2']));
    expect(advise.incident.state).toBe('Proposed');
    expect(advise.effects.some((e) => e.type === 'close')).toBe(false);
    expect(advise.effects).toContainEqual(
      expect.objectContaining({ type: 'alert', alertType: 'isolation_proposed' }),
    );
    const off = confirm(opened('off'), 2000, loc, plan(['V-1']));
    expect(off.incident.state).toBe('Confirmed');
    expect(off.incident.isolation).toMatchObject({ valves: ['V-1'], closedAt: null });
    expect(off.effects.some((e) => e.type === 'close' || e.type === 'alert')).toBe(false);
    const none = confirm(opened('auto'), 2000, loc, null);
    expect(none.incident.state).toBe('Unisolable');
  });

  /** auto mode, V-1 and V-2 asked to close round P-2, V-1 has */
  const v1ShutV2Pending = () =>
    valveResult(
      confirm(
        openIncident('LEAK-1', 'DMA-1', 'auto', 0, channels, loc, []).incident,
        60_000,
        loc,
        plan(['V-1', 'V-2']),
      ).incident,
      61_000,
      'V-1',
      'applied',
      () => null,
    );

  it('re-plans without a stuck valve, closing only the valves the new plan adds', () => {
    let step = v1ShutV2Pending();
    expect(step.incident.pending).toEqual(['V-2']);
    const asked: string[][] = [];
    step = valveResult(step.incident, 62_000, 'V-2', 'refused: V-2 does not move (valve stuck)', (stuck) => {
      asked.push([...stuck]);
      return plan(['V-1', 'V-3', 'V-4'], ['P-2', 'P-9']);
    });
    expect(asked).toEqual([['V-2']]);
    expect(
      step.effects.filter((e) => e.type === 'close').map((e) => (e as { valve: { id: string } }).valve.id),
    ).toEqual(['V-3', 'V-4']);
    step = valveResult(step.incident, 63_000, 'V-3', 'applied', () => null);
    step = valveResult(step.incident, 64_000, 'V-4', 'applied', () => null);
    expect(step.incident.state).toBe('Isolated');
    expect(step.incident.isolation).toMatchObject({
      valves: ['V-1', 'V-3', 'V-4'],
      closedAt: 64_000,
      segmentPipes: ['P-2', 'P-9'],
    });
    expect(step.incident.timeline.at(-1)).toMatchObject({ kind: 'work-order', to: 'control-center' });
  });

  it('a re-plan that finds no valves opens again what this isolation shut: nobody stays cut off for nothing', () => {
    let step = v1ShutV2Pending();
    step = valveResult(step.incident, 62_000, 'V-2', 'refused: V-2 does not move (valve stuck)', () => null);
    expect(step.incident.state).toBe('Unisolable');
    expect(step.incident.isolation).toBeNull();
    expect(
      step.effects.filter((e) => e.type === 'open').map((e) => (e as { valve: { id: string } }).valve.id),
    ).toEqual(['V-1']);
    expect(step.effects).toContainEqual(
      expect.objectContaining({ type: 'alert', alertType: 'leak_unisolable' }),
    );
    expect(step.incident.timeline.at(-1)!.message).toMatch(/reopening V-1: no valves left can isolate/);
  });

  it('a re-plan whose valves are all shut already isolates at once (the stuck valve only bounded a dead end)', () => {
    // Micropolis: a hydrant lateral's valve the plant cannot close (EPANET's check-valve
    // pipe); the segment takes the lateral in and needs no other valve. It used to wait in
    // Isolating for a valve result that never came
    let step = v1ShutV2Pending();
    step = valveResult(step.incident, 62_000, 'V-2', 'refused: EPANET Error 207', () =>
      plan(['V-1'], ['P-2', 'HC-1']),
    );
    expect(step.effects.some((e) => e.type === 'close')).toBe(false);
    expect(step.incident.state).toBe('Isolated');
    expect(step.incident.pending).toEqual([]);
    expect(step.incident.isolation).toMatchObject({
      valves: ['V-1'],
      closedAt: 62_000,
      segmentPipes: ['P-2', 'HC-1'],
    });
    expect(step.incident.timeline.map((e) => e.kind).slice(-2)).toEqual(['isolation', 'work-order']);
    expect(step.effects).toContainEqual(
      expect.objectContaining({ type: 'alert', alertType: 'leak_isolated' }),
    );
  });
});

describe('leak incident: the isolation check', () => {
  // isolated in auto mode on P-2 behind V-1 and V-2, an estimated 4.2 L/s lost before
  const isolated = () => {
    let inc = confirm(
      openIncident('LEAK-1', 'DMA-1', 'auto', 1000, channels, loc, ['P-2']).incident,
      2000,
      loc,
      plan(['V-1', 'V-2']),
    ).incident;
    for (const v of ['V-1', 'V-2']) inc = valveResult(inc, 3000, v, 'applied', () => null).incident;
    expect(inc.state).toBe('Isolated');
    return inc;
  };
  const next = (pipe: string, valves: string[]) => (pipes: readonly string[]) =>
    pipes[0] === pipe ? { ...plan(valves, [pipe]), pipe } : null;
  const ofType = (effects: IncidentEffect[], type: string) =>
    effects.flatMap((e) => (e.type === type ? [(e as { valve: { id: string } }).valve.id] : []));

  it('holds when the loss stopped: no valve moves', () => {
    const { incident, effects } = checkIsolation(
      isolated(),
      { time: 4000, lossLps: 0.2 },
      next('P-3', ['V-2', 'V-3']),
    );
    expect(incident.state).toBe('Isolated');
    expect(incident.checks).toEqual([
      { time: 4000, pipe: 'P-2', closedAt: 3000, lossLps: 0.2, outcome: 'stopped' },
    ]);
    expect(effects.some((e) => e.type === 'open' || e.type === 'close' || e.type === 'alert')).toBe(false);
  });

  it('a hold sends the work order to where the crew starts in the segment shut', () => {
    const crew = { pipe: 'P-2', by: 'isolation' as const };
    const { incident } = checkIsolation(isolated(), { time: 4000, lossLps: 0.2 }, undefined, () => crew);
    expect(incident.timeline.at(-1)).toMatchObject({ kind: 'work-order', from: 'DMA-1' });
    expect(incident.timeline.at(-1)!.message).toMatch(/repair there, the crew starts at P-2, about 4.2 L\/s/);
    // a check that missed, the search going on, sends no crew
    const locate = () => crew;
    const missed = checkIsolation(
      isolated(),
      { time: 4000, lossLps: 4.0 },
      next('P-3', ['V-2', 'V-3']),
      locate,
    ).incident;
    expect(missed.state).toBe('Isolating');
    expect(missed.timeline.filter((e) => e.kind === 'work-order').length).toBe(
      isolated().timeline.filter((e) => e.kind === 'work-order').length,
    );
  });

  it('a loss that barely changed rules the segment out: its valves reopen and the next candidate is isolated', () => {
    const { incident, effects } = checkIsolation(
      isolated(),
      { time: 4000, lossLps: 4.0 },
      next('P-3', ['V-2', 'V-3']),
    );
    expect(incident.ruledOut).toEqual(['P-2']);
    expect(incident.suspectedArea).toEqual(['P-3']);
    expect(incident.checks.map((c) => c.outcome)).toEqual(['missed']);
    expect(incident.state).toBe('Isolating');
    // V-2 bounds the new segment too: it stays shut; V-1 reopens, V-3 closes
    expect(ofType(effects, 'open')).toEqual(['V-1']);
    expect(ofType(effects, 'close')).toEqual(['V-3']);
    expect(incident.pending).toEqual(['V-3']);
    expect(effects).toContainEqual(expect.objectContaining({ type: 'alert', alertType: 'leak_not_stopped' }));
    const done = valveResult(incident, 5000, 'V-3', 'applied', () => null).incident;
    expect(done.state).toBe('Isolated');
    expect(done.timeline.at(-1)?.message).toMatch(/leak near P-3 isolated|repair near P-3/);
  });

  it(`gives up after ${MAX_ISOLATIONS} isolations, or with no candidate left: every valve reopens`, () => {
    // no candidate outside the ruled-out pipes
    const none = checkIsolation(isolated(), { time: 4000, lossLps: 4.0 }, () => null);
    expect(none.incident.state).toBe('Unisolable');
    expect(none.incident.isolation).toBeNull();
    expect(ofType(none.effects, 'open').sort()).toEqual(['V-1', 'V-2']);
    expect(none.incident.timeline.at(-1)?.message).toMatch(/field survey/);
    // a plan always there: the search still ends
    let inc = isolated();
    for (let k = 1; k <= MAX_ISOLATIONS; k++) {
      const step = checkIsolation(inc, { time: 4000 * k, lossLps: 4.0 }, () => ({
        ...plan([`V-${k + 10}`], [`P-${k + 10}`]),
        pipe: `P-${k + 10}`,
      }));
      inc = step.incident;
      for (const v of inc.pending) inc = valveResult(inc, 4000 * k + 1, v, 'applied', () => null).incident;
    }
    expect(inc.checks).toHaveLength(MAX_ISOLATIONS);
    expect(inc.state).toBe('Unisolable');
  });

  it('each isolation after a miss covers more of the likeliest pipes: the best alone, then the next three, six, ten', () => {
    // the signature's longer ranking, past the ten candidates it reports
    const likely = Array.from({ length: 22 }, (_, k) => ({ pipe: `P-${k + 2}`, score: 0.9, misfit: k }));
    let inc: LeakIncident = { ...isolated(), candidates: likely.slice(0, 10), likely };
    const asked: string[][] = [];
    for (let k = 1; k < MAX_ISOLATIONS; k++) {
      inc = checkIsolation(inc, { time: 4000 * k, lossLps: 4.0 }, (pipes) => {
        asked.push([...pipes]);
        return { ...plan([`V-${k + 10}`], [...pipes]), pipe: pipes[0]! };
      }).incident;
      for (const v of inc.pending) inc = valveResult(inc, 4000 * k + 1, v, 'applied', () => null).incident;
    }
    expect(SEARCH_WIDTHS).toEqual([1, 3, 6, 10]);
    const pipes = (from: number, n: number) => likely.slice(from, from + n).map((r) => r.pipe);
    expect(asked).toEqual([pipes(1, 3), pipes(4, 6), pipes(10, 10)]);
    expect(inc.ruledOut).toEqual(pipes(0, 10));
    // the last isolation misses too: the twenty likeliest pipes are ruled out, and the field
    // survey starts among the pipes left
    const given = checkIsolation(inc, { time: 20_000, lossLps: 4.0 }, () => null).incident;
    expect(given.state).toBe('Unisolable');
    expect(given.ruledOut).toEqual(pipes(0, 20));
    expect(given.suspectedArea).toEqual(pipes(20, 2));
    // every ranked pipe ruled out: round the signature's best (the leak is near them, only
    // not inside the segments tried)
    const short = { ...inc, likely: likely.slice(0, 20) };
    expect(checkIsolation(short, { time: 20_000, lossLps: 4.0 }, () => null).incident.suspectedArea).toEqual(
      pipes(0, 3),
    );
  });

  it('a search given up sends the field survey where the crew starts, with a work order', () => {
    // crewLocation would pick a pipe next to the segments tried (here P-7); the zone asks it
    const asked: LeakIncident[] = [];
    const locate = (i: LeakIncident) => (asked.push(i), { pipe: 'P-7', by: 'signature' as const });
    const { incident, effects } = checkIsolation(
      isolated(),
      { time: 4000, lossLps: 4.0 },
      () => null,
      locate,
    );
    // asked once the segment tried is ruled out and its valves are to reopen
    expect(asked.map((i) => [i.state, i.ruledOut])).toEqual([['Unisolable', ['P-2']]]);
    expect(incident.suspectedArea[0]).toBe('P-7');
    const order = incident.timeline.at(-1)!;
    expect(order).toMatchObject({ kind: 'work-order', from: 'DMA-1', to: 'control-center' });
    expect(order.message).toMatch(/field survey: .*the crew starts at P-7 \(300 m around\), about 4\.2 L\/s/);
    expect(effects).toContainEqual(
      expect.objectContaining({
        type: 'publish',
        topic: 'leak/LEAK-1/work-order',
        payload: expect.objectContaining({ location: expect.objectContaining({ pipe: 'P-7' }) }),
      }),
    );
    // and without a location, the search still ends: no work order of its own
    const none = checkIsolation(isolated(), { time: 4000, lossLps: 4.0 }, () => null).incident;
    expect(none.timeline.filter((e) => e.kind === 'work-order')).toHaveLength(
      isolated().timeline.filter((e) => e.kind === 'work-order').length,
    );
  });

  it('a loss that fell by a good part keeps the valves shut: the segment held a leak, something else loses too', () => {
    const { incident, effects } = checkIsolation(
      isolated(),
      { time: 4000, lossLps: 1.8 },
      next('P-3', ['V-3']),
    );
    expect(incident.state).toBe('Isolated');
    expect(incident.checks.map((c) => c.outcome)).toEqual(['partial']);
    expect(incident.ruledOut).toEqual([]);
    expect(effects.some((e) => e.type === 'open' || e.type === 'close')).toBe(false);
    expect(effects).toContainEqual(expect.objectContaining({ type: 'alert', alertType: 'leak_not_stopped' }));
  });

  it('a loss that did not fall is no hold, however small: a leak ramping up from 0.3 L/s is not near the pipe shut', () => {
    const small = { ...isolated(), estimatedFlowLps: 0.3 };
    const { incident, effects } = checkIsolation(small, { time: 4000, lossLps: 0.4 }, next('P-3', ['V-3']));
    expect(incident.checks.map((c) => c.outcome)).toEqual(['missed']);
    expect(incident.estimatedFlowLps).toBe(0.4);
    expect(ofType(effects, 'close')).toEqual(['V-3']);
    // the same loss, fallen from 4.2 L/s: that is what a hold looks like
    expect(checkIsolation(isolated(), { time: 4000, lossLps: 0.4 }).incident.checks[0]!.outcome).toBe(
      'stopped',
    );
  });

  /** a first check of `inc` reading `lossLps` against the learned miss and `dropLps` as a step */
  const stepChecked = (inc: LeakIncident, lossLps: number, dropLps?: number) =>
    checkIsolation(inc, { time: 4000, lossLps, dropLps }, next('P-3', ['V-3']));

  it("a later isolation's step is weighed against the leak it could see stop: the estimate when the search began, not one a missed isolation swelled", () => {
    // the search's estimate is 4.2 L/s after a miss that read the leak swollen; stepping from
    // before the first isolation, the leak was 2.4 then
    const step = (dropLps: number) =>
      checkIsolation(
        isolated(),
        { time: 4000, lossLps: 0.2, dropLps, stepLeakLps: 2.4 },
        next('P-3', ['V-3']),
      ).incident.checks[0]!.outcome;
    expect(step(1.0)).toBe('stopped'); // over a third of 2.4 (under a third of 4.2)
    expect(step(0.6)).toBe('missed');
    // without it, the estimate is what the step is weighed against
    expect(stepChecked(isolated(), 0.2, 1.0).incident.checks[0]!.outcome).toBe('missed');
  });

  it('the step test overrules the learned miss: a raw inflow that barely fell means the leak is not in the segment', () => {
    // 1.8 L/s left of 4.2 reads partial, 0.2 stopped, against the miss learned before the leak;
    // the raw balance fell by 0.5 L/s from the minutes before the shut: nothing leaking stopped
    for (const loss of [1.8, 0.2]) {
      const { incident, effects } = stepChecked(isolated(), loss, 0.5);
      expect(incident.checks.map((c) => c.outcome)).toEqual(['missed']);
      expect(incident.ruledOut).toContain('P-2');
      expect(ofType(effects, 'close')).toEqual(['V-3']);
      expect(incident.timeline.find((e) => e.kind === 'check')?.message).toContain('fell by only 0.5 L/s');
    }
    // a drop of a third of the estimate or more leaves the learned reading its say
    const fell = (drop: number | undefined, loss: number) =>
      stepChecked(isolated(), loss, drop).incident.checks[0]!.outcome;
    expect(fell(1.5, 1.8)).toBe('partial');
    expect(fell(3.9, 0.2)).toBe('stopped');
    expect(fell(undefined, 1.8)).toBe('partial');
    // a recheck (the valves long shut) has no step to compare: the drop is not heard
    const hold = checkIsolation(isolated(), { time: 4000, lossLps: 0.2 }).incident;
    expect(
      checkIsolation(hold, { time: 9000, lossLps: 3.5, recheck: true, dropLps: 0 }).incident.checks.at(-1)!
        .outcome,
    ).toBe('partial');
  });

  it('a small loss neither reading finds is gone: the valves reopen, the incident fades and no search follows', () => {
    const small = { ...isolated(), estimatedFlowLps: 0.9 };
    const { incident, effects } = stepChecked(small, 0.2, 0.1);
    expect(incident.checks.map((c) => c.outcome)).toEqual(['gone']);
    expect(incident.state).toBe('Faded');
    expect(incident.isolation).toBeNull();
    expect(ofType(effects, 'open')).toEqual(small.isolation!.valves);
    expect(ofType(effects, 'close')).toEqual([]);
    expect(incident.timeline.find((e) => e.kind === 'check')?.message).toMatch(
      /0.9 L\/s the detection read is gone/,
    );
    // the same readings of a 4.2 L/s leak: too big to have vanished, the search goes on
    expect(stepChecked(isolated(), 0.2, 0.1).incident.state).toBe('Isolating');
    // and a small loss the step saw stop (or with no step reading) is a hold
    expect(stepChecked(small, 0.2, 0.8).incident.checks[0]!.outcome).toBe('stopped');
    expect(stepChecked(small, 0.2).incident.checks[0]!.outcome).toBe('stopped');
  });

  describe('a hold of several segments is narrowed down, half of it at a time (a step test)', () => {
    // segments in a row, S1 … S7, between the valves W-0 … W-7: S1 holds P-2, S2 P-3 and
    // P-4, S3 P-5, S4 P-6, then P-7, P-8, P-9 one each; the signature ranks P-2, P-3, P-5,
    // P-6, P-4, P-7, P-8, P-9
    const segments = [['P-2'], ['P-3', 'P-4'], ['P-5'], ['P-6'], ['P-7'], ['P-8'], ['P-9']];
    const likely = ['P-2', 'P-3', 'P-5', 'P-6', 'P-4', 'P-7', 'P-8', 'P-9'].map((pipe, k) => ({
      pipe,
      score: 0.9,
      misfit: k,
    }));
    const planned: string[][] = [];
    const rows = (pipes: readonly string[]) =>
      segments.flatMap((s, k) => (s.some((p) => pipes.includes(p)) ? [k] : []));
    const next = (pipes: readonly string[]): IsolationPlan | null => {
      const shut = rows(pipes);
      if (shut.length === 0) return null;
      planned.push([...pipes]);
      // a row's boundary: the valve before its first segment and after its last, and
      // between a segment shut and one not
      const valves = segments
        .map((_, w) => w)
        .concat(segments.length)
        .filter((w) => shut.includes(w - 1) !== shut.includes(w));
      return {
        ...plan(
          valves.map((w) => `W-${w}`),
          shut.flatMap((k) => segments[k]!),
        ),
        pipe: pipes[0]!,
      };
    };
    /** isolated on all four segments (a search's wider turn), 4.2 L/s lost before */
    const wide = () => {
      let inc = confirm(
        openIncident('LEAK-1', 'DMA-1', 'auto', 1000, channels, { ...loc, likely }, ['P-2']).incident,
        2000,
        { ...loc, likely },
        next(['P-2', 'P-3', 'P-5', 'P-6']),
      ).incident;
      for (const v of ['W-0', 'W-4']) inc = valveResult(inc, 3000, v, 'applied', () => null).incident;
      expect(inc.state).toBe('Isolated');
      return inc;
    };
    const shutAll = (inc: LeakIncident, time: number) => {
      for (const v of inc.pending) inc = valveResult(inc, time, v, 'applied', () => null).incident;
      expect(inc.state).toBe('Isolated');
      return inc;
    };
    const crew = (i: LeakIncident) => ({ pipe: heldSegment(i)[0] ?? '', by: 'isolation' as const });

    it('keeps the likeliest half shut, then its rest when that misses, and sends the crew to the one segment that holds', () => {
      // the hold: S1 and S2 stay shut (W-0 and the new W-2), S3 and S4 reopen (W-4)
      const halved = checkIsolation(wide(), { time: 4000, lossLps: 0.1 }, next, crew);
      expect(halved.incident.checks.map((c) => [c.outcome, c.narrowing ?? false])).toEqual([
        ['stopped', false],
      ]);
      expect(halved.incident.state).toBe('Isolating');
      expect(ofType(halved.effects, 'open')).toEqual(['W-4']);
      expect(ofType(halved.effects, 'close')).toEqual(['W-2']);
      expect(halved.incident.suspectedArea).toEqual(['P-2', 'P-3', 'P-4']);
      expect(heldSegment(halved.incident)).toEqual(['P-2', 'P-3', 'P-4', 'P-5', 'P-6']);
      expect(halved.incident.timeline.at(-2)!.message).toMatch(/narrowing them down: reopening W-4/);
      // no work order while the hold is narrowed: the crew is not sent to four segments
      expect(halved.incident.timeline.filter((e) => e.kind === 'work-order')).toHaveLength(1);
      // that half missed: the leak is in S3 or S4; S3 (P-5, the likelier) is shut alone
      const rest = checkIsolation(shutAll(halved.incident, 5000), { time: 6000, lossLps: 4.1 }, next, crew);
      expect(rest.incident.checks.at(-1)).toMatchObject({ outcome: 'missed', narrowing: true, pipe: 'P-2' });
      expect(rest.incident.ruledOut).toEqual(['P-2', 'P-3', 'P-4']);
      expect(heldSegment(rest.incident)).toEqual(['P-5', 'P-6']);
      expect(ofType(rest.effects, 'open')).toEqual(['W-0']);
      expect(ofType(rest.effects, 'close')).toEqual(['W-3']);
      // a narrowing miss is half of the step test, not a failed search: no P1 alert
      expect(rest.effects.some((e) => e.type === 'alert' && e.priority === 1)).toBe(false);
      // S3 holds: one segment, nothing left to narrow; the work order sends the crew there
      const held = checkIsolation(shutAll(rest.incident, 7000), { time: 8000, lossLps: 0.2 }, next, crew);
      expect(held.incident.checks.at(-1)).toMatchObject({ outcome: 'stopped', narrowing: true, pipe: 'P-5' });
      expect(held.incident.state).toBe('Isolated');
      expect(held.incident.heldArea).toBeUndefined();
      expect(held.incident.isolation!.segmentPipes).toEqual(['P-5']);
      expect(heldSegment(held.incident)).toEqual(['P-5']);
      expect(held.incident.timeline.at(-1)!.message).toMatch(/repair there, the crew starts at P-5/);
      // two work orders in all: the wide isolation's, and the one segment's that held (the
      // narrowing's isolations raise none, nor a leak_isolated alert each)
      expect(held.incident.timeline.filter((e) => e.kind === 'work-order')).toHaveLength(2);
      expect(held.effects.some((e) => e.type === 'open' || e.type === 'close')).toBe(false);
    });

    it('a hold of one segment is not narrowed: its work order follows at once', () => {
      const one = checkIsolation(isolated(), { time: 4000, lossLps: 0.1 }, next, crew);
      expect(one.incident.state).toBe('Isolated');
      expect(one.incident.heldArea).toBeUndefined();
      expect(one.incident.timeline.at(-1)!.kind).toBe('work-order');
    });

    it('a narrowing that finds the leak in no part of the hold gives the search its turn back', () => {
      planned.length = 0;
      let inc = checkIsolation(wide(), { time: 4000, lossLps: 0.1 }, next).incident; // S1, S2 shut
      inc = checkIsolation(shutAll(inc, 5000), { time: 6000, lossLps: 4.1 }, next).incident; // missed: S3 shut
      inc = checkIsolation(shutAll(inc, 7000), { time: 8000, lossLps: 4.1 }, next).incident; // missed: S4 shut
      inc = checkIsolation(shutAll(inc, 9000), { time: 10_000, lossLps: 4.1 }, next).incident; // missed: nothing left
      expect(inc.checks.map((c) => c.narrowing ?? false)).toEqual([false, true, true, true]);
      expect(inc.heldArea).toBeUndefined();
      expect(heldSegment(inc)).toEqual([]);
      // the hold was not this leak's: the search goes on with its second turn, the next
      // three pipes the isolations left
      expect(inc.state).toBe('Isolating');
      expect(planned.at(-1)).toEqual(['P-7', 'P-8', 'P-9']);
      expect(inc.isolation!.segmentPipes).toEqual(['P-7', 'P-8', 'P-9']);
    });

    it('a partial loss while narrowing stops there: the valves stay shut and the crew searches the whole hold', () => {
      const halved = checkIsolation(wide(), { time: 4000, lossLps: 0.1 }, next).incident;
      const { incident, effects } = checkIsolation(shutAll(halved, 5000), { time: 6000, lossLps: 2.0 }, next);
      expect(incident.checks.at(-1)).toMatchObject({ outcome: 'partial', narrowing: true });
      expect(incident.state).toBe('Isolated');
      expect(effects.some((e) => e.type === 'open' || e.type === 'close')).toBe(false);
      expect(heldSegment(incident)).toEqual(['P-2', 'P-3', 'P-4', 'P-5', 'P-6']);
      expect(effects).toContainEqual(
        expect.objectContaining({ type: 'alert', alertType: 'leak_not_stopped' }),
      );
    });
  });

  describe('the valves stay shut and the balance is watched on', () => {
    const held = (estimatedFlowLps: number) =>
      checkIsolation({ ...isolated(), estimatedFlowLps }, { time: 4000, lossLps: 0.1 }).incident;

    it('a hold too small to tell (0.3 L/s) that loses 1.4 L/s later was a leak elsewhere ramping up: the search goes on', () => {
      const { incident, effects } = checkIsolation(
        held(0.3),
        { time: 9000, lossLps: 1.4, recheck: true },
        next('P-3', ['V-3']),
      );
      expect(incident.checks.map((c) => c.outcome)).toEqual(['stopped', 'missed']);
      expect(incident.timeline.find((e) => e.time === 9000 && e.kind === 'check')?.message).toMatch(
        /loss came back, 1.4 L\/s with the valves still shut: about 0.3 L\/s was too little to check/,
      );
      expect(incident.ruledOut).toEqual(['P-2']);
      expect(incident.estimatedFlowLps).toBe(1.4);
      expect(ofType(effects, 'open')).toEqual(['V-1', 'V-2']);
      expect(ofType(effects, 'close')).toEqual(['V-3']);
    });

    it('a clear hold (4.2 L/s) that loses water again keeps its valves shut and tells the operator', () => {
      const { incident, effects } = checkIsolation(
        held(4.2),
        { time: 9000, lossLps: 3.5, recheck: true },
        next('P-3', ['V-3']),
      );
      expect(incident.checks.map((c) => c.outcome)).toEqual(['stopped', 'partial']);
      expect(incident.ruledOut).toEqual([]);
      expect(effects.some((e) => e.type === 'open' || e.type === 'close')).toBe(false);
      expect(effects).toContainEqual(
        expect.objectContaining({
          type: 'alert',
          alertType: 'leak_not_stopped',
          message: expect.stringMatching(/lost again/),
        }),
      );
    });

    it('the water locates the leak in the held segment until a check says it missed', () => {
      const hold = held(4.2);
      expect(heldSegment(isolated())).toEqual([]);
      expect(heldSegment(hold)).toEqual(hold.isolation!.segmentPipes);
      expect(heldSegment(checkIsolation(hold, { time: 9000, lossLps: 3.5, recheck: true }).incident)).toEqual(
        hold.isolation!.segmentPipes,
      );
      const missed = checkIsolation(
        held(0.3),
        { time: 9000, lossLps: 1.4, recheck: true },
        next('P-3', ['V-3']),
      ).incident;
      expect(heldSegment(missed)).toEqual([]);
    });

    it('only a hold is watched on: a recheck after a partial loss changes nothing', () => {
      const partial = checkIsolation(isolated(), { time: 4000, lossLps: 1.8 }).incident;
      expect(
        checkIsolation(partial, { time: 9000, lossLps: 3.0, recheck: true }, next('P-3', ['V-3'])),
      ).toEqual({
        incident: partial,
        effects: [],
      });
    });
  });
});

/** a street of ten 100 m pipes, P-1 … P-10, west to east */
function street(): NetworkModel {
  const node = (i: number) => ({
    id: `J-${i}`,
    kind: 'junction' as const,
    x: 100 * i,
    y: 0,
    elevation: 0,
    baseDemand: 0.1,
    hydrant: false,
    zone: 'DMA-1',
    tank: null,
  });
  return {
    loadId: 'street',
    name: 'street',
    title: '',
    sourceUnits: 'LPS',
    hydraulicStep: 60,
    syntheticLayout: false,
    nodes: Array.from({ length: 11 }, (_, i) => node(i)),
    links: Array.from({ length: 10 }, (_, i) => ({
      id: `P-${i + 1}`,
      kind: 'pipe' as const,
      valveType: null,
      from: `J-${i}`,
      to: `J-${i + 1}`,
      length: 100,
      diameter: 100,
      vertices: [],
      standby: false,
    })),
    zones: [{ id: 'DMA-1', name: 'DMA-1', inlets: [] }],
  };
}

describe('where the crew goes', () => {
  const g = networkGraph(street());
  // the signature's best, P-1, lies alone at the west end; P-6, P-7 and P-8 are nearly as likely
  const likely = [
    { pipe: 'P-1', score: 0.99, misfit: 0 },
    { pipe: 'P-7', score: 0.98, misfit: 0.4 },
    { pipe: 'P-6', score: 0.98, misfit: 0.5 },
    { pipe: 'P-8', score: 0.98, misfit: 0.5 },
  ];

  it('starts the survey where most of the likelihood lies within reach, not at a lone best', () => {
    const all = likely.map((r) => r.pipe);
    expect(SURVEY_RADIUS_M).toBe(300);
    expect(surveyPipe(g, likely, all)).toBe('P-7');
    // P-6 … P-8 ruled out: the lone best is what is left
    expect(surveyPipe(g, likely, ['P-1'])).toBe('P-1');
    // a shorter reach than the cluster's span still picks its middle; one pipe's reach, the best
    expect(surveyPipe(g, likely, all, all, 100)).toBe('P-7');
    expect(surveyPipe(g, likely, all, all, 50)).toBe('P-1');
    // among pipes the ranking does not list, every one counts alike: where most of them are
    expect(surveyPipe(g, likely, ['P-2', 'P-9', 'P-10'])).toBe('P-9');
    expect(surveyPipe(g, likely, [])).toBeUndefined();
  });

  const opened = openIncident(
    'LEAK-1',
    'DMA-1',
    'auto',
    1000,
    channels,
    { candidates: likely.slice(0, 2), likely, nodes: [], estimatedFlowLps: 4.2 },
    ['P-1'],
  ).incident;

  it('goes where the likelihood is before any isolation, and nowhere the water ruled out', () => {
    expect(crewLocation(opened, g)).toEqual({ pipe: 'P-7', by: 'signature' });
    expect(crewLocation({ ...opened, ruledOut: ['P-5', 'P-6', 'P-7', 'P-8'] }, g)).toEqual({
      pipe: 'P-1',
      by: 'signature',
    });
    // every ranked pipe ruled out: round the signature's best, where a field survey starts
    expect(crewLocation({ ...opened, ruledOut: likely.map((r) => r.pipe) }, g)).toEqual({
      pipe: 'P-1',
      by: 'signature',
    });
    expect(crewLocation({ ...opened, candidates: [], likely: [] }, g)).toBeNull();
  });

  it('goes inside the segment a standing hold shut, to its likeliest part', () => {
    const hold = {
      ...opened,
      state: 'Isolated' as const,
      isolation: {
        valves: ['V-1'],
        segmentPipes: ['P-1', 'P-2', 'P-3', 'P-4', 'P-5'],
        nodesWithoutSupply: 4,
        closedAt: 2000,
      },
      checks: [{ time: 3000, pipe: 'P-1', closedAt: 2000, lossLps: 0.1, outcome: 'stopped' as const }],
    };
    expect(crewLocation(hold, g)).toEqual({ pipe: 'P-1', by: 'isolation' });
    // a segment the ranking barely reaches: the likelihood inside it decides
    const east = { ...hold, isolation: { ...hold.isolation, segmentPipes: ['P-8', 'P-9', 'P-10'] } };
    expect(crewLocation(east, g)).toEqual({ pipe: 'P-8', by: 'isolation' });
  });
});
