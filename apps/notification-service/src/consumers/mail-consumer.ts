import type { OrderEvents } from '@shop/contracts';
import { exactlyOnce, on, type CloudEvent, type Subscription } from '@shop/messaging';
import type { Sql, Transactions } from '@shop/persistence';
import { recordMail } from '../application/record-mail.js';
import type { ContactRow } from '../domain/replica.js';
import { replicaRepository } from '../persistence/replica.repository.js';

/** The inbox name of this consumer: its processed_events rows. */
export const MAIL_CONSUMER = 'notification-mail';

export interface MailConsumerDeps {
  /** One runner for every subscription: a run of events shares one transaction only when they share its runner. */
  readonly inTransaction: Transactions;
  readonly schema: string;
  readonly clock?: () => Date;
}

/** What each of the consumer's handlers is built from. */
export interface MailHandlerContext {
  readonly schema: string;
  readonly now: () => Date;
  /** The handler, its effect committing with its inbox row. */
  readonly once: <T>(
    handler: (tx: Sql, event: CloudEvent<T>) => Promise<void>,
  ) => (event: CloudEvent<T>) => Promise<void>;
}

export function mailHandlerContext(deps: MailConsumerDeps): MailHandlerContext {
  return {
    schema: deps.schema,
    now: () => deps.clock?.() ?? new Date(),
    once: (handler) => exactlyOnce(MAIL_CONSUMER, deps.inTransaction, handler),
  };
}

export interface UserContactData {
  readonly user_id: string;
  readonly email: string;
  readonly first_name: string | null;
  readonly last_name: string | null;
}

export const contactOf = (d: UserContactData): ContactRow => ({
  userId: d.user_id,
  email: d.email,
  firstName: d.first_name,
  lastName: d.last_name,
});

/**
 * An order event that may call for a mail: the mail recorded with the order replica's upsert in
 * one statement, or — no mail called for — the upsert alone.
 */
type OrderMailEvent =
  typeof OrderEvents.OrderConfirmed | typeof OrderEvents.OrderCancelled | typeof OrderEvents.OrderStatusChanged;

export function orderMailSubscription(ctx: MailHandlerContext, definition: OrderMailEvent): Subscription {
  return on(
    definition,
    ctx.once(async (tx, event: CloudEvent<{ order_id: string; user_id: string }>) => {
      const order = { orderId: event.data.order_id, userId: event.data.user_id };
      const recorded = await recordMail({ tx, schema: ctx.schema, definition, event, at: ctx.now(), order });
      if (!recorded) await replicaRepository(tx).upsertOrder(order, ctx.now());
    }),
  );
}
