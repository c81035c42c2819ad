/**
 * ReservationExpired → cancels an order still pending (OrderCancelled, reason reservation_expired);
 * a confirmed order keeps its stock (inventory re-takes it on OrderConfirmed, or says it cannot).
 * Its compensation is downstream: on OrderCancelled payment voids a late authorization. Nothing
 * undoes a cancellation.
 */
import type { InventoryEvents } from '@shop/contracts';
import { signalConsumer } from './saga-handler.js';

export const reservationExpiredConsumer = signalConsumer<typeof InventoryEvents.ReservationExpired>((e) => ({
  orderId: e.data.order_id,
  signal: { type: 'reservation_expired' },
}));
