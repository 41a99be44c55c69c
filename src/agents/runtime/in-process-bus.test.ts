import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InProcessBus } from './in-process-bus';
import { topicMatches } from './topics';

interface Received {
  topic: string;
  payload: unknown;
  from: string;
}

function recorder(): { seen: Received[]; handler: (topic: string, payload: unknown, from: string) => void } {
  const seen: Received[] = [];
  return { seen, handler: (topic, payload, from) => seen.push({ topic, payload, from }) };
}

describe('InProcessBus', () => {
  it('delivers by exact topic and by wildcard, each subscription once', () => {
    const bus = new InProcessBus();
    const exact = recorder();
    const plus = recorder();
    const hash = recorder();
    const all = recorder();
    bus.subscribe('reading/J12/pressure', exact.handler);
    bus.subscribe('reading/+/pressure', plus.handler);
    bus.subscribe('reading/#', hash.handler);
    bus.subscribe('#', all.handler);
    bus.publish('reading/J12/pressure', 41.5, 'driver');
    bus.publish('reading/J13/flow', 3, 'driver');
    bus.publish('reading', 'root', 'driver');
    bus.publish('zone/DMA-N/balance', {}, 'zone-N');
    expect(exact.seen).toEqual([{ topic: 'reading/J12/pressure', payload: 41.5, from: 'driver' }]);
    expect(plus.seen.map((m) => m.topic)).toEqual(['reading/J12/pressure']);
    expect(hash.seen.map((m) => m.topic)).toEqual(['reading/J12/pressure', 'reading/J13/flow', 'reading']);
    expect(all.seen).toHaveLength(4);
  });

  it('rejects invalid topics and patterns with clear errors', () => {
    const bus = new InProcessBus();
    expect(() => bus.publish('reading/+/pressure', 1, 'x')).toThrow(/wildcard/);
    expect(() => bus.publish('', 1, 'x')).toThrow(/non-empty/);
    expect(() => bus.subscribe('reading/#/x', () => {})).toThrow(/'#' must be the last level/);
  });

  it('queues publishes made inside a handler instead of recursing', () => {
    const bus = new InProcessBus();
    const order: string[] = [];
    let depth = 0;
    let maxDepth = 0;
    // a chain of 100k hops would overflow the stack if delivery recursed
    bus.subscribe('hop', (_t, payload) => {
      depth++;
      maxDepth = Math.max(maxDepth, depth);
      const n = payload as number;
      if (n < 100_000) bus.publish('hop', n + 1, 'a');
      depth--;
    });
    bus.subscribe('tick/+', (topic) => {
      order.push(`got ${topic}`);
      if (topic === 'tick/1') bus.publish('tick/2', null, 'b');
      order.push(`done ${topic}`);
    });
    bus.publish('hop', 0, 'a');
    expect(maxDepth).toBe(1);
    bus.publish('tick/1', null, 'b');
    expect(order).toEqual(['got tick/1', 'done tick/1', 'got tick/2', 'done tick/2']);
  });

  it('does not call a handler again once unsubscribed, even for messages already queued', () => {
    const bus = new InProcessBus();
    const late = recorder();
    let unsubscribeLate = () => {};
    bus.subscribe('x', () => unsubscribeLate());
    unsubscribeLate = bus.subscribe('x', late.handler);
    bus.publish('x', 1, 'p'); // the first handler runs first and unsubscribes the second
    bus.publish('x', 2, 'p');
    expect(late.seen).toEqual([]);
    expect(bus.subscriptionCount).toBe(1);
    unsubscribeLate(); // twice is harmless
  });

  it('prunes the trie: unsubscribing every wildcard leaves nothing behind', () => {
    const bus = new InProcessBus();
    const offs = ['a/+/c', 'a/#', '+/b', '#', 'a/b/c'].map((p) => bus.subscribe(p, () => {}));
    expect(bus.subscriptionCount).toBe(5);
    offs.forEach((off) => off());
    expect(bus.subscriptionCount).toBe(0);
    const again = recorder();
    bus.subscribe('a/+/c', again.handler);
    bus.publish('a/b/c', 1, 'p');
    expect(again.seen).toHaveLength(1);
  });

  it('keeps delivering to others when a handler throws, then reports the error', () => {
    const errors: unknown[] = [];
    const bus = new InProcessBus({ onError: (e) => errors.push(e) });
    const ok = recorder();
    bus.subscribe('x', () => {
      throw new Error('bad handler');
    });
    bus.subscribe('x', ok.handler);
    bus.publish('x', 1, 'p');
    expect(ok.seen).toHaveLength(1);
    expect(errors).toEqual([new Error('bad handler')]);

    const strict = new InProcessBus();
    const ok2 = recorder();
    strict.subscribe('x', () => {
      throw new Error('bad handler');
    });
    strict.subscribe('x', ok2.handler);
    expect(() => strict.publish('x', 1, 'p')).toThrow('bad handler');
    expect(ok2.seen).toHaveLength(1); // drained before rethrowing
    strict.publish('y', 1, 'p'); // and the bus is usable afterwards
  });

  it('keeps working when the topic cache overflows', () => {
    const bus = new InProcessBus({ topicCacheSize: 2 });
    const got = recorder();
    bus.subscribe('t/+', got.handler);
    for (let i = 0; i < 10; i++) bus.publish(`t/${i % 5}`, i, 'p');
    expect(got.seen.map((m) => m.payload)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});

// ---- properties, against the naive reference matcher ----

const level = fc.constantFrom('a', 'b', 'c');
const topicArb = fc.array(level, { minLength: 1, maxLength: 3 }).map((l) => l.join('/'));
const patternArb = fc.oneof(
  fc.constant('#'),
  fc
    .tuple(fc.array(fc.constantFrom('a', 'b', 'c', '+'), { minLength: 1, maxLength: 3 }), fc.boolean())
    .map(([levels, hash]) => [...levels, ...(hash ? ['#'] : [])].join('/')),
);

describe('InProcessBus properties', () => {
  it('(a) a subscriber receives exactly the published messages whose topic matches, in order', () => {
    fc.assert(
      fc.property(
        fc.array(patternArb, { maxLength: 12 }),
        fc.array(topicArb, { maxLength: 40 }),
        (patterns, topics) => {
          const bus = new InProcessBus();
          const got = patterns.map(() => [] as number[]);
          patterns.forEach((p, k) => bus.subscribe(p, (_t, payload) => got[k]!.push(payload as number)));
          topics.forEach((t, i) => bus.publish(t, i, 'p'));
          patterns.forEach((p, k) => {
            const expected = topics.flatMap((t, i) => (topicMatches(p, t) ? [i] : []));
            expect(got[k]).toEqual(expected);
          });
        },
      ),
      { seed: 20240611, numRuns: 400 },
    );
  });

  it('(b) per-publisher order is preserved, also for messages published from inside handlers', () => {
    const publishes = fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), topicArb), { maxLength: 60 });
    fc.assert(
      fc.property(fc.array(patternArb, { minLength: 1, maxLength: 8 }), publishes, (patterns, plan) => {
        const bus = new InProcessBus();
        const seenBy = patterns.map(() => [] as { from: string; seq: number }[]);
        patterns.forEach((p, k) =>
          bus.subscribe(p, (_t, payload, from) => seenBy[k]!.push({ from, seq: payload as number })),
        );
        // relays republish what they hear under their own name: nested, queued publishes
        let relaySeq = 0;
        bus.subscribe('a/#', (topic, _p, from) => {
          if (from.startsWith('p')) bus.publish(`${topic}/r`, relaySeq++, 'relay');
        });
        const seq = [0, 0, 0, 0];
        for (const [publisher, topic] of plan) bus.publish(topic, seq[publisher]!++, `p${publisher}`);
        for (const seen of seenBy) {
          for (const from of new Set(seen.map((m) => m.from))) {
            const seqs = seen.filter((m) => m.from === from).map((m) => m.seq);
            expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
            expect(new Set(seqs).size).toBe(seqs.length);
          }
        }
      }),
      { seed: 7, numRuns: 300 },
    );
  });

  type Op =
    | { op: 'sub'; pattern: string; echo: boolean }
    | { op: 'unsub'; index: number }
    | { op: 'pub'; topic: string; publisher: number };
  const opArb: fc.Arbitrary<Op> = fc.oneof(
    fc.record({ op: fc.constant('sub' as const), pattern: patternArb, echo: fc.boolean() }),
    fc.record({ op: fc.constant('unsub' as const), index: fc.nat(20) }),
    fc.record({
      op: fc.constant('pub' as const),
      topic: topicArb,
      publisher: fc.integer({ min: 0, max: 2 }),
    }),
  );

  it('(c) no loss and no duplicates under random interleavings of subscribe/unsubscribe/publish', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 80 }), (ops) => {
        const bus = new InProcessBus();
        interface Sub {
          pattern: string;
          echo: boolean;
          active: boolean;
          off: () => void;
          got: string[];
          expected: string[];
        }
        const subs: Sub[] = [];
        let msg = 0;
        for (const op of ops) {
          if (op.op === 'sub') {
            const k = subs.length;
            const sub: Sub = {
              pattern: op.pattern,
              echo: op.echo,
              active: true,
              off: () => {},
              got: [],
              expected: [],
            };
            sub.off = bus.subscribe(op.pattern, (topic, payload, from) => {
              sub.got.push(`${from}:${payload as string}`);
              // an echoing subscriber republishes what top-level publishers send (one level deep)
              if (sub.echo && from.startsWith('p'))
                bus.publish(`${topic}/e`, `${payload as string}`, `echo${k}`);
            });
            subs.push(sub);
          } else if (op.op === 'unsub') {
            const sub = subs[op.index];
            if (sub) {
              sub.off();
              sub.active = false;
            }
          } else {
            const id = String(msg++);
            bus.publish(op.topic, id, `p${op.publisher}`);
            // the model: every active matching subscription gets it; echoes go to those active now
            const receivers = subs
              .map((s, k) => [s, k] as const)
              .filter(([s]) => s.active && topicMatches(s.pattern, op.topic));
            for (const [s] of receivers) s.expected.push(`p${op.publisher}:${id}`);
            for (const [s, k] of receivers) {
              if (!s.echo) continue;
              for (const r of subs)
                if (r.active && topicMatches(r.pattern, `${op.topic}/e`)) r.expected.push(`echo${k}:${id}`);
            }
          }
        }
        // across publishers the interleaving depends on delivery order; per publisher it must not
        const byPublisher = (list: string[]) => {
          const groups = new Map<string, string[]>();
          for (const m of list) {
            const from = m.slice(0, m.indexOf(':'));
            groups.set(from, [...(groups.get(from) ?? []), m]);
          }
          return Object.fromEntries([...groups].sort(([a], [b]) => a.localeCompare(b)));
        };
        for (const s of subs) expect(byPublisher(s.got)).toEqual(byPublisher(s.expected));
      }),
      { seed: 42, numRuns: 400 },
    );
  });
});
