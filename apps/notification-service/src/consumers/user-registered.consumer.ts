import { UserEvents } from '@shop/contracts';
import { on, type Subscription } from '@shop/messaging';
import { recordMail } from '../application/record-mail.js';
import { notificationRepository } from '../persistence/notification.repository.js';
import { replicaRepository } from '../persistence/replica.repository.js';
import { contactOf, type MailHandlerContext } from './mail-consumer.js';

/**
 * UserRegistered → the contact replica, the welcome mail recorded 'pending', and the mails that
 * waited for this contact due now. Undone by nothing: a mail sent stays sent; UserDeleted erases
 * the contact and the address from past mails.
 */
export const userRegisteredConsumer = (ctx: MailHandlerContext): Subscription =>
  on(
    UserEvents.UserRegistered,
    ctx.once(async (tx, event) => {
      await replicaRepository(tx).upsertContact(contactOf(event.data), ctx.now());
      await recordMail({ tx, schema: ctx.schema, definition: UserEvents.UserRegistered, event, at: ctx.now() });
      await notificationRepository(tx, ctx.schema).wakeWaitingFor(event.data.user_id, ctx.now());
    }),
  );
