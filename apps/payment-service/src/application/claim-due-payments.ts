import type { PaymentRepository } from '../domain/payment.repository.port.js';
import { claimAttempt, type ClaimedAttempt } from '../domain/payment-state-machine.js';

/**
 * The worker's claim, in its own short transaction of two statements: due payments no other
 * replica holds, each with one more attempt counted and leased (an authorization is marked sent
 * before it leaves). `found` says how many were due.
 */
export async function claimDuePayments(
  repository: PaymentRepository,
  { now, limit, leaseMs }: { readonly now: Date; readonly limit: number; readonly leaseMs: number },
): Promise<{ claimed: ClaimedAttempt[]; found: number }> {
  const due = await repository.claimDue(now, limit);
  const claimed = due.flatMap((payment) => claimAttempt(payment, { now, leaseMs, providerCalled: true }) ?? []);
  await repository.saveAll(
    claimed.map((attempt) => attempt.payment),
    now,
  );
  return { claimed, found: due.length };
}
