/**
 * UserDeleted → anonymises the user's orders, keeping the accounting record (see
 * eraseUserOrders); the erasure and the inbox row commit together. Nothing undoes it: an erased
 * person's details are gone for good.
 */
import type { UserEvents, EventPayload } from '@shop/contracts';
import type { CloudEvent } from '@shop/messaging';
import type { Sql } from '@shop/persistence';
import { eraseUserOrders } from '../application/erase-user-orders.js';
import type { OrderPersistence } from '../application/order-deps.js';

export interface UserErasureDeps {
  readonly persistence: Pick<OrderPersistence, 'transactions' | 'on'>;
  readonly clock?: () => Date;
}

export const userDeletedConsumer =
  (deps: UserErasureDeps) =>
  (tx: Sql, event: CloudEvent<EventPayload<typeof UserEvents.UserDeleted>>): Promise<void> =>
    eraseUserOrders(deps.persistence.on(tx), event.data.user_id, deps.clock?.() ?? new Date());
