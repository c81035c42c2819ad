import { UserEvents } from '@shop/contracts';
import { exactlyOnce, ignoring, on, type Subscription } from '@shop/messaging';
import { userDeletedConsumer, type UserErasureDeps } from './user-deleted.consumer.js';

/** The inbox name of this consumer: its processed_events rows. */
const CONSUMER = 'order-service.gdpr';

/**
 * users.events, as the gdpr consumer hears it: each erasure once (inbox row in the same transaction);
 * registrations and contact changes are not its business.
 */
export function usersSubscriptions(deps: UserErasureDeps): Subscription[] {
  return [
    on(UserEvents.UserDeleted, exactlyOnce(CONSUMER, deps.persistence.transactions, userDeletedConsumer(deps))),
    ...ignoring(UserEvents.UserRegistered, UserEvents.UserUpdated),
  ];
}
