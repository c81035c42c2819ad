import { setTimeout as sleep } from 'node:timers/promises';
import type { LoggerLike } from './logger.js';
import { PermanentError, type RetryPolicy } from './subscription.js';
import { isTransientError } from './transient-error.js';

export interface HandlerRetry {
  readonly policy: RetryPolicy;
  /** The batch's heartbeat; kafkajs sends it only once its interval has passed since the last one. */
  readonly heartbeat: () => Promise<void>;
  readonly heartbeatIntervalMs: number;
  readonly logger: LoggerLike;
  /** What the retry logs say about the event. */
  readonly logContext: object;
}

/** Why an event is to be dead-lettered: its last error, after how many attempts. */
export interface HandlerFailure {
  readonly error: unknown;
  readonly attempts: number;
}

/**
 * Runs a handler until it succeeds, with exponential backoff between attempts. A PermanentError, or
 * the policy's attempts used up, ends it with the failure to dead-letter; an outage (isTransientError)
 * is not the message's fault and is retried for as long as it lasts, the partition waiting.
 */
export async function handleWithRetry(
  handle: () => Promise<void>,
  retry: HandlerRetry,
): Promise<HandlerFailure | null> {
  let delay = retry.policy.initialDelayMs;
  for (let attempt = 1; ; attempt++) {
    try {
      await handle();
      return null;
    } catch (error) {
      const permanent = error instanceof PermanentError;
      const outage = !permanent && isTransientError(error);
      if (permanent || (!outage && attempt >= retry.policy.attempts)) return { error, attempts: attempt };
      retry.logger.warn({ ...retry.logContext, err: error, attempt, outage }, 'event handler failed; retrying');
      await backOff(delay, retry);
      delay = Math.min(delay * 2, retry.policy.maxDelayMs);
    }
  }
}

/**
 * Waits out one backoff, heartbeating through it: a handler waiting out an outage for longer than the
 * session timeout keeps its group membership, so the group does not rebalance again and again. A
 * heartbeat that fails (the group is rebalancing after all) ends the wait with its error: the batch
 * gives its partitions up and the event comes again to their next owner.
 */
async function backOff(delayMs: number, { heartbeat, heartbeatIntervalMs }: HandlerRetry): Promise<void> {
  const until = Date.now() + delayMs;
  await heartbeat();
  for (let left = delayMs; left > 0; left = until - Date.now()) {
    await sleep(Math.min(left, heartbeatIntervalMs));
    await heartbeat();
  }
}
