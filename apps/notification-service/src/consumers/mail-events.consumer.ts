import type pg from 'pg';
import { OrderEvents, PaymentEvents, UserEvents, type EventDefinition } from '@shop/contracts';
import { exactlyOnce, on, type CloudEvent, type Subscription } from '@shop/messaging';
import { transactions, type Sql } from '@shop/persistence';
import { planMail, type MailEvent } from '../domain/notification-plan.js';
import { notificationStore, type StoredEvent } from '../persistence/notification-store.js';
import { replicaStore, type OrderRecipientRow } from '../persistence/replica-store.js';

/** The inbox name of this consumer: its processed_events rows. */
export const MAIL_CONSUMER = 'notification-mail';

export interface MailConsumerDeps {
  /** The service's pool (search_path: its schema); the handlers' transactions run on it directly. */
  readonly pool: pg.Pool;
  readonly schema: string;
  readonly clock?: () => Date;
}

const stored = (event: CloudEvent): StoredEvent => ({
  id: event.id,
  type: event.type,
  source: event.source,
  subject: event.subject,
  time: event.time,
  ...(event.correlationId ? { correlationId: event.correlationId } : {}),
  ...(event.causationId ? { causationId: event.causationId } : {}),
  data: event.data,
});

/**
 * users, orders and payments events → the contact and order replicas, and a 'pending'
 * notification row for each mail to send (nothing is sent here: the sender does that after
 * commit). Every handler commits with its inbox row, so a redelivered event records nothing new;
 * the (event_id, template) key stops a concurrent duplicate as well. No compensation: a mail
 * sent is not undone.
 */
export function mailEventSubscriptions(deps: MailConsumerDeps): Subscription[] {
  // One runner for every subscription: the consumer applies a run of events in one transaction only when they share it.
  const inTransaction = transactions(deps.pool);
  const now = () => deps.clock?.() ?? new Date();
  const once = <T>(handler: (tx: Sql, event: CloudEvent<T>) => Promise<void>) => exactlyOnce(MAIL_CONSUMER, inTransaction, handler);

  /** Records the mail the event calls for, if any; an order event's replica upsert goes in the same statement. Returns whether the event called for one. */
  const recordMail = async (tx: Sql, definition: EventDefinition, event: CloudEvent, order?: OrderRecipientRow): Promise<boolean> => {
    const plan = planMail({ type: event.type, data: event.data } as MailEvent);
    if (!plan) return false;
    await notificationStore(tx, deps.schema).recordPending(
      { template: plan.content.template, userId: plan.userId, orderId: plan.orderId, sourceTopic: definition.topic, event: stored(event) },
      now(),
      order,
    );
    return true;
  };
  const contactOf = (d: { user_id: string; email: string; first_name: string | null; last_name: string | null }) => ({ userId: d.user_id, email: d.email, firstName: d.first_name, lastName: d.last_name });

  return [
    on(UserEvents.UserRegistered, once(async (tx, event) => {
      await replicaStore(tx).upsertContact(contactOf(event.data), now());
      await recordMail(tx, UserEvents.UserRegistered, event);
      await notificationStore(tx, deps.schema).wakeWaitingFor(event.data.user_id, now());
    })),
    on(UserEvents.UserUpdated, once(async (tx, event) => {
      await replicaStore(tx).upsertContact(contactOf(event.data), now());
      await notificationStore(tx, deps.schema).wakeWaitingFor(event.data.user_id, now());
    })),
    on(UserEvents.UserDeleted, once(async (tx, event) => {
      await replicaStore(tx).eraseUser(event.data.user_id, now());
    })),
    on(OrderEvents.OrderPlaced, once(async (tx, event) => {
      const { order_id, user_id, items, total_cents, currency } = event.data;
      const lines = items.map((i) => ({ productId: i.product_id, quantity: i.quantity, unitPriceCents: i.unit_price_cents }));
      await replicaStore(tx).upsertOrder({ orderId: order_id, userId: user_id, lines, totalCents: total_cents, currency }, now());
    })),
    ...[OrderEvents.OrderConfirmed, OrderEvents.OrderCancelled, OrderEvents.OrderStatusChanged].map((definition) =>
      on(definition, once(async (tx, event: CloudEvent<{ order_id: string; user_id: string }>) => {
        const order = { orderId: event.data.order_id, userId: event.data.user_id };
        if (!(await recordMail(tx, definition, event, order))) await replicaStore(tx).upsertOrder(order, now());
      })),
    ),
    on(PaymentEvents.PaymentRefunded, once(async (tx, event) => {
      await recordMail(tx, PaymentEvents.PaymentRefunded, event);
    })),
  ];
}
