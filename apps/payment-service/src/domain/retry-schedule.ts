export interface RetryPolicy {
  /** Delay after the first failed attempt. */
  readonly baseMs: number;
  /** No delay grows past this. */
  readonly maxMs: number;
}

/**
 * How long to wait after `failedAttempts` failed attempts: base·2^(n-1), capped at max, with
 * "equal jitter" (half fixed, half random) so that replicas retrying the same outage spread out.
 * `jitter` is a number in [0, 1): randomness comes in as an input, so the schedule stays pure.
 */
export function retryDelayMs(failedAttempts: number, policy: RetryPolicy, jitter: number): number {
  const exponent = Math.max(0, failedAttempts - 1);
  const capped = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(exponent, 52));
  const clampedJitter = Math.min(Math.max(jitter, 0), 1);
  return Math.round(capped / 2 + (capped / 2) * clampedJitter);
}
