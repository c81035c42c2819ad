import { UserEvents } from '@shop/contracts';
import { exactlyOnce, ignoring, on, type Subscription } from '@shop/messaging';
import type { Transactions } from '@shop/persistence';
import { userErasureRepository } from '../persistence/user-erasure.repository.js';
import { userDeletedConsumer } from './user-deleted.consumer.js';

/** The inbox name of this consumer: its processed_events rows. */
const CONSUMER = 'payment-gdpr';

/**
 * users.events → UserDeleted anonymises the user's payments, once per event (inbox in the same
 * transaction); registrations and contact changes are not its business.
 */
export function userErasureSubscriptions(deps: {
  readonly transactions: Transactions;
  readonly clock?: () => Date;
}): Subscription[] {
  const clock = deps.clock ?? (() => new Date());
  const handler = userDeletedConsumer(userErasureRepository, clock);
  return [
    on(UserEvents.UserDeleted, exactlyOnce(CONSUMER, deps.transactions, handler)),
    ...ignoring(UserEvents.UserRegistered, UserEvents.UserUpdated),
  ];
}
