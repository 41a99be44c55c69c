// One MQTT message → the samples of the tags it feeds. Payloads come from field devices we do
// not control: anything that is not the expected JSON (or a bare number) becomes a bad-quality
// sample with the reason, never an exception out of the driver.
import { topicMatches } from '../../agents/runtime/topics';
import type { TagSample } from '../driver';
import type { TagDefinition } from '../tags/schema';
import { scaleValue } from '../tags/value';
import { compilePath, evaluatePath } from './json-path';

export interface MqttTagBinding {
  tag: TagDefinition;
  filter: string;
  path: ReturnType<typeof compilePath> | undefined;
  timePath: ReturnType<typeof compilePath> | undefined;
}

export function bindMqttTags(tags: readonly TagDefinition[]): MqttTagBinding[] {
  return tags
    .filter((t) => t.mqtt && t.access !== 'write')
    .map((tag) => ({
      tag,
      filter: tag.mqtt!.topic,
      path: tag.mqtt!.path === undefined ? undefined : compilePath(tag.mqtt!.path),
      timePath: tag.mqtt!.timePath === undefined ? undefined : compilePath(tag.mqtt!.timePath),
    }));
}

/** the samples one message makes (empty when no tag listens on its topic) */
export function decodeMessage(
  bindings: readonly MqttTagBinding[],
  topic: string,
  payload: Buffer,
  now: number,
): { samples: TagSample[]; errors: number } {
  const hits = matching(bindings, topic);
  if (!hits.length) return { samples: [], errors: 0 };
  const text = payload.toString('utf8');
  let json: unknown;
  let jsonError: string | undefined;
  try {
    json = JSON.parse(text);
  } catch (error) {
    jsonError = (error as Error).message;
  }
  let errors = 0;
  const samples = hits.map((b): TagSample => {
    const bad = (reason: string): TagSample => {
      errors++;
      return {
        point: b.tag.point,
        value: null,
        quality: 'bad',
        reason: `payload: ${reason}`,
        sourceTime: now,
        receivedTime: now,
      };
    };
    if (jsonError !== undefined) return bad(`not JSON (${jsonError.slice(0, 80)})`);
    const raw = b.path ? evaluatePath(b.path, json) : json;
    if (raw === undefined) return bad(`no value at ${b.tag.mqtt!.path}`);
    let value: TagSample['value'];
    try {
      value = scaleValue(b.tag, raw);
    } catch (error) {
      return bad((error as Error).message);
    }
    let sourceTime = now;
    if (b.timePath) {
      const t = evaluatePath(b.timePath, json);
      const ms = typeof t === 'number' ? t : typeof t === 'string' ? Date.parse(t) : NaN;
      if (!Number.isFinite(ms)) return bad(`no timestamp at ${b.tag.mqtt!.timePath}`);
      sourceTime = ms;
    }
    // a device may wrap its own quality in the payload: { "v": 1.2, "q": "bad" } is not ours to judge
    return { point: b.tag.point, value, quality: 'good', sourceTime, receivedTime: now };
  });
  return { samples, errors };
}

/**
 * The bindings a topic feeds: exact filters by map lookup, only wildcard filters scanned, so a
 * site with thousands of topics does not test every filter against every message.
 */
const indexes = new WeakMap<
  readonly MqttTagBinding[],
  { exact: Map<string, MqttTagBinding[]>; wild: MqttTagBinding[] }
>();

function matching(bindings: readonly MqttTagBinding[], topic: string): MqttTagBinding[] {
  let index = indexes.get(bindings);
  if (!index) {
    index = { exact: new Map(), wild: [] };
    for (const b of bindings) {
      if (b.filter.includes('+') || b.filter.includes('#')) index.wild.push(b);
      else index.exact.set(b.filter, [...(index.exact.get(b.filter) ?? []), b]);
    }
    indexes.set(bindings, index);
  }
  const exact = index.exact.get(topic) ?? [];
  if (!index.wild.length) return exact;
  return [...exact, ...index.wild.filter((b) => topicMatches(b.filter, topic))];
}
