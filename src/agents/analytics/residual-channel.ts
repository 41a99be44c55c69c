// One instrument's residual (reading − reference model) and the change detector on it.
//
// Even a good model misses the plant by a systematic amount: the pipes are rougher or
// smoother than the file says, the customers use more or less than its base demands. That
// miss grows with the flow through the network, so each channel learns it as a function
// of the network's demand level (recursive least squares on [1, d, d²], d = the reference
// demand relative to its mean, with slow forgetting) and only what the fit does not explain
// counts as evidence. A one-sided CUSUM on the standardized innovation then sees a leak's
// small, persistent pressure drop long before any threshold on a single reading would.

/** learning the model miss: time constant of the forgetting, in samples (≈ 2 days at 1 min) */
const FORGET = 1 - 1 / 2880;
/** weight of one sample in the learned innovation variance */
const VARIANCE_ALPHA = 0.01;

export interface ChannelOptions {
  /** pressure: a leak lowers it; a zone's net inflow: a leak raises it; a flow: either way */
  sided: 'down' | 'up' | 'both';
  /** the smallest spread the channel believes in (instrument noise floor), in its unit */
  minSigma: number;
  /** CUSUM allowance, in standard deviations */
  k: number;
}

export interface ChannelState {
  /** RLS estimate of the model miss: r ≈ θ·[1, d, d²] */
  theta: [number, number, number];
  /** RLS covariance, row-major 3×3 */
  p: number[];
  variance: number;
  samples: number;
  /** CUSUM of evidence for a drop (and for a rise, on two-sided channels) */
  down: number;
  up: number;
  /** time the CUSUM last left zero: the estimated start of the change */
  downSince: number | undefined;
  upSince: number | undefined;
  lastInnovation: number;
  lastTime: number;
}

export function newChannel(): ChannelState {
  return {
    theta: [0, 0, 0],
    p: [1e3, 0, 0, 0, 1e3, 0, 0, 0, 1e3],
    variance: 0,
    samples: 0,
    down: 0,
    up: 0,
    downSince: undefined,
    upSince: undefined,
    lastInnovation: 0,
    lastTime: 0,
  };
}

const features = (d: number): [number, number, number] => [1, d, d * d];

/** what the learned model miss predicts at demand level `d` */
export function expectedMiss(s: ChannelState, d: number): number {
  const x = features(d);
  return s.theta[0] * x[0] + s.theta[1] * x[1] + s.theta[2] * x[2];
}

export function sigmaOf(s: ChannelState, o: ChannelOptions): number {
  return Math.max(o.minSigma, Math.sqrt(s.variance));
}

/**
 * Take one residual. `learn` is false while a leak is suspected anywhere, so the leak is
 * never learned as part of the model miss. Returns the new state (the input is not changed).
 */
export function observe(
  s: ChannelState,
  residual: number,
  d: number,
  time: number,
  o: ChannelOptions,
  learn: boolean,
): ChannelState {
  const innovation = residual - expectedMiss(s, d);
  const next: ChannelState = { ...s, lastInnovation: innovation, lastTime: time };
  if (s.samples > 0) {
    const z = innovation / sigmaOf(s, o);
    // clip one wild sample (a spike, a quantization jump) so it cannot raise an alarm alone
    const zc = Math.max(-6, Math.min(6, z));
    if (o.sided !== 'up') {
      next.down = Math.max(0, s.down - zc - o.k);
      next.downSince = next.down === 0 ? undefined : (s.downSince ?? time);
    }
    if (o.sided !== 'down') {
      next.up = Math.max(0, s.up + zc - o.k);
      next.upSince = next.up === 0 ? undefined : (s.upSince ?? time);
    }
  }
  if (learn) {
    // A leak's first samples, before its CUSUM reaches h/2 and stops the learning, are
    // learned unbounded: they widen each channel's spread in proportion to its own shift,
    // which weighs a handful of strongly moved channels alike in the signature match.
    // Bounding what a settled channel learns at 3σ localized worse: demo town 52 → 43 % of
    // bursts within 300 m over 108 leak runs (bench/leak-suite.ts).
    const x = features(d);
    const p = s.p;
    const px = [0, 1, 2].map((i) => p[3 * i]! * x[0] + p[3 * i + 1]! * x[1] + p[3 * i + 2]! * x[2]);
    const denominator = FORGET + x[0] * px[0]! + x[1] * px[1]! + x[2] * px[2]!;
    const gain = px.map((v) => v / denominator);
    next.theta = [0, 1, 2].map((i) => s.theta[i]! + gain[i]! * innovation) as [number, number, number];
    next.p = p.map((v, idx) => (v - gain[Math.floor(idx / 3)]! * px[idx % 3]!) / FORGET);
    const weight = s.samples < 1 / VARIANCE_ALPHA ? 1 / (s.samples + 1) : VARIANCE_ALPHA;
    next.variance = s.variance + weight * (innovation * innovation - s.variance);
    next.samples = s.samples + 1;
  }
  return next;
}

/** how strongly the channel says "something changed", in CUSUM units */
export const evidence = (s: ChannelState) => Math.max(s.down, s.up);

/** start of the change the CUSUM is accumulating, if any */
export const changeSince = (s: ChannelState) => (s.down >= s.up ? s.downSince : s.upSince);

export function resetEvidence(s: ChannelState): ChannelState {
  return { ...s, down: 0, up: 0, downSince: undefined, upSince: undefined };
}
