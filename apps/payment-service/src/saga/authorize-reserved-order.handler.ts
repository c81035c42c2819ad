import type { EventPayload, InventoryEvents } from '@shop/contracts';
import type { CloudEvent } from '@shop/messaging';
import type { Sql } from '@shop/persistence';
import { applyToOrder, type SagaDeps } from './saga-context.js';

type InventoryReserved = EventPayload<typeof InventoryEvents.InventoryReserved>;

/**
 * InventoryReserved → the order is ready to be authorized: the payment becomes due for the
 * authorization worker (the provider is never called from here). Arriving before OrderPlaced
 * (another topic), it is remembered and the intent starts authorizing when it comes.
 * Undone by: OrderCancelled, which voids the authorization.
 */
export const authorizeReservedOrder =
  (deps: SagaDeps) =>
  (tx: Sql, event: CloudEvent<InventoryReserved>): Promise<void> =>
    applyToOrder(deps, tx, event, event.data.order_id, { type: 'inventory_reserved' }, {
      type: 'inventory_reserved',
      expiresAt: new Date(event.data.expires_at),
    });
