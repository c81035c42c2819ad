import type { CloudEvent, OutboxWriter } from '@shop/messaging';
import type { Logger } from '@shop/telemetry';
import { commitTransition } from '../application/commit-transition.js';
import type { OrderSignal } from '../domain/payment.repository.port.js';
import { transition, type PaymentInput, type TransitionContext } from '../domain/payment-state-machine.js';
import { retryDelayMs, type RetryPolicy } from '../domain/retry-schedule.js';
import type { PaymentPrisma } from '../persistence/prisma.js';
import { prismaPaymentRepository, type PaymentTx } from '../persistence/prisma-payment.repository.js';

export interface SagaDeps {
  readonly prisma: PaymentPrisma;
  readonly schema: string;
  readonly outbox: OutboxWriter;
  readonly retry: RetryPolicy;
  readonly logger: Logger;
  readonly clock?: () => Date;
}

/** The inbox name of the saga consumer: its processed_events rows. */
export const SAGA_CONSUMER = 'payment-saga';

export const transitionContext = (deps: SagaDeps, now: Date): TransitionContext => ({
  now,
  retryDelayMs: (failed) => retryDelayMs(failed, deps.retry, Math.random()),
});

/**
 * Applies a saga event to the order's payment in the handler's transaction. Handlers of one order
 * are serialized (its events come on two topics and may be handled at the same moment); when the
 * intent has not arrived yet, `early` says what to remember for it.
 */
export async function applyToOrder(
  deps: SagaDeps,
  tx: PaymentTx,
  event: CloudEvent,
  orderId: string,
  input: PaymentInput,
  early?: OrderSignal,
): Promise<void> {
  const now = deps.clock?.() ?? new Date();
  const repository = prismaPaymentRepository(tx, deps.schema);
  await repository.lockOrder(orderId);
  const payment = await repository.findByOrderForUpdate(orderId);
  if (!payment) {
    if (early) await repository.recordSignal(orderId, early, now);
    else deps.logger.warn({ orderId, eventType: event.type, eventId: event.id }, 'no payment for this order; event ignored');
    return;
  }
  const next = transition(payment, input, transitionContext(deps, now));
  if (next.ignored) deps.logger.info({ orderId, eventType: event.type, reason: next.ignored }, 'saga event changes nothing');
  await commitTransition({ tx, repository, outbox: deps.outbox }, next, now, { causationId: event.id });
}
