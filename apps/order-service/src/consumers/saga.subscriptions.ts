import { InventoryEvents, PaymentEvents } from '@shop/contracts';
import { exactlyOnce, ignoring, on, type CloudEvent, type LockFirst, type Subscription } from '@shop/messaging';
import type { Sql } from '@shop/persistence';
import { SagaRun } from '../domain/saga-run.js';
import { inventoryReservationFailedConsumer } from './inventory-reservation-failed.consumer.js';
import { paymentAuthorizedConsumer } from './payment-authorized.consumer.js';
import { paymentCapturedConsumer } from './payment-captured.consumer.js';
import { paymentFailedConsumer } from './payment-failed.consumer.js';
import { paymentRefundedConsumer } from './payment-refunded.consumer.js';
import { paymentVoidedConsumer } from './payment-voided.consumer.js';
import { productUpsertedConsumer } from './product-upserted.consumer.js';
import { reservationExpiredConsumer } from './reservation-expired.consumer.js';
import type { SagaDeps } from './saga-handler.js';

export type { SagaDeps } from './saga-handler.js';

const CONSUMER = 'order-service.saga';

/** The order a saga event is about; none for a catalogue event. */
const orderIdOf = (event: CloudEvent): string[] => {
  const orderId = (event.data as { order_id?: unknown }).order_id;
  return typeof orderId === 'string' ? [orderId] : [];
};

/**
 * payments.events and inventory.events, as the saga consumer hears them: the order's side of the
 * saga. Each handler runs in one transaction with its inbox row — the order's new status, its
 * timeline entry and the next event commit together, once — and the consumer applies a run of a
 * partition's events in one transaction, so they share one runner and one lockFirst.
 *
 *   PaymentAuthorized          → confirm      (OrderConfirmed; undone by a later cancel)
 *   PaymentFailed              → cancel       (OrderCancelled → inventory releases the hold)
 *   InventoryReservationFailed → cancel       (OrderCancelled → payment drops the intent / voids)
 *   ReservationExpired         → cancel       (OrderCancelled → payment voids a late authorization)
 *   PaymentVoided/Captured/Refunded → record the payment status only
 *   ProductUpserted            → refresh the catalogue replica the order is priced from
 *   InventoryReserved, ReservationReleased → ignored: the order waits for its payment, and a
 *                                release follows a cancel the order already knows of
 */
export function sagaSubscriptions(deps: SagaDeps): Subscription[] {
  // A run's orders are locked in one statement, in order-id order, before its first event: the run's state.
  const lockFirst: LockFirst<SagaRun> = async (tx, events) => {
    const orderIds = [...new Set(events.flatMap(orderIdOf))].sort();
    return new SagaRun(await deps.persistence.on(tx).orders.lockAll(orderIds));
  };
  const once = <T>(handler: (tx: Sql, event: CloudEvent<T>, run: SagaRun) => Promise<void>) =>
    exactlyOnce(CONSUMER, deps.persistence.transactions, handler, { lockFirst });

  return [
    on(PaymentEvents.PaymentAuthorized, once(paymentAuthorizedConsumer(deps))),
    on(PaymentEvents.PaymentFailed, once(paymentFailedConsumer(deps))),
    on(InventoryEvents.InventoryReservationFailed, once(inventoryReservationFailedConsumer(deps))),
    on(InventoryEvents.ReservationExpired, once(reservationExpiredConsumer(deps))),
    on(PaymentEvents.PaymentVoided, once(paymentVoidedConsumer(deps))),
    on(PaymentEvents.PaymentCaptured, once(paymentCapturedConsumer(deps))),
    on(PaymentEvents.PaymentRefunded, once(paymentRefundedConsumer(deps))),
    on(InventoryEvents.ProductUpserted, once(productUpsertedConsumer(deps))),
    ...ignoring(InventoryEvents.InventoryReserved, InventoryEvents.ReservationReleased),
  ];
}
