// The residual channel: learns a model miss that grows with demand, then raises evidence
// for a persistent drop it does not explain, and not for noise.
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../protocols/sim/random';
import { type ChannelOptions, evidence, newChannel, observe } from '../../agents/analytics/residual-channel';

const options: ChannelOptions = { sided: 'down', minSigma: 0.05, k: 0.5 };

/** standard normal from a seeded uniform generator (Box–Muller) */
const normal = (random: () => number) =>
  Math.sqrt(-2 * Math.log(Math.max(random(), 1e-12))) * Math.cos(2 * Math.PI * random());

function day(s = newChannel(), seed = 1, drop = 0, dropFrom = Infinity) {
  const random = seededRandom(seed);
  let maxEvidence = 0;
  for (let i = 0; i < 1440; i++) {
    const d = 1 + 0.5 * Math.sin((2 * Math.PI * i) / 1440); // the day's demand level
    const miss = 0.3 - 0.4 * d * d; // rough pipes: the plant loses more head at high demand
    const residual = miss + 0.1 * normal(random) - (i >= dropFrom ? drop : 0);
    s = observe(s, residual, d, i * 60_000, options, i < dropFrom);
    if (i >= 180) maxEvidence = Math.max(maxEvidence, evidence(s));
  }
  return { s, maxEvidence };
}

describe('residual channel', () => {
  it('learns a demand-dependent model miss, so a whole noisy day raises no evidence worth an alarm', () => {
    const learned = day().s;
    const quiet = day(learned, 2);
    expect(quiet.maxEvidence).toBeLessThan(14);
    expect(Math.sqrt(quiet.s.variance)).toBeGreaterThan(0.08);
    expect(Math.sqrt(quiet.s.variance)).toBeLessThan(0.15);
  });

  it('accumulates evidence fast for a persistent 0.3 m drop', () => {
    const learned = day().s;
    const leak = day(learned, 3, 0.3, 600);
    expect(leak.maxEvidence).toBeGreaterThan(14);
    // a one-sided pressure channel: a rise is no leak
    expect(day(learned, 3, -0.3, 600).maxEvidence).toBeLessThan(14);
  });
});
