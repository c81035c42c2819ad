import { OrderEvents } from '@shop/contracts';
import { exactlyOnce, on, pgTransactions, type Subscription } from '@shop/messaging';
import type pg from 'pg';
import { commitOrder } from './commit-order.handler.js';
import type { ReservationDeps } from './deps.js';
import { releaseOrder } from './release-order.handler.js';
import { reserveOrder } from './reserve-order.handler.js';

/** The inbox name of the orders consumer: its processed_events rows are keyed by it. */
export const ORDERS_INBOX = 'inventory-service.orders';

/**
 * What inventory does with orders.events. Each handler runs in one transaction (pg, on the pool) with its
 * inbox row and its outbox rows: the effect, the dedupe and the events commit together or not at all.
 * One event per transaction: every handler locks stock rows that other orders share, and two
 * partitions' batches taking them in different orders would deadlock.
 */
export function ordersSubscriptions(pool: pg.Pool, deps: ReservationDeps): Subscription[] {
  const run = pgTransactions(pool);
  const oneAtATime = { batch: false };
  return [
    on(OrderEvents.OrderPlaced, exactlyOnce(ORDERS_INBOX, run, reserveOrder(deps), oneAtATime)),
    on(OrderEvents.OrderConfirmed, exactlyOnce(ORDERS_INBOX, run, commitOrder(deps), oneAtATime)),
    on(OrderEvents.OrderCancelled, exactlyOnce(ORDERS_INBOX, run, releaseOrder(deps), oneAtATime)),
  ];
}
