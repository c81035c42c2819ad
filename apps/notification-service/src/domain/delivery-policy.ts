export interface DeliveryPolicy {
  /** Attempts (SMTP failures or waits for an unknown contact) before the notification fails. */
  readonly maxAttempts: number;
  /** Delay after the first failed attempt; doubles per attempt... */
  readonly baseDelayMs: number;
  /** ...up to this. */
  readonly maxDelayMs: number;
}

/** Why an attempt did not send: the SMTP server refused or was unreachable, or the recipient is unknown yet. */
export type AttemptFailure = { readonly kind: 'smtp_error' | 'contact_unknown'; readonly message: string };

export type AfterFailure =
  | { readonly status: 'pending'; readonly nextAttemptAt: Date; readonly lastError: string }
  | { readonly status: 'failed'; readonly lastError: string };

/**
 * base·2^(n-1) capped at max, with equal jitter (`jitter` in [0, 1), given as an input so this
 * stays pure) so that replicas retrying one outage spread out.
 */
export function retryDelayMs(failedAttempts: number, policy: DeliveryPolicy, jitter: number): number {
  const exponent = Math.min(Math.max(0, failedAttempts - 1), 52);
  const capped = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** exponent);
  const j = Math.min(Math.max(jitter, 0), 1);
  return Math.round(capped / 2 + (capped / 2) * j);
}

/** After attempt number `attempts` failed: wait and retry, or give up once the budget is spent. */
export function afterFailure(
  attempts: number,
  failure: AttemptFailure,
  policy: DeliveryPolicy,
  now: Date,
  jitter: number,
): AfterFailure {
  const lastError = `${failure.kind}: ${failure.message}`.slice(0, 2000);
  if (attempts >= policy.maxAttempts) return { status: 'failed', lastError };
  return {
    status: 'pending',
    nextAttemptAt: new Date(now.getTime() + retryDelayMs(attempts, policy, jitter)),
    lastError,
  };
}
