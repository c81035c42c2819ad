import { OrderEvents } from '@shop/contracts';
import { exactlyOnce, ignoring, on, type Subscription } from '@shop/messaging';
import type { Transactions } from '@shop/persistence';
import { lockRunFirst } from './lock-run-first.js';
import { orderCancelledConsumer } from './order-cancelled.consumer.js';
import { orderConfirmedConsumer } from './order-confirmed.consumer.js';
import { orderPlacedConsumer } from './order-placed.consumer.js';
import type { ReservationDeps } from './reservation-deps.js';

/** The inbox name of the orders consumer: its processed_events rows are keyed by it. */
export const ORDERS_INBOX = 'inventory-service.orders';

/**
 * What inventory does with orders.events. Each handler runs in a transaction with its inbox row and
 * its outbox rows: the effect, the dedupe and the events commit together or not at all. Several
 * events of a partition share one transaction (one BEGIN/COMMIT and one inbox statement for the
 * run): the handlers lock stock rows that other orders share, so the run first locks all of them
 * in the one global order (lockRunFirst), and hands what it locked to each handler; two
 * partitions' runs then never deadlock. An order's later steps (OrderStatusChanged: shipped,
 * delivered) move no stock: declared ignored, so that any other type is parked, not dropped.
 */
export function ordersSubscriptions(transactions: Transactions, deps: ReservationDeps): Subscription[] {
  const lockedUpFront = { lockFirst: lockRunFirst };
  return [
    on(OrderEvents.OrderPlaced, exactlyOnce(ORDERS_INBOX, transactions, orderPlacedConsumer(deps), lockedUpFront)),
    on(
      OrderEvents.OrderConfirmed,
      exactlyOnce(ORDERS_INBOX, transactions, orderConfirmedConsumer(deps), lockedUpFront),
    ),
    on(
      OrderEvents.OrderCancelled,
      exactlyOnce(ORDERS_INBOX, transactions, orderCancelledConsumer(deps), lockedUpFront),
    ),
    ...ignoring(OrderEvents.OrderStatusChanged),
  ];
}
