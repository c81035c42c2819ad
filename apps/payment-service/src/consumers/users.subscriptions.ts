import { UserEvents } from '@shop/contracts';
import { exactlyOnce, ignoring, on, type Subscription } from '@shop/messaging';
import { transactions } from '@shop/persistence';
import type { Infrastructure } from '@shop/runtime';
import { userErasureRepository } from '../persistence/user-erasure.repository.js';
import { userDeletedConsumer } from './user-deleted.consumer.js';

/** The inbox name of this consumer: its processed_events rows. */
const CONSUMER = 'payment-gdpr';

/**
 * users.events → UserDeleted anonymises the user's payments, once per event (inbox in the same
 * transaction); registrations and contact changes are not its business.
 */
export function userErasureSubscriptions(deps: {
  readonly pool: Infrastructure['pool'];
  readonly clock?: () => Date;
}): Subscription[] {
  const clock = deps.clock ?? (() => new Date());
  const handler = userDeletedConsumer(userErasureRepository, clock);
  return [
    on(UserEvents.UserDeleted, exactlyOnce(CONSUMER, transactions(deps.pool), handler)),
    ...ignoring(UserEvents.UserRegistered, UserEvents.UserUpdated),
  ];
}
