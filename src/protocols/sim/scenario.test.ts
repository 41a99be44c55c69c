import { describe, expect, it } from 'vitest';
import { parseDuration, parseScenario, ScenarioError } from './scenario';

const yaml = `name: Night pump trip
network: demo
start: 2026-01-05T00:00:00Z
duration: 6h
hydraulicStep: 30s
seed: 7
sensors:
  pressure: [J-1000, J-2000]
  flow: auto
noise: { pressure: 0.05, flow: 0.02 }
events:
  - { at: 1h, type: pump_trip, pump: PU-1 }
  - { at: 90m, type: sensor_fault, sensor: S-J-1000-pressure, mode: offline }
  - { at: 2h, type: leak, pipe: P-12, flowLps: 4, rampHours: 1 }
`;

describe('scenario files', () => {
  it('reads YAML with durations, defaults and typed events', () => {
    const s = parseScenario(yaml, 'night.yaml');
    expect(s).toMatchObject({
      name: 'Night pump trip',
      start: Date.UTC(2026, 0, 5),
      duration: 6 * 3600,
      hydraulicStep: 30,
      seed: 7,
      speed: 'max',
      noise: { pressure: 0.05, flow: 0.02, level: 0.01 },
      uncertainty: { demandNoise: 0, roughness: 0 },
    });
    expect(s.sensors).toEqual({ pressure: ['J-1000', 'J-2000'], flow: 'auto', level: 'auto', period: 60 });
    expect(s.events.map((e) => [e.at, e.type])).toEqual([
      [3600, 'pump_trip'],
      [5400, 'sensor_fault'],
      [7200, 'leak'],
    ]);
  });

  it('reads the same scenario as JSON', () => {
    const json = JSON.stringify({
      name: 'x',
      start: '2026-01-05T00:00:00+01:00',
      duration: 3600,
      events: [{ at: 0, type: 'pump_trip', pump: 'P1' }],
    });
    expect(parseScenario(json, 'x.json')).toMatchObject({ start: Date.UTC(2026, 0, 4, 23), duration: 3600 });
  });

  it.each([
    ['a YAML syntax error', 'name: x\nstart: [unclosed\n', /^bad\.yaml: line \d+: /],
    ['a missing start', 'name: x\nduration: 1h\n', /line 1 \(start\)/],
    [
      'a bad duration',
      'name: x\nstart: 2026-01-05T00:00:00Z\nduration: 6 hours\n',
      /line 3 \(duration\): "6 hours" is not a duration/,
    ],
    ['an unknown event type', yaml.replace('pump_trip', 'pump_explodes'), /line 12 \(events\[0\]\.type\)/],
    [
      'a leak with both pipe and node',
      yaml.replace('pipe: P-12', 'pipe: P-12, node: J-1'),
      /line 14 \(events\[2\]\): a leak needs exactly one/,
    ],
    [
      'an event after the end',
      yaml.replace('at: 2h', 'at: 7h'),
      /line 14 \(events\[2\]\.at\): happens after the end/,
    ],
    ['a misspelt field', yaml.replace('seed: 7', 'sed: 7'), /unrecognized key|Unrecognized key/i],
    ['a negative leak', yaml.replace('flowLps: 4', 'flowLps: -4'), /line 14 \(events\[2\]\.flowLps\)/],
    ['a duplicate key', 'name: a\nname: b\n', /line 2/],
    ['binary garbage', '\u0000\u0001\u0002', /^bad\.yaml/],
  ])('refuses %s with the line and path', (_label, text, message) => {
    const error = (() => {
      try {
        parseScenario(text, 'bad.yaml');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ScenarioError);
    expect((error as Error).message).toMatch(message);
  });

  it('parses durations the way trainers write them', () => {
    expect(parseDuration('90s')).toBe(90);
    expect(parseDuration('15m')).toBe(900);
    expect(parseDuration('1h30m')).toBe(5400);
    expect(parseDuration('2d')).toBe(172_800);
    expect(parseDuration(42)).toBe(42);
    expect(() => parseDuration('soon')).toThrow(/not a duration/);
    expect(() => parseDuration(-1)).toThrow();
  });
});
