import { UserEvents } from '@shop/contracts';
import { exactlyOnce, on, type Subscription } from '@shop/messaging';
import type { OrderPrisma } from '../persistence/prisma.js';
import type { OrderTx } from '../persistence/order-repository.js';
import { eraseUserOrders } from './erase-user-orders.js';

/** The inbox name of this consumer: its processed_events rows. */
const CONSUMER = 'order-service.gdpr';

/** users.events → UserDeleted anonymises the user's orders, once per event (inbox in the same transaction). */
export function userErasureSubscriptions(deps: { readonly prisma: OrderPrisma; readonly clock?: () => Date }): Subscription[] {
  const inTransaction = <R>(work: (tx: OrderTx) => Promise<R>) => deps.prisma.$transaction(work);
  return [
    on(
      UserEvents.UserDeleted,
      exactlyOnce(CONSUMER, inTransaction, (tx, event) => eraseUserOrders(tx, event.data.user_id, deps.clock?.() ?? new Date())),
    ),
  ];
}
