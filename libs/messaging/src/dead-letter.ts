import type { IHeaders, KafkaMessage } from 'kafkajs';
import { deadLetterTopic } from '@shop/contracts';
import { headerString, MalformedEventError } from './cloud-event.js';
import type { LoggerLike } from './logger.js';
import type { EventPublisher, OutgoingMessage } from './publisher.js';
import { PermanentError } from './subscription.js';

export interface FailedMessage {
  readonly topic: string;
  readonly partition: number;
  readonly message: KafkaMessage;
  readonly error: unknown;
  readonly attempts: number;
  readonly groupId: string;
}

/**
 * An event of a type (or a version of one) the consumer neither handles nor declared it ignores:
 * parked in the dead-letter topic, to be redriven once a consumer that knows it is deployed.
 */
export class UnknownEventTypeError extends Error {
  override readonly name = 'UnknownEventTypeError';

  constructor(
    readonly type: string,
    knownVersions: readonly string[],
  ) {
    const known = knownVersions.length > 0 ? ` (it knows ${knownVersions.join(', ')})` : '';
    super(`no subscription for ${type}${known}`);
  }
}

export type DeadLetterReason = 'malformed' | 'unknown_type' | 'rejected' | 'handler_failed';

/**
 * Why a message is dead-lettered: it could not be read, its type is unknown here (parked), a handler
 * refused it for good, or it kept failing.
 */
export function deadLetterReason(error: unknown): DeadLetterReason {
  if (error instanceof MalformedEventError) return 'malformed';
  if (error instanceof UnknownEventTypeError) return 'unknown_type';
  if (error instanceof PermanentError) return 'rejected';
  return 'handler_failed';
}

/** The original key, value and headers, plus why and where it failed, for `<topic>.dlq`. */
export function deadLetterRecord(
  failed: FailedMessage,
): OutgoingMessage & { readonly headers: Record<string, string> } {
  const { topic, partition, message, error, attempts, groupId } = failed;
  const errorText = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return {
    topic: deadLetterTopic(topic),
    key: message.key?.toString() ?? '',
    value: message.value?.toString('utf8') ?? '',
    headers: {
      ...stringHeaders(message.headers),
      dlq_reason: deadLetterReason(error),
      dlq_error: errorText.slice(0, 4000),
      dlq_attempts: String(attempts),
      dlq_source_topic: topic,
      dlq_source_partition: String(partition),
      dlq_source_offset: message.offset,
      dlq_consumer_group: groupId,
      dlq_failed_at: new Date().toISOString(),
    },
  };
}

/** Logs a failed message and writes it to `<topic>.dlq`; throws if the DLQ is unreachable (it is then redelivered). */
export async function sendToDeadLetters(
  deadLetters: EventPublisher,
  logger: LoggerLike,
  failed: FailedMessage,
  logMessage: string,
): Promise<void> {
  const record = deadLetterRecord(failed);
  const { topic, partition, message } = failed;
  logger.error(
    {
      topic,
      partition,
      offset: message.offset,
      reason: record.headers.dlq_reason,
      error: record.headers.dlq_error,
      eventId: headerString(message.headers, 'ce_id'),
    },
    logMessage,
  );
  await deadLetters.publish([record]);
}

export function stringHeaders(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of Object.keys(headers ?? {})) {
    const value = headerString(headers, name);
    if (value !== undefined) out[name] = value;
  }
  return out;
}
