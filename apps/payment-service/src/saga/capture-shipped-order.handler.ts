import type { EventPayload, OrderEvents } from '@shop/contracts';
import type { CloudEvent } from '@shop/messaging';
import type { Sql } from '@shop/persistence';
import { applyToOrder, type SagaDeps } from './saga-context.js';

type OrderStatusChanged = EventPayload<typeof OrderEvents.OrderStatusChanged>;

/**
 * OrderStatusChanged to shipped → capture the authorization (the worker calls the provider)
 * → PaymentCaptured. Other status changes are not the payment's business.
 * Undone by: OrderCancelled after shipment (a return), which refunds.
 */
export const captureShippedOrder =
  (deps: SagaDeps) =>
  async (tx: Sql, event: CloudEvent<OrderStatusChanged>): Promise<void> => {
    if (event.data.to !== 'shipped') return;
    await applyToOrder(deps, tx, event, event.data.order_id, { type: 'order_shipped' });
  };
