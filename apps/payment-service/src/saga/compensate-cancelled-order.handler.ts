import type { EventPayload, OrderEvents } from '@shop/contracts';
import type { CloudEvent } from '@shop/messaging';
import type { Sql } from '@shop/persistence';
import { applyToOrder, type SagaDeps } from './saga-context.js';

type OrderCancelled = EventPayload<typeof OrderEvents.OrderCancelled>;

/**
 * OrderCancelled → the compensation of every earlier step: an intent nothing was sent for is
 * dropped (cancelled); an authorization (held, possibly held, or completing later) is voided
 * → PaymentVoided; a capture is refunded → PaymentRefunded. The provider calls are the worker's.
 */
export const compensateCancelledOrder =
  (deps: SagaDeps) =>
  (tx: Sql, event: CloudEvent<OrderCancelled>): Promise<void> =>
    applyToOrder(deps, tx, event, event.data.order_id, { type: 'order_cancelled' }, { type: 'order_cancelled' });
