/**
 * InventoryReservationFailed → cancels a pending order, or a confirmed one whose hold expired and
 * whose stock was gone when inventory tried again (OrderCancelled, reason insufficient_inventory,
 * naming product, requested and available). Its compensation is downstream: on OrderCancelled
 * payment drops the intent or voids the authorization. Nothing undoes a cancellation.
 */
import type { InventoryEvents } from '@shop/contracts';
import { signalConsumer } from './saga-handler.js';

export const inventoryReservationFailedConsumer = signalConsumer<typeof InventoryEvents.InventoryReservationFailed>(
  ({ data }) => ({
    orderId: data.order_id,
    signal: { type: 'reservation_failed' },
    context: {
      failure: {
        reason: data.reason,
        product_id: data.product_id,
        requested: data.requested,
        available: data.available,
      },
    },
  }),
);
