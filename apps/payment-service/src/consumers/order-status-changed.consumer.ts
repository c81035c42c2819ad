import type { EventPayload, OrderEvents } from '@shop/contracts';
import type { CloudEvent } from '@shop/messaging';
import type { Sql } from '@shop/persistence';
import { applySagaEvent, type SagaRepository, type SagaStepDeps } from '../application/apply-saga-event.js';
import type { PaymentRun } from '../domain/payment-run.js';

type OrderStatusChanged = EventPayload<typeof OrderEvents.OrderStatusChanged>;

/**
 * OrderStatusChanged to shipped → capture the authorization (the worker calls the provider)
 * → PaymentCaptured. Other status changes are not the payment's business.
 * Undone by: OrderCancelled after shipment (a return), which refunds.
 */
export const orderStatusChangedConsumer =
  (deps: SagaStepDeps, repositoryOn: (tx: Sql) => SagaRepository) =>
  async (tx: Sql, event: CloudEvent<OrderStatusChanged>, run: PaymentRun | undefined): Promise<void> => {
    if (event.data.to !== 'shipped') return;
    const step = { event, orderId: event.data.order_id, input: { type: 'order_shipped' } } as const;
    await applySagaEvent(deps, repositoryOn(tx), run, step);
  };
