import { InventoryEvents, PaymentEvents } from '@shop/contracts';
import type pg from 'pg';
import { exactlyOnce, on, PermanentError, type CloudEvent, type LockFirst, type Subscription } from '@shop/messaging';
import { transactions } from '@shop/persistence';
import type { Logger } from '@shop/telemetry';
import { reactTo, type SagaSignal } from '../domain/saga.js';
import { upsertCatalogueProduct } from '../persistence/catalogue.js';
import { lockOrder, lockRunOrders, type OrderTx } from '../persistence/order-repository.js';
import { writePaymentStatus } from '../persistence/order-writes.js';
import { applyTransition, type PaymentDetails, type TransitionDeps } from '../orders/transition-order.js';

export interface OrderSagaDeps {
  readonly pool: pg.Pool;
  readonly transitions: TransitionDeps;
  readonly logger: Logger;
}

const CONSUMER = 'order-service.saga';

/** The order a saga event is about; none for a catalogue event. */
const orderIdOf = (event: CloudEvent): string[] => {
  const orderId = (event.data as { order_id?: unknown }).order_id;
  return typeof orderId === 'string' ? [orderId] : [];
};

/**
 * The order's side of the saga. Each handler runs in one transaction with its inbox row:
 * the order's new status, its timeline entry and the next event commit together, once.
 *
 *   PaymentAuthorized          → confirm      (OrderConfirmed; undone by a later cancel)
 *   PaymentFailed              → cancel       (OrderCancelled → inventory releases the hold)
 *   InventoryReservationFailed → cancel       (OrderCancelled → payment drops the intent / voids)
 *   ReservationExpired         → cancel       (OrderCancelled → payment voids a late authorization)
 *   PaymentVoided/Captured/Refunded → record the payment status only
 *   ProductUpserted            → refresh the catalogue replica the order is priced from
 */
export function orderSagaSubscriptions(deps: OrderSagaDeps): Subscription[] {
  // One runner for every subscription: the consumer applies a run of a partition's events in one transaction when they share it.
  const inTransaction = transactions(deps.pool);
  // A run's orders are locked in one statement before its first event (see run-snapshot.ts).
  const lockFirst: LockFirst = (tx, events) => lockRunOrders(tx, [...new Set(events.flatMap(orderIdOf))].sort());
  const once = <T>(handler: (tx: OrderTx, event: CloudEvent<T>) => Promise<void>) => exactlyOnce(CONSUMER, inTransaction, handler, { lockFirst });

  async function react(tx: OrderTx, event: CloudEvent, orderId: string, signal: SagaSignal, extra: { payment?: PaymentDetails; failure?: Record<string, string | number> } = {}) {
    const order = await lockOrder(tx, orderId);
    if (!order) throw new PermanentError(`order ${orderId} does not exist`);
    const command = reactTo(signal, order.status);
    if (!command) {
      if (extra.payment) await writePaymentStatus(tx, orderId, extra.payment.status);
      deps.logger.debug({ orderId, signal: signal.type, status: order.status }, 'saga signal changes nothing');
      return;
    }
    const result = await applyTransition(tx, deps.transitions, order, command, { causationId: event.id, ...extra });
    if (!result.ok) deps.logger.warn({ orderId, signal: signal.type, result }, 'saga command refused');
  }

  const recordPaymentStatus = (status: string) =>
    once<{ order_id: string }>(async (tx, e) => {
      await writePaymentStatus(tx, e.data.order_id, status);
    });

  return [
    on(
      PaymentEvents.PaymentAuthorized,
      once(async (tx, e) =>
        react(tx, e, e.data.order_id, { type: 'payment_authorized' }, { payment: { status: 'authorized', method: e.data.method, transactionId: e.data.transaction_id } }),
      ),
    ),
    on(
      PaymentEvents.PaymentFailed,
      once(async (tx, e) =>
        react(tx, e, e.data.order_id, { type: 'payment_failed' }, { payment: { status: 'failed' }, failure: { code: e.data.code, message: e.data.message } }),
      ),
    ),
    on(
      InventoryEvents.InventoryReservationFailed,
      once(async (tx, e) =>
        react(tx, e, e.data.order_id, { type: 'reservation_failed' }, {
          failure: { reason: e.data.reason, product_id: e.data.product_id, requested: e.data.requested, available: e.data.available },
        }),
      ),
    ),
    on(InventoryEvents.ReservationExpired, once(async (tx, e) => react(tx, e, e.data.order_id, { type: 'reservation_expired' }))),
    on(PaymentEvents.PaymentVoided, recordPaymentStatus('voided')),
    on(PaymentEvents.PaymentCaptured, recordPaymentStatus('captured')),
    on(PaymentEvents.PaymentRefunded, recordPaymentStatus('refunded')),
    on(
      InventoryEvents.ProductUpserted,
      once(async (tx, e) => {
        const p = e.data;
        await upsertCatalogueProduct(tx, {
          productId: p.product_id, sku: p.sku, name: p.name, category: p.category, priceCents: p.price_cents, currency: p.currency, status: p.status, updatedAt: new Date(e.time),
        });
      }),
    ),
  ];
}
