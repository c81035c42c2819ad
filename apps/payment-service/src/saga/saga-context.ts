import type pg from 'pg';
import type { CloudEvent, OutboxWriter } from '@shop/messaging';
import type { Sql } from '@shop/persistence';
import type { Logger } from '@shop/telemetry';
import { commitTransition } from '../application/commit-transition.js';
import type { OrderSignal, PaymentRepository } from '../domain/payment.repository.port.js';
import { transition, type PaymentInput, type TransitionContext } from '../domain/payment-state-machine.js';
import { retryDelayMs, type RetryPolicy } from '../domain/retry-schedule.js';
import { sqlPaymentRepository } from '../persistence/sql-payment.repository.js';

export interface SagaDeps {
  /** The service's pool (search_path = its schema): the saga's transactions run on it. */
  readonly pool: pg.Pool;
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
 * The order's payment, locked for this transaction. Handlers of one order are serialized (its
 * events come on two topics and may be handled at the same moment): once the payment exists, by
 * its row lock, which every writer takes; before that, by the order's lock, which OrderPlaced
 * holds while it inserts. So the order is locked only when no payment is found, and then looked up
 * again in a new statement: one that began before an intent committed would not see it.
 */
async function lockOrderPayment(repository: PaymentRepository, orderId: string) {
  const payment = await repository.findByOrderForUpdate(orderId);
  if (payment) return payment;
  await repository.lockOrder(orderId);
  return repository.findByOrderForUpdate(orderId);
}

/**
 * Applies a saga event to the order's payment in the handler's transaction. When the intent has
 * not arrived yet, `early` says what to remember for it.
 */
export async function applyToOrder(
  deps: SagaDeps,
  tx: Sql,
  event: CloudEvent,
  orderId: string,
  input: PaymentInput,
  early?: OrderSignal,
): Promise<void> {
  const now = deps.clock?.() ?? new Date();
  const repository = sqlPaymentRepository(tx, deps.schema);
  const payment = await lockOrderPayment(repository, orderId);
  if (!payment) {
    if (early) await repository.recordSignal(orderId, early, now);
    else deps.logger.warn({ orderId, eventType: event.type, eventId: event.id }, 'no payment for this order; event ignored');
    return;
  }
  const next = transition(payment, input, transitionContext(deps, now));
  if (next.ignored) deps.logger.info({ orderId, eventType: event.type, reason: next.ignored }, 'saga event changes nothing');
  await commitTransition({ repository, outbox: deps.outbox }, next, now, { causationId: event.id });
}
