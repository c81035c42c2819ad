import { InventoryEvents, OrderEvents } from '@shop/contracts';
import { exactlyOnce, on, type CloudEvent, type LockFirst, type Subscription } from '@shop/messaging';
import { transactions, type Sql } from '@shop/persistence';
import { sqlPaymentRepository } from '../persistence/sql-payment.repository.js';
import { authorizeReservedOrder } from './authorize-reserved-order.handler.js';
import { captureShippedOrder } from './capture-shipped-order.handler.js';
import { compensateCancelledOrder } from './compensate-cancelled-order.handler.js';
import { recordPaymentIntent } from './record-payment-intent.handler.js';
import { SAGA_CONSUMER, type SagaDeps } from './saga-context.js';

/**
 * The payment's part of the order saga: which event runs which step. Every handler runs in one
 * transaction with its inbox row, so a redelivered event changes nothing. The transactions are on
 * pg directly: this is every order's path, and the handlers' SQL needs no more than a connection.
 */
export function paymentSagaSubscriptions(deps: SagaDeps): Subscription[] {
  const inTransaction = transactions(deps.pool);
  const lockFirst: LockFirst = (tx, events) =>
    sqlPaymentRepository(tx, deps.schema).lockRun([...new Set(events.map((e) => (e.data as { order_id: string }).order_id))].sort());
  const once = <T>(handler: (tx: Sql, event: CloudEvent<T>) => Promise<void>) => exactlyOnce(SAGA_CONSUMER, inTransaction, handler, { lockFirst });
  return [
    on(OrderEvents.OrderPlaced, once(recordPaymentIntent(deps))),
    on(InventoryEvents.InventoryReserved, once(authorizeReservedOrder(deps))),
    on(OrderEvents.OrderCancelled, once(compensateCancelledOrder(deps))),
    on(OrderEvents.OrderStatusChanged, once(captureShippedOrder(deps))),
  ];
}
