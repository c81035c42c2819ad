import { UserEvents } from '@shop/contracts';
import { exactlyOnce, on, type Subscription } from '@shop/messaging';
import { userDeletedConsumer, type UserErasureDeps } from './user-deleted.consumer.js';

/** The inbox name of this consumer: its processed_events rows. */
const CONSUMER = 'order-service.gdpr';

/** users.events, as the gdpr consumer hears it: each event once (inbox row in the same transaction). */
export function usersSubscriptions(deps: UserErasureDeps): Subscription[] {
  return [on(UserEvents.UserDeleted, exactlyOnce(CONSUMER, deps.persistence.transactions, userDeletedConsumer(deps)))];
}
