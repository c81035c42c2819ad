import { namespacedTopic, type EventDefinition, type EventPayload } from '@shop/contracts';
import { createCloudEvent, toKafkaHeaders, type CloudEvent } from '@shop/messaging';
import type { RunningTestService } from './test-environment.js';

/** Publishes an event onto the environment's topics as another service would (for a service under test alone). */
export async function publishEvent<D extends EventDefinition>(
  via: RunningTestService,
  definition: D,
  data: EventPayload<D>,
  options: { subject?: string; id?: string; source?: string } = {},
): Promise<CloudEvent<EventPayload<D>>> {
  const subject =
    options.subject ??
    String(
      (data as { order_id?: string; product_id?: string }).order_id ?? (data as { product_id?: string }).product_id,
    );
  const event = createCloudEvent(options.source ?? 'test', {
    type: definition.type,
    subject,
    data,
    ...(options.id ? { id: options.id } : {}),
  });
  await via.infra.publisher.publish([
    {
      topic: namespacedTopic(definition.topic, via.config.KAFKA_TOPIC_NAMESPACE),
      key: subject,
      value: JSON.stringify(data),
      headers: toKafkaHeaders(event),
    },
  ]);
  return event;
}

export interface EmittedEvent {
  readonly type: string;
  readonly subject: string;
  readonly data: Record<string, unknown>;
}

/** What a service has emitted (its outbox, in commit order), optionally for one subject. */
export async function emittedEvents(service: RunningTestService, subject?: string): Promise<EmittedEvent[]> {
  const { rows } = await service.db.pool.query<{
    event_type: string;
    message_key: string;
    payload: Record<string, unknown>;
  }>(
    `SELECT event_type, message_key, payload FROM outbox ${subject ? 'WHERE message_key = $1' : ''} ORDER BY id`,
    subject ? [subject] : [],
  );
  return rows.map((r) => ({ type: r.event_type, subject: r.message_key, data: r.payload }));
}
