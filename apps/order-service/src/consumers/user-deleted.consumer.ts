import { UserEvents } from '@shop/contracts';
import type pg from 'pg';
import { exactlyOnce, on, type Subscription } from '@shop/messaging';
import { transactions } from '@shop/persistence';
import { eraseUserOrders } from './erase-user-orders.js';

/** The inbox name of this consumer: its processed_events rows. */
const CONSUMER = 'order-service.gdpr';

/** users.events → UserDeleted anonymises the user's orders, once per event (inbox in the same transaction). */
export function userErasureSubscriptions(deps: { readonly pool: pg.Pool; readonly clock?: () => Date }): Subscription[] {
  const inTransaction = transactions(deps.pool);
  return [
    on(
      UserEvents.UserDeleted,
      exactlyOnce(CONSUMER, inTransaction, (tx, event) => eraseUserOrders(tx, event.data.user_id, deps.clock?.() ?? new Date())),
    ),
  ];
}
