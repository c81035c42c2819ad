import type { EventPayload, OrderEvents } from '@shop/contracts';
import type { CloudEvent } from '@shop/messaging';
import type { Sql } from '@shop/persistence';
import type { SagaRepository, SagaStepDeps } from '../application/apply-saga-event.js';
import { recordPaymentIntent } from '../application/record-payment-intent.js';
import type { PaymentRun } from '../domain/payment-run.js';

type OrderPlaced = EventPayload<typeof OrderEvents.OrderPlaced>;

/**
 * OrderPlaced → record the payment intent (status pending): amount, currency, and the card token
 * still sealed, as it came (it is opened for the provider call only).
 * Nothing is charged. If the reservation (or a cancel) came first, the intent starts from there.
 * Undone by: OrderCancelled, which drops the intent.
 */
export const orderPlacedConsumer =
  (deps: SagaStepDeps, repositoryOn: (tx: Sql) => SagaRepository) =>
  (tx: Sql, event: CloudEvent<OrderPlaced>, run: PaymentRun | undefined): Promise<void> => {
    const order = event.data;
    return recordPaymentIntent(deps, repositoryOn(tx), run, event, {
      orderId: order.order_id,
      userId: order.user_id,
      amountCents: order.total_cents,
      currency: order.currency,
      paymentMethod: order.payment_method.type,
      providerToken: JSON.stringify(order.payment_method.sealed_token),
    });
  };
