import { UserEvents } from '@shop/contracts';
import { on, type Subscription } from '@shop/messaging';
import { notificationRepository } from '../persistence/notification.repository.js';
import { replicaRepository } from '../persistence/replica.repository.js';
import { contactOf, type MailHandlerContext } from './mail-consumer.js';

/**
 * UserUpdated → the contact replica (mails not yet sent go to the new address), and the mails that
 * waited for this contact due now. Undone by the next UserUpdated; UserDeleted erases the contact.
 */
export const userUpdatedConsumer = (ctx: MailHandlerContext): Subscription =>
  on(
    UserEvents.UserUpdated,
    ctx.once(async (tx, event) => {
      await replicaRepository(tx).upsertContact(contactOf(event.data), ctx.now());
      await notificationRepository(tx, ctx.schema).wakeWaitingFor(event.data.user_id, ctx.now());
    }),
  );
