/**
 * InventoryReservationFailed → cancels a pending order, or a confirmed one whose hold expired and
 * whose stock was gone when inventory tried again (OrderCancelled, reason insufficient_inventory,
 * naming product, requested and available). Its compensation is downstream: on OrderCancelled
 * payment drops the intent or voids the authorization. Nothing undoes a cancellation.
 */
import type { InventoryEvents } from '@shop/contracts';
import { reactToSignal, type SagaDeps, type SagaHandler } from './saga-handler.js';

export const inventoryReservationFailedConsumer =
  (deps: SagaDeps): SagaHandler<typeof InventoryEvents.InventoryReservationFailed> =>
  (tx, e, run) =>
    reactToSignal(
      deps,
      tx,
      run,
      e,
      e.data.order_id,
      { type: 'reservation_failed' },
      {
        failure: {
          reason: e.data.reason,
          product_id: e.data.product_id,
          requested: e.data.requested,
          available: e.data.available,
        },
      },
    );
