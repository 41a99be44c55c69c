// When an agent's handle() throws: restart it, later and later, or give up.
//
// The decision is kept apart from the runtime that carries it out so the policy reads (and is
// tested) on its own. An agent that keeps failing is restarted after 1 s, 2 s, 4 s … capped at
// `maxBackoffMs`; failures older than `windowMs` are forgotten, so an agent that failed once
// last week starts again at the short delay. More than `maxRestarts` failures inside the window
// and the supervisor gives up: the runtime takes the agent offline and raises an alert.

export interface SupervisionPolicy {
  /** delay before the first restart (ms of clock time) */
  baseBackoffMs: number;
  /** longest delay between restarts */
  maxBackoffMs: number;
  /** restarts allowed inside `windowMs`; the next failure takes the agent offline */
  maxRestarts: number;
  windowMs: number;
}

export const DEFAULT_SUPERVISION: SupervisionPolicy = {
  baseBackoffMs: 1_000,
  maxBackoffMs: 60_000,
  maxRestarts: 5,
  windowMs: 10 * 60_000,
};

export type SupervisorDecision =
  | { action: 'restart'; delayMs: number; /** 1 for the first restart in the window */ attempt: number }
  | { action: 'give_up'; failuresInWindow: number };

/** One agent's recent failures, and what to do about the next one. */
export class RestartTracker {
  private failures: number[] = [];

  constructor(private readonly policy: SupervisionPolicy) {
    if (!(policy.baseBackoffMs > 0) || !(policy.maxBackoffMs >= policy.baseBackoffMs)) {
      throw new RangeError('supervision backoff must be positive, with maxBackoffMs >= baseBackoffMs');
    }
    if (!(policy.maxRestarts >= 0) || !(policy.windowMs > 0)) {
      throw new RangeError('supervision needs maxRestarts >= 0 and a positive windowMs');
    }
  }

  /** Record a failure at `now` and decide. */
  onFailure(now: number): SupervisorDecision {
    this.failures = this.failures.filter((t) => t > now - this.policy.windowMs);
    this.failures.push(now);
    const attempt = this.failures.length;
    if (attempt > this.policy.maxRestarts) return { action: 'give_up', failuresInWindow: attempt };
    // 2 ** large overflows to Infinity, which Math.min caps: no special case needed
    const delayMs = Math.min(this.policy.baseBackoffMs * 2 ** (attempt - 1), this.policy.maxBackoffMs);
    return { action: 'restart', delayMs, attempt };
  }
}
