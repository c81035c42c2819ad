import type { CloudEvent, OutboxWriter, PreparedOutboxEvent } from '@shop/messaging';
import type { Logger } from '@shop/telemetry';
import { commitTransition } from './commit-transition.js';
import type { OrderSignal, PaymentRepository } from '../domain/payment.repository.port.js';
import { paymentInRun, type PaymentRun } from '../domain/payment-run.js';
import { transition, type PaymentInput, type TransitionContext } from '../domain/payment-state-machine.js';
import { retryDelayMs, type RetryPolicy } from '../domain/retry-schedule.js';
import type { SagaRefusals } from '@shop/telemetry';
import { refusalOf } from './saga-refusals.js';

/** What the saga's use cases need besides the transaction's repository. */
export interface SagaStepDeps {
  readonly outbox: OutboxWriter;
  readonly retry: RetryPolicy;
  readonly logger: Logger;
  readonly clock?: () => Date;
  readonly refusals: SagaRefusals;
}

/** The payments of this service, bound to the saga run's transaction. */
export type SagaRepository = PaymentRepository<PreparedOutboxEvent<unknown>>;

export const transitionContext = (deps: Pick<SagaStepDeps, 'retry'>, now: Date): TransitionContext => ({
  now,
  retryDelayMs: (failed) => retryDelayMs(failed, deps.retry, Math.random()),
});

/**
 * The order's payment, locked for this transaction. Handlers of one order are serialized (its
 * events come on two topics and may be handled at the same moment): once the payment exists, by
 * its row lock, which every writer takes; before that, by the order's lock, which OrderPlaced
 * holds while it inserts. So the order is locked only when no payment is found, and then looked up
 * again in a new statement: one that began before an intent committed would not see it. An order
 * the run locked up front is already both locked and read.
 */
async function lockOrderPayment(repository: SagaRepository, run: PaymentRun | undefined, orderId: string) {
  const locked = paymentInRun(run, orderId);
  if (locked !== undefined) return locked;
  const payment = await repository.findByOrderForUpdate(orderId);
  if (payment) return payment;
  await repository.lockOrder(orderId);
  return repository.findByOrderForUpdate(orderId);
}

/** A saga event as the payment sees it: the order, the input it means, and what to remember if it came early. */
export interface SagaStep {
  readonly event: CloudEvent;
  readonly orderId: string;
  readonly input: PaymentInput;
  /** When the intent has not arrived yet: what to remember for it (nothing: the event is ignored). */
  readonly early?: OrderSignal;
}

/** Applies a saga event to the order's payment in the run's transaction: lock, decide, write with its events. */
export async function applySagaEvent(
  deps: SagaStepDeps,
  repository: SagaRepository,
  run: PaymentRun | undefined,
  { event, orderId, input, early }: SagaStep,
): Promise<void> {
  const now = deps.clock?.() ?? new Date();
  const payment = await lockOrderPayment(repository, run, orderId);
  if (!payment) {
    if (early) return repository.recordSignal(orderId, early, now);
    reportUnapplied(deps, event, refusalOf(input, null), { orderId, reason: 'no payment for this order' });
    return;
  }
  const next = transition(payment, input, transitionContext(deps, now));
  if (next.ignored) reportUnapplied(deps, event, refusalOf(input, payment.status), { orderId, reason: next.ignored });
  await commitTransition({ repository, outbox: deps.outbox }, next, now, { causationId: event.id, run });
}

/**
 * A saga event that changed nothing: a refusal is counted and warned of, a late or repeated event
 * only noted. Counted inside the transaction: a rare rollback-and-retry counts twice, which a rate
 * tolerates.
 */
function reportUnapplied(
  deps: SagaStepDeps,
  event: CloudEvent,
  refusal: string | null,
  detail: { readonly orderId: string; readonly reason: string },
): void {
  const logged = { ...detail, eventType: event.type, eventId: event.id };
  if (!refusal) {
    deps.logger.info(logged, 'saga event changes nothing');
    return;
  }
  deps.refusals.inc({ type: event.type, reason: refusal });
  deps.logger.warn({ ...logged, refusal }, 'saga event refused');
}
