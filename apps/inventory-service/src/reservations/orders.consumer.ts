import { OrderEvents } from '@shop/contracts';
import { exactlyOnce, on, type Subscription } from '@shop/messaging';
import { transactions } from '@shop/persistence';
import type pg from 'pg';
import { commitOrder } from './commit-order.handler.js';
import type { ReservationDeps } from './deps.js';
import { lockRunFirst } from './lock-run-first.js';
import { releaseOrder } from './release-order.handler.js';
import { reserveOrder } from './reserve-order.handler.js';

/** The inbox name of the orders consumer: its processed_events rows are keyed by it. */
export const ORDERS_INBOX = 'inventory-service.orders';

/**
 * What inventory does with orders.events. Each handler runs in a transaction (pg, on the pool) with its
 * inbox row and its outbox rows: the effect, the dedupe and the events commit together or not at all.
 * Several events of a partition share one transaction (one BEGIN/COMMIT and one inbox statement for
 * the run): the handlers lock stock rows that other orders share, so the run first locks all of
 * them in the one global order (lockRunFirst); two partitions' runs then never deadlock.
 */
export function ordersSubscriptions(pool: pg.Pool, deps: ReservationDeps): Subscription[] {
  const run = transactions(pool);
  const lockedUpFront = { lockFirst: lockRunFirst };
  return [
    on(OrderEvents.OrderPlaced, exactlyOnce(ORDERS_INBOX, run, reserveOrder(deps), lockedUpFront)),
    on(OrderEvents.OrderConfirmed, exactlyOnce(ORDERS_INBOX, run, commitOrder(deps), lockedUpFront)),
    on(OrderEvents.OrderCancelled, exactlyOnce(ORDERS_INBOX, run, releaseOrder(deps), lockedUpFront)),
  ];
}
