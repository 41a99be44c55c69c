import { describe, expect, it } from 'vitest';
import { assertValidTopic, parsePattern, TopicError, topicMatches } from './topics';

describe('topic validation', () => {
  it('accepts ordinary topics of the scheme', () => {
    for (const topic of ['reading/J12/pressure', 'agent/pump/P1/state', 'network/kpi', 'x']) {
      expect(() => assertValidTopic(topic)).not.toThrow();
    }
  });

  it.each([
    ['', /non-empty/],
    ['reading//pressure', /empty level at position 2/],
    ['/reading', /empty level at position 1/],
    ['reading/', /empty level at position 2/],
    ['reading/+/pressure', /wildcard/],
    ['reading/#', /wildcard/],
    ['reading/J+1', /wildcard/],
  ])('rejects %j with a clear error', (topic, message) => {
    expect(() => assertValidTopic(topic)).toThrow(TopicError);
    expect(() => assertValidTopic(topic)).toThrow(message);
  });

  it('accepts wildcard patterns where whole levels are wildcards', () => {
    for (const pattern of ['#', '+', 'reading/+/pressure', 'reading/#', '+/+/#', 'a/b']) {
      expect(() => parsePattern(pattern)).not.toThrow();
    }
  });

  it.each([
    ['', /non-empty/],
    ['reading/#/pressure', /'#' must be the last level/],
    ['#/x', /'#' must be the last level/],
    ['reading/J+/pressure', /whole level/],
    ['reading/x#', /whole level/],
    ['a//b', /empty level at position 2/],
  ])('rejects pattern %j with a clear error', (pattern, message) => {
    expect(() => parsePattern(pattern)).toThrow(message);
  });
});

describe('topicMatches (the reference matcher)', () => {
  it.each([
    ['reading/J12/pressure', 'reading/J12/pressure', true],
    ['reading/J12/pressure', 'reading/J12/flow', false],
    ['reading/+/pressure', 'reading/J12/pressure', true],
    ['reading/+/pressure', 'reading/J12/x/pressure', false],
    ['reading/+', 'reading', false],
    ['+', 'reading', true],
    ['+', 'reading/J12', false],
    ['reading/#', 'reading', true], // '#' also matches the parent level, as in MQTT
    ['reading/#', 'reading/J12/pressure', true],
    ['reading/#', 'readings/J12', false],
    ['#', 'anything/at/all', true],
    ['+/+/#', 'a/b', true],
    ['+/+/#', 'a', false],
    ['reading/J12', 'reading/J12/pressure', false],
    ['reading/J12/pressure/x', 'reading/J12/pressure', false],
  ])('%s ~ %s → %s', (pattern, topic, expected) => {
    expect(topicMatches(pattern, topic)).toBe(expected);
  });
});
