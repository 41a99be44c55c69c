import { describe, expect, it } from 'vitest';
import { Interlocks, type InterlockInput, type TagValue } from './interlocks';

const rule = (
  require: InterlockInput['require'],
  when: Partial<InterlockInput['when']> = {},
): InterlockInput => ({
  id: 'r',
  when: { target: 'PU-*', action: 'start', ...when },
  require,
  message: 'm',
});
const plantOf = (tags: Record<string, TagValue>) => (tag: string) => tags[tag];
const blocks = (r: InterlockInput, tags: Record<string, TagValue>, target = 'PU-1', action = 'start') =>
  new Interlocks([r]).check(target, action, plantOf(tags)).length > 0;

describe('Interlocks', () => {
  it.each<[string, InterlockInput['require'], TagValue | undefined, boolean]>([
    ['equals, met', { tag: 't', equals: 'open' }, 'open', false],
    ['equals, not met', { tag: 't', equals: 'open' }, 'closed', true],
    ['notEquals, met', { tag: 't', notEquals: 'tripped' }, 'ok', false],
    ['notEquals, not met', { tag: 't', notEquals: 'tripped' }, 'tripped', true],
    ['above, met', { tag: 't', above: 1.5 }, 2, false],
    ['above, at the limit', { tag: 't', above: 1.5 }, 1.5, true],
    ['below, met', { tag: 't', below: 90 }, 80, false],
    ['below, not met', { tag: 't', below: 90 }, 95, true],
    ['above on a non-number', { tag: 't', above: 1 }, 'high', true],
    ['above on NaN', { tag: 't', above: 1 }, Number.NaN, true],
    ['boolean equals', { tag: 't', equals: true }, true, false],
    ['unknown tag fails safe', { tag: 't', notEquals: 'tripped' }, undefined, true],
  ])('%s', (_name, require, value, blocked) => {
    expect(blocks(rule(require), value === undefined ? {} : { t: value })).toBe(blocked);
  });

  it('applies only to matching targets and actions, with `*` patterns and action lists', () => {
    const r = rule({ tag: 't', equals: 1 }, { target: 'PU-*', action: ['start', 'set_speed'] });
    expect(blocks(r, {}, 'PU-12', 'start')).toBe(true);
    expect(blocks(r, {}, 'PU-12', 'set_speed')).toBe(true);
    expect(blocks(r, {}, 'PU-12', 'stop')).toBe(false);
    expect(blocks(r, {}, 'XPU-1', 'start')).toBe(false);
    expect(blocks(rule({ tag: 't', equals: 1 }, { target: 'PU-1.' }), {}, 'PU-12')).toBe(false);
  });

  it('fills {target} into the tag and reports what it saw', () => {
    const interlocks = new Interlocks([
      { ...rule({ tag: '{target}.discharge_valve', equals: 'open' }), id: 'discharge', message: 'closed' },
    ]);
    const violations = interlocks.check('PU-2', 'start', plantOf({ 'PU-2.discharge_valve': 'closed' }));
    expect(violations).toEqual([
      {
        id: 'discharge',
        message: 'closed',
        overridable: false,
        tag: 'PU-2.discharge_valve',
        actual: 'closed',
      },
    ]);
  });

  it.each<[string, unknown]>([
    ['no comparison', [rule({ tag: 't' })]],
    ['two comparisons', [rule({ tag: 't', above: 1, below: 5 })]],
    ['duplicate ids', [rule({ tag: 't', above: 1 }), rule({ tag: 't', above: 2 })]],
    ['an empty message', [{ ...rule({ tag: 't', above: 1 }), message: ' ' }]],
  ])('rejects a configuration with %s', (_name, config) => {
    expect(() => new Interlocks(config as InterlockInput[])).toThrow();
  });
});
