// The bus inside one process: a console or a field gateway hosting its agents.
//
// Lookup: wildcard patterns sit in a trie by level (children by name, one '+' child, a '#'
// bucket), so resolving a topic walks at most its own levels and never looks at unrelated
// subscriptions. Subscriptions to concrete topics (the vast majority: one per agent reading)
// hang directly on a per-topic entry found with one hash lookup. That entry also caches the
// topic's resolved subscriber list, so in steady state a publish is one Map.get plus a loop over
// the receivers. The cache is invalidated per topic when an exact subscription on it changes,
// and all at once (by a generation counter, lazily) when any wildcard subscription changes.
//
// Delivery is synchronous but queued: if no delivery is in progress, publish delivers to its
// receivers directly; otherwise (a handler publishing) it appends to a FIFO that the outermost
// publish drains in a loop. No unbounded recursion, and every subscriber sees messages in
// publication order (which preserves order per publisher).
//
// The hot path allocates nothing per message: the FIFO is four parallel arrays reused in place.
import type { Bus, BusHandler, Unsubscribe } from './bus';
import { assertValidTopic, isWildcardPattern, parsePattern } from './topics';

export interface InProcessBusOptions {
  /**
   * A handler threw. Delivery to the other subscribers continues either way. Without this option
   * the first error is rethrown from the outermost publish once the queue is drained.
   */
  onError?: (error: unknown, topic: string) => void;
  /** How many topics with no exact subscriber to remember (swept when exceeded). */
  topicCacheSize?: number;
}

interface Subscription {
  readonly handler: BusHandler;
  readonly pattern: string;
  /** parsed levels, for wildcard patterns only (used to prune the trie on unsubscribe) */
  readonly levels: string[] | undefined;
  active: boolean;
}

/** One concrete topic: validated once, its exact subscribers, and its cached receiver list. */
interface TopicEntry {
  readonly topic: string;
  levels: readonly string[] | undefined;
  readonly exact: Subscription[];
  receivers: readonly Subscription[];
  /** `receivers` is valid while this equals the bus's generation */
  generation: number;
}

class TrieNode {
  readonly children = new Map<string, TrieNode>();
  plus: TrieNode | undefined = undefined;
  /** patterns ending here, e.g. 'a/+' at the '+' node */
  readonly here: Subscription[] = [];
  /** patterns ending in '#' below this node, e.g. 'a/#' at the 'a' node */
  readonly hash: Subscription[] = [];

  isEmpty(): boolean {
    return this.children.size === 0 && !this.plus && this.here.length === 0 && this.hash.length === 0;
  }
}

const STALE = -1;

export class InProcessBus implements Bus {
  private readonly topics = new Map<string, TopicEntry>();
  /** entries holding at least one exact subscription: never swept from the cache */
  private pinnedTopics = 0;
  private exactCount = 0;
  private readonly root = new TrieNode();
  private wildcardCount = 0;
  private generation = 0;

  private readonly topicCacheSize: number;
  private readonly onError: ((error: unknown, topic: string) => void) | undefined;

  // The delivery FIFO as parallel arrays; [head, tail) is pending. Slots are cleared on delivery
  // so the bus does not keep payloads alive.
  private readonly qSubs: (Subscription | undefined)[] = [];
  private readonly qTopics: (string | undefined)[] = [];
  private readonly qPayloads: unknown[] = [];
  private readonly qFroms: (string | undefined)[] = [];
  private head = 0;
  private tail = 0;
  private delivering = false;
  private firstError: { error: unknown } | undefined = undefined;

  constructor(options: InProcessBusOptions = {}) {
    this.onError = options.onError;
    this.topicCacheSize = options.topicCacheSize ?? 1 << 18;
  }

  /** How many subscriptions are active (for health reports and tests). */
  get subscriptionCount(): number {
    return this.exactCount + this.wildcardCount;
  }

  publish(topic: string, payload: unknown, from: string): void {
    let entry = this.topics.get(topic);
    if (entry === undefined) entry = this.addTopic(topic);
    const receivers = entry.generation === this.generation ? entry.receivers : this.resolve(entry);

    if (this.delivering) {
      for (let i = 0; i < receivers.length; i++) this.enqueue(receivers[i]!, topic, payload, from);
      return;
    }
    // `receivers` is never mutated (resolve builds a new array), so handlers that subscribe or
    // unsubscribe while we iterate it cannot disturb the loop; `active` covers unsubscribes
    this.delivering = true;
    try {
      for (let i = 0; i < receivers.length; i++) {
        const sub = receivers[i]!;
        if (sub.active) this.call(sub, topic, payload, from);
      }
      this.drain();
    } finally {
      this.head = 0;
      this.tail = 0;
      this.delivering = false;
    }
    const failed = this.firstError;
    if (failed) {
      this.firstError = undefined;
      throw failed.error;
    }
  }

