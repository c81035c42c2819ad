import type { EventPayload, OrderEvents } from '@shop/contracts';
import type { CloudEvent } from '@shop/messaging';
import type { Sql } from '@shop/persistence';
import { randomUUID } from 'node:crypto';
import { commitTransition } from '../application/commit-transition.js';
import { recordIntent } from '../domain/payment-state-machine.js';
import { sqlPaymentRepository } from '../persistence/sql-payment.repository.js';
import { transitionContext, type SagaDeps } from './saga-context.js';

type OrderPlaced = EventPayload<typeof OrderEvents.OrderPlaced>;

/**
 * OrderPlaced → record the payment intent (status pending): amount, currency, card token.
 * Nothing is charged. If the reservation (or a cancel) came first, the intent starts from there.
 * Undone by: OrderCancelled, which drops the intent.
 */
export const recordPaymentIntent =
  (deps: SagaDeps) =>
  async (tx: Sql, event: CloudEvent<OrderPlaced>): Promise<void> => {
    const order = event.data;
    const now = deps.clock?.() ?? new Date();
    const repository = sqlPaymentRepository(tx, deps.schema);
    await repository.lockOrder(order.order_id);
    const start = await repository.startIntent(order.order_id);
    // One payment per order (order_id is unique): an order placed again under a new event id is the same order.
    if (start.paymentExists) return;
    const intent = {
      paymentId: randomUUID(),
      orderId: order.order_id,
      userId: order.user_id,
      amountCents: order.total_cents,
      currency: order.currency,
      paymentMethod: order.payment_method.type,
      providerToken: order.payment_method.token,
    };
    const recorded = recordIntent(intent, start.signals, transitionContext(deps, now));
    await commitTransition({ repository, outbox: deps.outbox }, recorded, now, { insert: true, causationId: event.id });
  };
