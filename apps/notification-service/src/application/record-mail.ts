import type { EventDefinition } from '@shop/contracts';
import type { CloudEvent } from '@shop/messaging';
import type { Sql } from '@shop/persistence';
import type { StoredEvent } from '../domain/notification.js';
import { planMail, type MailEvent } from '../domain/notification-plan.js';
import type { OrderRecipientRow } from '../domain/replica.js';
import { notificationRepository } from '../persistence/notification.repository.js';

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

export interface RecordMail {
  readonly tx: Sql;
  readonly schema: string;
  /** The contract the event came under: its topic is where a failed mail's event is dead-lettered. */
  readonly definition: EventDefinition;
  readonly event: CloudEvent;
  readonly at: Date;
  /** An order event's replica upsert, written in the same statement. */
  readonly order?: OrderRecipientRow;
}

/**
 * Records, in the consumer's transaction, a 'pending' notification for the mail the event calls
 * for, if any (the sender sends it after commit). Returns whether the event called for one.
 */
export async function recordMail({ tx, schema, definition, event, at, order }: RecordMail): Promise<boolean> {
  const plan = planMail({ type: event.type, data: event.data } as MailEvent);
  if (!plan) return false;
  await notificationRepository(tx, schema).recordPending(
    {
      template: plan.content.template,
      userId: plan.userId,
      orderId: plan.orderId,
      sourceTopic: definition.topic,
      event: stored(event),
    },
    at,
    order,
  );
  return true;
}
