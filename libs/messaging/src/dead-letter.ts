import type { IHeaders, KafkaMessage } from 'kafkajs';
import { deadLetterTopic } from '@shop/contracts';
import { headerString, MalformedEventError } from './cloud-event.js';
import type { OutgoingMessage } from './publisher.js';
import { PermanentError } from './subscription.js';

export interface FailedMessage {
  readonly topic: string;
  readonly partition: number;
  readonly message: KafkaMessage;
  readonly error: unknown;
  readonly attempts: number;
  readonly groupId: string;
}

/** Why a message is dead-lettered: it could not be read, a handler refused it for good, or it kept failing. */
export function deadLetterReason(error: unknown): 'malformed' | 'rejected' | 'handler_failed' {
  if (error instanceof MalformedEventError) return 'malformed';
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

export function stringHeaders(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of Object.keys(headers ?? {})) {
    const value = headerString(headers, name);
    if (value !== undefined) out[name] = value;
  }
  return out;
}
