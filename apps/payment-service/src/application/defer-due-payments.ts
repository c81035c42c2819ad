import type { ProviderOutcome } from '../domain/payment-provider.port.js';
import { claimAttempt, transition, type TransitionContext } from '../domain/payment-state-machine.js';
import { commitTransition, type UnitOfWork } from './commit-transition.js';

const circuitOpen: ProviderOutcome = {
  outcome: 'circuit_open',
  code: 'circuit_open',
  message: 'the provider circuit is open',
};

/**
 * The circuit is open: due payments wait (their attempt logged as circuit_open, with backoff) and
 * nothing is sent. Returns how many were due.
 */
export async function deferDuePayments(
  work: UnitOfWork,
  options: { readonly limit: number; readonly leaseMs: number; readonly context: TransitionContext },
): Promise<number> {
  const { limit, leaseMs, context } = options;
  const { now } = context;
  const due = await work.repository.claimDue(now, limit);
  for (const payment of due) {
    const claimed = claimAttempt(payment, { now, leaseMs, providerCalled: false });
    if (!claimed) continue;
    const { operation } = claimed;
    const { paymentId } = payment;
    const attempt = {
      paymentId,
      operation,
      outcome: 'circuit_open',
      errorCode: 'circuit_open',
      latencyMs: 0,
      at: now,
    } as const;
    const next = transition(claimed.payment, { type: 'provider_result', operation, result: circuitOpen }, context);
    await commitTransition(work, next, now, { attempt });
  }
  return due.length;
}