  subscribe(pattern: string, handler: BusHandler): Unsubscribe {
    if (typeof handler !== 'function') {
      throw new TypeError(`subscribe('${pattern}'): handler must be a function`);
    }
    const levels = parsePattern(pattern);
    const wildcard = isWildcardPattern(pattern);
    const sub: Subscription = { handler, pattern, levels: wildcard ? levels : undefined, active: true };

    if (wildcard) {
      const node = this.nodeFor(levels);
      if (levels[levels.length - 1] === '#') node.hash.push(sub);
      else node.here.push(sub);
      this.wildcardCount++;
      this.generation++;
    } else {
      const entry = this.topics.get(pattern) ?? this.addTopic(pattern);
      if (entry.exact.length === 0) this.pinnedTopics++;
      entry.exact.push(sub);
      entry.generation = STALE;
      this.exactCount++;
    }
    return () => this.unsubscribe(sub);
  }

  private unsubscribe(sub: Subscription): void {
    if (!sub.active) return;
    sub.active = false;
    if (sub.levels === undefined) {
      const entry = this.topics.get(sub.pattern);
      if (!entry || !removeFrom(entry.exact, sub)) return;
      entry.generation = STALE;
      this.exactCount--;
      if (entry.exact.length === 0) this.pinnedTopics--;
      return;
    }
    this.wildcardCount--;
    this.generation++;
    // walk down remembering the path, remove, then prune nodes that became empty
    const levels = sub.levels;
    const path: TrieNode[] = [this.root];
    const last = levels[levels.length - 1];
    const depth = last === '#' ? levels.length - 1 : levels.length;
    for (let i = 0; i < depth; i++) {
      const node = path[path.length - 1]!;
      const next = levels[i] === '+' ? node.plus : node.children.get(levels[i]!);
      if (!next) return;
      path.push(next);
    }
    const end = path[path.length - 1]!;
    removeFrom(last === '#' ? end.hash : end.here, sub);
    for (let i = path.length - 1; i > 0; i--) {
      const node = path[i]!;
      if (!node.isEmpty()) break;
      const parent = path[i - 1]!;
      const level = levels[i - 1]!;
      if (level === '+') parent.plus = undefined;
      else parent.children.delete(level);
    }
  }

  private addTopic(topic: string): TopicEntry {
    assertValidTopic(topic);
    if (this.topics.size - this.pinnedTopics >= this.topicCacheSize) this.sweep();
    const entry: TopicEntry = { topic, levels: undefined, exact: [], receivers: [], generation: STALE };
    this.topics.set(topic, entry);
    return entry;
  }

  /** Forget topics nobody subscribes to exactly; they are re-validated if seen again. */
  private sweep(): void {
    for (const [topic, entry] of this.topics) if (entry.exact.length === 0) this.topics.delete(topic);
  }

  /** Recompute who receives `entry.topic`: its exact subscribers, then matching wildcards. */
  private resolve(entry: TopicEntry): readonly Subscription[] {
    const receivers = entry.exact.slice();
    if (this.wildcardCount > 0) {
      entry.levels ??= entry.topic.split('/');
      collect(this.root, entry.levels, 0, receivers);
    }
    entry.receivers = receivers;
    entry.generation = this.generation;
    return receivers;
  }

  /** The trie node a wildcard pattern's subscriptions hang on ('#' hangs on its parent). */
  private nodeFor(levels: readonly string[]): TrieNode {
    let node = this.root;
    const depth = levels[levels.length - 1] === '#' ? levels.length - 1 : levels.length;
    for (let i = 0; i < depth; i++) {
      const level = levels[i]!;
      let next = level === '+' ? node.plus : node.children.get(level);
      if (!next) {
        next = new TrieNode();
        if (level === '+') node.plus = next;
        else node.children.set(level, next);
      }
      node = next;
    }
    return node;
  }

  private enqueue(sub: Subscription, topic: string, payload: unknown, from: string): void {
    const t = this.tail++;
    this.qSubs[t] = sub;
    this.qTopics[t] = topic;
    this.qPayloads[t] = payload;
    this.qFroms[t] = from;
  }

  private drain(): void {
    while (this.head < this.tail) {
      const h = this.head++;
      const sub = this.qSubs[h]!;
      const topic = this.qTopics[h]!;
      const payload = this.qPayloads[h];
      const from = this.qFroms[h]!;
      this.qSubs[h] = undefined;
      this.qTopics[h] = undefined;
      this.qPayloads[h] = undefined;
      this.qFroms[h] = undefined;
      if (sub.active) this.call(sub, topic, payload, from);
    }
  }

  private call(sub: Subscription, topic: string, payload: unknown, from: string): void {
    try {
      sub.handler(topic, payload, from);
    } catch (error) {
      if (this.onError) this.onError(error, topic);
      else this.firstError ??= { error };
    }
  }
}

/** Append the wildcard subscriptions under `node` that match `levels` from index `i` on. */
function collect(node: TrieNode, levels: readonly string[], i: number, out: Subscription[]): void {
  out.push(...node.hash); // '#' matches this level and everything below, including nothing
  if (i === levels.length) {
    out.push(...node.here);
    return;
  }
  const child = node.children.get(levels[i]!);
  if (child !== undefined) collect(child, levels, i + 1, out);
  if (node.plus !== undefined) collect(node.plus, levels, i + 1, out);
}

function removeFrom(bucket: Subscription[], sub: Subscription): boolean {
  const at = bucket.indexOf(sub);
  if (at < 0) return false;
  bucket.splice(at, 1);
  return true;
}
