// Topic names and subscription patterns: validation and the reference matcher.
//
// Topics are MQTT-style: levels separated by '/'. A pattern may use '+' for exactly one level
// and '#' (last level only) for "this level and everything below", so `reading/#` matches
// `reading` itself as well as `reading/J12/pressure`, exactly as in MQTT 3.1.1 §4.7.1.
// Unlike MQTT we reject empty levels (`a//b`, a leading or trailing '/'): in our scheme they
// are always a bug (an id that came through as ''), and rejecting them early gives a clear error
// instead of a silent mismatch.
//
// `topicMatches` is the slow, obviously-correct matcher: the property tests compare the bus's
// trie against it, and nothing on the hot path uses it.

export class TopicError extends Error {
  override name = 'TopicError';
}

/** The topic every agent receives its direct messages on (see bus.ts for the whole scheme). */
export function directTopic(agentId: string): string {
  return `direct/${agentId}`;
}

/** Throws a TopicError unless `topic` is a concrete topic a message can be published on. */
export function assertValidTopic(topic: string): void {
  if (typeof topic !== 'string' || topic.length === 0)
    throw new TopicError('topic must be a non-empty string');
  const levels = topic.split('/');
  for (let i = 0; i < levels.length; i++) {
    const level = levels[i]!;
    if (level.length === 0) throw new TopicError(`topic '${topic}' has an empty level at position ${i + 1}`);
    if (level.includes('+') || level.includes('#')) {
      throw new TopicError(
        `topic '${topic}' contains a wildcard ('+' or '#'); wildcards are for subscriptions`,
      );
    }
  }
}

/** Throws a TopicError unless `pattern` is a valid subscription pattern. Returns its levels. */
export function parsePattern(pattern: string): string[] {
  if (typeof pattern !== 'string' || pattern.length === 0) {
    throw new TopicError('subscription pattern must be a non-empty string');
  }
  const levels = pattern.split('/');
  for (let i = 0; i < levels.length; i++) {
    const level = levels[i]!;
    if (level.length === 0)
      throw new TopicError(`pattern '${pattern}' has an empty level at position ${i + 1}`);
    if (level === '#') {
      if (i !== levels.length - 1) {
        throw new TopicError(
          `pattern '${pattern}': '#' must be the last level (it matches everything below)`,
        );
      }
    } else if (level !== '+' && (level.includes('+') || level.includes('#'))) {
      throw new TopicError(
        `pattern '${pattern}': a wildcard must be a whole level ('a/+/c', 'a/#'), not part of one ('${level}')`,
      );
    }
  }
  return levels;
}

export function isWildcardPattern(pattern: string): boolean {
  return pattern.includes('+') || pattern.includes('#');
}

/** Reference matcher: does a (valid) topic match a (valid) pattern? */
export function topicMatches(pattern: string, topic: string): boolean {
  const p = pattern.split('/');
  const t = topic.split('/');
  for (let i = 0; i < p.length; i++) {
    const level = p[i]!;
    if (level === '#') return true;
    if (i >= t.length) return false;
    if (level !== '+' && level !== t[i]) return false;
  }
  return p.length === t.length;
}
