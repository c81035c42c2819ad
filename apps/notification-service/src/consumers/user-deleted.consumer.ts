import { UserEvents } from '@shop/contracts';
import { on, type Subscription } from '@shop/messaging';
import { replicaRepository } from '../persistence/replica.repository.js';
import type { MailHandlerContext } from './mail-consumer.js';

/**
 * UserDeleted → GDPR erasure: the contact goes, the user's past notifications keep no address,
 * payload, greeting by name or delivery error, and mails not yet sent are cancelled. Undone by
 * nothing, on purpose: an erasure is final.
 */
export const userDeletedConsumer = (ctx: MailHandlerContext): Subscription =>
  on(
    UserEvents.UserDeleted,
    ctx.once(async (tx, event) => {
      await replicaRepository(tx).eraseUser(event.data.user_id, ctx.now());
    }),
  );
