import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AgentEvent } from '../runtime/behaviour';
import { AGENT_KINDS } from '../runtime/kinds';
import { configure, kinds } from './index';

/** the smallest valid sidecar config of each kind */
const minimal = {
  pipe: { id: 'P1', upstream: 'J1', downstream: 'J2' },
  sensor: { id: 'S1', type: 'pressure', element: 'J1' },
  pump: { id: 'PU1', inlet: 'J0', outlet: 'J1' },
  valve: { id: 'V1', upstream: 'J1', downstream: 'J2' },
  hydrant: { id: 'H1' },
  tank: { id: 'T1' },
  meter: { id: 'M1' },
  zone: { id: 'Z1', inletMeters: ['IN1'] },
  'control-center': { zones: ['Z1'] },
} as const;

describe('kind registry', () => {
  it('has every agent kind, each behaviour under its own name', () => {
    expect(Object.keys(kinds).sort()).toEqual([...AGENT_KINDS].sort());
    for (const kind of AGENT_KINDS) expect(kinds[kind].behaviour.kind).toBe(kind);
  });

  it('fills defaults into a minimal sidecar config', () => {
    const hosted = configure('tank', minimal.tank);
    expect(hosted.config).toMatchObject({ id: 'T1', minLevelM: 0, maxLevelM: 10, lowLevelM: 2.5 });
  });

  it('rejects a bad sidecar config with the path of the problem', () => {
    expect(() => configure('sensor', { id: 'S1', type: 'salinity', element: 'J1' })).toThrow(
      /sensor config: type/,
    );
    expect(() => configure('pipe', { id: 'P1', upstream: 'J1', downstream: 'J2', diameterMm: -5 })).toThrow(
      /diameterMm/,
    );
  });

  // Anything can arrive on a bus: malformed payloads, unknown topics, timers nobody set.
  const anyEvent = fc.record({
    type: fc.constantFrom('reading', 'message', 'timer', 'operator', 'tick'),
    time: fc.integer({ min: 0, max: 10 * 86_400_000 }),
    topic: fc.option(
      fc.constantFrom('reading/J1/pressure', 'reading/P1/flow', 'reading/x', 'leak_suspected'),
      {
        nil: undefined,
      },
    ),
    from: fc.option(fc.string(), { nil: undefined }),
    payload: fc.oneof(
      fc.anything(),
      fc.record({ value: fc.double(), quality: fc.constantFrom('good', 'bad'), time: fc.nat() }),
      fc.record({ key: fc.constantFrom('watchdog', 'ramp', 'report', 'kpi', 'move-timeout') }),
      fc.record({
        action: fc.constantFrom('repair', 'maintenance_start', 'calibrate', 'move'),
        position: fc.double(),
      }),
      fc.record({ type: fc.constantFrom('leak_suspected', 'move', 'start', 'hydrant_opened') }),
    ),
  });

  it.each(AGENT_KINDS)('%s never throws and stays deterministic on arbitrary events', (kind) => {
    const { behaviour, config } = configure(kind, minimal[kind]);
    fc.assert(
      fc.property(fc.array(anyEvent, { maxLength: 20 }), (events) => {
        const play = () => {
          let t = behaviour.init(config, 0);
          const all = [...t.effects];
          for (const e of [...events].sort((a, b) => a.time - b.time) as AgentEvent[]) {
            t = behaviour.handle(t.state, e, config);
            all.push(...t.effects);
          }
          return { status: behaviour.status(t.state), all };
        };
        const first = play();
        expect(play()).toEqual(first);
        expect(typeof first.status).toBe('string');
      }),
      { numRuns: 100 },
    );
  });
});
