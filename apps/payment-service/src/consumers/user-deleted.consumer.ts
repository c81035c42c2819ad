import type { EventPayload, UserEvents } from '@shop/contracts';
import type { CloudEvent } from '@shop/messaging';
import type { Sql } from '@shop/persistence';
import { eraseUserPayments } from '../application/erase-user-payments.js';
import type { UserErasureRepository } from '../domain/user-erasure.port.js';

type UserDeleted = EventPayload<typeof UserEvents.UserDeleted>;

/**
 * UserDeleted → the user's payments are anonymised: card description, provider answer and (once
 * no authorization can still be sent) the card token go; the accounting record stays.
 * Undone by: nothing — an erasure is final by design.
 */
export const userDeletedConsumer =
  (repositoryOn: (tx: Sql) => UserErasureRepository, clock: () => Date) =>
  (tx: Sql, event: CloudEvent<UserDeleted>): Promise<void> =>
    eraseUserPayments(repositoryOn(tx), event.data.user_id, clock());
