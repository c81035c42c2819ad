import { randomUUID } from 'node:crypto';
import type { CloudEvent } from '@shop/messaging';
import type { PaymentIntent } from '../domain/payment.js';
import { paymentInRun, type PaymentRun } from '../domain/payment-run.js';
import { recordIntent } from '../domain/payment-state-machine.js';
import { transitionContext, type SagaRepository, type SagaStepDeps } from './apply-saga-event.js';
import { commitTransition } from './commit-transition.js';

/** What OrderPlaced says about the payment to come (the payment id is made here). */
export type IntentOf = Omit<PaymentIntent, 'paymentId'>;

/**
 * Records the order's payment intent once: under the order's lock, takes the signals that came
 * before it (the reservation, a cancel) and starts from them. One payment per order (order_id is
 * unique): an order placed again under a new event id is the same order.
 */
export async function recordPaymentIntent(
  deps: SagaStepDeps,
  repository: SagaRepository,
  run: PaymentRun | undefined,
  event: CloudEvent,
  intent: IntentOf,
): Promise<void> {
  const now = deps.clock?.() ?? new Date();
  const locked = paymentInRun(run, intent.orderId);
  if (locked) return;
  if (locked === undefined) await repository.lockOrder(intent.orderId);
  const start = await repository.startIntent(intent.orderId);
  if (start.paymentExists) return;
  const recorded = recordIntent({ paymentId: randomUUID(), ...intent }, start.signals, transitionContext(deps, now));
  const options = { insert: true, causationId: event.id, run };
  await commitTransition({ repository, outbox: deps.outbox }, recorded, now, options);
}
