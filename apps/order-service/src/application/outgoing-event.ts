import type { EventDefinition } from '@shop/contracts';
import type { OutboxWriter } from '@shop/messaging';
import type { OrderEvent } from '../domain/order-events.js';
import type { OutgoingEvent } from './order-deps.js';

export interface EventEnvelope {
  readonly subject: string;
  readonly correlationId: string;
  readonly causationId?: string;
}

/** A domain event made ready for the outbox (validated, given its id and envelope), written with its change. */
export function prepareEvent(outbox: OutboxWriter, event: OrderEvent, envelope: EventEnvelope): OutgoingEvent {
  return outbox.prepare(event.definition as EventDefinition, { ...envelope, data: event.data });
}
