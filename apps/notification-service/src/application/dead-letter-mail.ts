import { deadLetterTopic, namespacedTopic } from '@shop/contracts';
import { toKafkaHeaders, type CloudEvent, type EventPublisher } from '@shop/messaging';
import type { ClaimedNotification } from '../domain/notification.js';

/** The consumer group name a dead-lettered notification names (as EventConsumer does for its own). */
export const SENDER_NAME = 'notification-service.mail-sender';

/**
 * Publishes the event whose mail could not be sent to its topic's `.dlq`, as the consumer would
 * a poison message: original key, value and CloudEvents headers, plus why it failed. Throws when
 * the broker does not take it, so the caller's 'failed' does not commit and the row is retried.
 */
export async function deadLetterFailure(
  publisher: EventPublisher,
  namespace: string,
  claimed: ClaimedNotification,
  error: string,
  at: Date,
): Promise<string | undefined> {
  const event = claimed.event as CloudEvent | null;
  if (!event || !claimed.sourceTopic) return undefined;
  const source = namespacedTopic(claimed.sourceTopic, namespace);
  const topic = namespacedTopic(deadLetterTopic(claimed.sourceTopic), namespace);
  await publisher.publish([
    {
      topic,
      key: event.subject,
      value: JSON.stringify(event.data),
      headers: {
        ...toKafkaHeaders(event),
        dlq_reason: 'delivery_failed',
        dlq_error: error.slice(0, 4000),
        dlq_attempts: String(claimed.attempts),
        dlq_source_topic: source,
        dlq_consumer_group: SENDER_NAME,
        dlq_failed_at: at.toISOString(),
        notification_id: claimed.notificationId,
        notification_template: claimed.template,
      },
    },
  ]);
  return source;
}
