import type { EventPayload, OrderEvents } from '@shop/contracts';
import type { CloudEvent } from '@shop/messaging';
import type { Sql } from '@shop/persistence';
import { applySagaEvent, type SagaRepository, type SagaStepDeps } from '../application/apply-saga-event.js';
import type { PaymentRun } from '../domain/payment-run.js';

type OrderCancelled = EventPayload<typeof OrderEvents.OrderCancelled>;

/**
 * OrderCancelled → the compensation of every earlier step: an intent nothing was sent for is
 * dropped (cancelled); an authorization (held, possibly held, or completing later) is voided
 * → PaymentVoided; a capture is refunded → PaymentRefunded. The provider calls are the worker's.
 * Arriving before OrderPlaced, it is remembered and the intent is recorded as cancelled.
 * Undone by: nothing — it is the saga's last word on the order.
 */
export const orderCancelledConsumer =
  (deps: SagaStepDeps, repositoryOn: (tx: Sql) => SagaRepository) =>
  (tx: Sql, event: CloudEvent<OrderCancelled>, run: PaymentRun | undefined): Promise<void> =>
    applySagaEvent(deps, repositoryOn(tx), run, {
      event,
      orderId: event.data.order_id,
      input: { type: 'order_cancelled' },
      early: { type: 'order_cancelled' },
    });
