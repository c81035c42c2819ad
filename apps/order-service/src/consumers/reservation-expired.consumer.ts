/**
 * ReservationExpired → cancels an order still pending (OrderCancelled, reason reservation_expired);
 * a confirmed order keeps its stock (inventory re-takes it on OrderConfirmed, or says it cannot).
 * Its compensation is downstream: on OrderCancelled payment voids a late authorization. Nothing
 * undoes a cancellation.
 */
import type { InventoryEvents } from '@shop/contracts';
import { reactToSignal, type SagaDeps, type SagaHandler } from './saga-handler.js';

export const reservationExpiredConsumer =
  (deps: SagaDeps): SagaHandler<typeof InventoryEvents.ReservationExpired> =>
  (tx, e, run) =>
    reactToSignal(deps, tx, run, e, e.data.order_id, { type: 'reservation_expired' });
