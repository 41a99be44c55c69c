import { describe, expect, it } from 'vitest';
import { CommandTargetRegistry, type CommandTargetInput } from './targets';
import { TARGETS } from './testing';

const registry = new CommandTargetRegistry(TARGETS);

describe('CommandTargetRegistry', () => {
  it('resolves a declared action with a value in range, and tells which actions are critical', () => {
    const speed = registry.resolve('PU-1', 'set_speed', 80);
    expect(speed).toMatchObject({
      ok: true,
      target: { id: 'PU-1', kind: 'pump' },
      spec: { critical: false },
    });
    expect(registry.resolve('V-HOSP', 'close', undefined)).toMatchObject({
      ok: true,
      spec: { critical: true },
    });
    expect(registry.resolve('CTL-PS1', 'set_mode', 'manual')).toMatchObject({ ok: true });
  });

  it.each([
    ['PU-9', 'start', undefined, 'unknown-target'],
    ['PU-1', 'open', undefined, 'unknown-action'],
    ['PU-1', 'toString', undefined, 'unknown-action'],
    ['PU-1', 'set_speed', 101, 'invalid-value'],
    ['PU-1', 'set_speed', -1, 'invalid-value'],
    ['PU-1', 'set_speed', Number.NaN, 'invalid-value'],
    ['PU-1', 'set_speed', '80', 'invalid-value'],
    ['PU-1', 'set_speed', undefined, 'invalid-value'],
    ['PU-1', 'start', 1, 'invalid-value'],
    ['CTL-PS1', 'set_mode', 'remote', 'invalid-value'],
  ])('refuses %s %s %s: %s', (target, action, value, reason) => {
    expect(registry.resolve(target, action, value)).toMatchObject({ ok: false, reason });
  });

  it('names the range in its refusal', () => {
    expect(registry.resolve('SP-ZONE3', 'set', 70)).toMatchObject({
      message: 'SP-ZONE3 set: value must be a number from 20 to 60 m',
    });
  });

  it.each<[string, CommandTargetInput[]]>([
    [
      'duplicate ids',
      [
        { id: 'A', kind: 'pump', actions: { start: { readback: { kind: 'state', equals: 'running' } } } },
        { id: 'A', kind: 'pump', actions: { stop: { readback: { kind: 'state', equals: 'stopped' } } } },
      ],
    ],
    ['no actions', [{ id: 'A', kind: 'pump', actions: {} }]],
    [
      'min above max',
      [
        {
          id: 'A',
          kind: 'pump',
          actions: {
            set_speed: {
              value: { type: 'number', min: 10, max: 0 },
              readback: { kind: 'value', tolerance: 1 },
            },
          },
        },
      ],
    ],
    [
      'a value readback without a value',
      [{ id: 'A', kind: 'pump', actions: { set_speed: { readback: { kind: 'value', tolerance: 1 } } } }],
    ],
    [
      'a numeric readback for an enum value',
      [
        {
          id: 'A',
          kind: 'controller',
          actions: {
            set_mode: {
              value: { type: 'enum', options: ['auto'] },
              readback: { kind: 'value', tolerance: 1 },
            },
          },
        },
      ],
    ],
  ])('rejects a configuration with %s', (_name, targets) => {
    expect(() => new CommandTargetRegistry(targets)).toThrow();
  });
});
