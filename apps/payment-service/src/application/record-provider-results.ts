import type { ProviderOutcome } from '../domain/payment-provider.port.js';
import type { Payment, ProviderOperation } from '../domain/payment.js';
import { transition, type Transition, type TransitionContext } from '../domain/payment-state-machine.js';
import { commitTransitions, type UnitOfWork } from './commit-transition.js';

/** A provider call's outcome, to be recorded. */
export interface ProviderResult {
  readonly paymentId: string;
  readonly operation: ProviderOperation;
  readonly result: ProviderOutcome;
  readonly latencyMs: number;
}

/** What a recorded result did to its payment, for the worker's log and metrics. */
export interface RecordedResult {
  readonly result: ProviderResult;
  readonly before: Payment;
  readonly transition: Transition;
}

export const errorCodeOf = (result: ProviderOutcome): string | null =>
  result.outcome === 'succeeded' ? null : result.code;

/**
 * Locks the payments, then logs the attempts and applies each outcome to the status found NOW (a
 * cancel may have come meanwhile: then the authorization is voided), with its events, in one
 * statement, in the caller's transaction. `decided` hears of each outcome as it is decided.
 */
export async function recordProviderResults(
  work: UnitOfWork,
  results: readonly ProviderResult[],
  context: TransitionContext,
  decided: (recorded: RecordedResult) => void,
): Promise<void> {
  const { now } = context;
  const found = await work.repository.findAllForUpdate(results.map((r) => r.paymentId));
  const payments = new Map(found.map((p) => [p.paymentId, p]));
  const applied = results.flatMap((providerResult) => {
    const { paymentId, operation, result, latencyMs } = providerResult;
    const payment = payments.get(paymentId);
    if (!payment) return [];
    const { outcome } = result;
    const attempt = { paymentId, operation, outcome, errorCode: errorCodeOf(result), latencyMs, at: now };
    const next = transition(payment, { type: 'provider_result', operation, result }, context);
    decided({ result: providerResult, before: payment, transition: next });
    return [{ transition: next, attempt }];
  });
  await commitTransitions(work, applied, now);
}
