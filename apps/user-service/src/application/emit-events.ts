import type { OutboxWriter } from '@shop/messaging';
import type { Sql } from '@shop/persistence';
import type { UserEvent } from '../domain/user-events.js';

/** Hands a decision's events to the outbox inside the transaction that makes its change. */
export async function emitEvents(tx: Sql, outbox: OutboxWriter, events: readonly UserEvent[]): Promise<void> {
  for (const event of events) {
    await outbox.add(tx, event.definition, { subject: event.subject, data: event.data });
  }
}
