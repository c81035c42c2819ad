import { namespacedTopic, type EventDefinition, type EventPayload } from '@shop/contracts';
import { createCloudEvent, toKafkaHeaders, type CloudEvent } from './cloud-event.js';
import type { SqlTransaction } from './sql.js';
import { currentTraceHeaders } from './trace-context.js';

export interface OutboxEvent<T> {
  readonly subject: string;
  readonly data: T;
  readonly correlationId?: string;
  readonly causationId?: string;
}

export const outboxChannel = (schema: string): string => `outbox_${schema}`;

/**
 * Writes events into the service's outbox inside the caller's transaction, so the event exists
 * exactly when the domain change does. The NOTIFY is delivered on commit and wakes the relay.
 */
export class OutboxWriter {
  constructor(
    /** The publishing service: every event's CloudEvents source. */
    readonly source: string,
    private readonly schema: string,
    private readonly topicNamespace = '',
  ) {}

  async add<D extends EventDefinition>(tx: SqlTransaction, definition: D, event: OutboxEvent<EventPayload<D>>): Promise<CloudEvent<EventPayload<D>>> {
    const data = definition.schema.parse(event.data) as EventPayload<D>;
    const cloudEvent = createCloudEvent(this.source, { ...event, type: definition.type, data });
    const headers = toKafkaHeaders(cloudEvent, currentTraceHeaders());
    // One round trip: the row and the NOTIFY that wakes the relay on commit.
    await tx.$executeRawUnsafe(
      `WITH added AS (
         INSERT INTO outbox (event_id, topic, message_key, event_type, headers, payload)
         VALUES ($1::uuid, $2, $3, $4, $5::jsonb, $6::jsonb) RETURNING 1)
       SELECT pg_notify($7, '') FROM added`,
      cloudEvent.id,
      namespacedTopic(definition.topic, this.topicNamespace),
      cloudEvent.subject,
      cloudEvent.type,
      JSON.stringify(headers),
      JSON.stringify(data),
      outboxChannel(this.schema),
    );
    return cloudEvent;
  }
}
