import { randomUUID } from 'node:crypto';
import { deleteConsumerGroups, headerString, type Kafka } from '@shop/messaging';

/** A record as the tool keeps it: key, value and headers as text (the platform writes them as text). */
export interface TopicRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly value: string | null;
  readonly headers: Readonly<Record<string, string>>;
}

type KafkaHeaders = Parameters<typeof headerString>[0];

function textHeaders(headers: KafkaHeaders): Record<string, string> {
  const text: Record<string, string> = {};
  for (const name of Object.keys(headers ?? {})) {
    const value = headerString(headers, name);
    if (value !== undefined) text[name] = value;
  }
  return text;
}

/** Per `topic/partition`, the high watermark: where the read stops. Empty partitions are left out. */
async function endOffsets(kafka: Kafka, topics: readonly string[]): Promise<Map<string, bigint>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const ends = new Map<string, bigint>();
    for (const topic of topics) {
      for (const { partition, low, high } of await admin.fetchTopicOffsets(topic)) {
        if (BigInt(high) > BigInt(low)) ends.set(`${topic}/${partition}`, BigInt(high));
      }
    }
    return ends;
  } finally {
    await admin.disconnect();
  }
}

/**
 * Every record the topics hold, from the oldest the broker keeps up to their end when the read
 * began, in partition and offset order. A throw-away consumer group reads them (kafkajs has no
 * group-less consumer); it commits nothing and is deleted afterwards.
 */
export async function readTopics(kafka: Kafka, topics: readonly string[], timeoutMs = 30_000): Promise<TopicRecord[]> {
  const ends = await endOffsets(kafka, topics);
  if (ends.size === 0) return [];
  const remaining = new Set(ends.keys());
  const records: TopicRecord[] = [];
  const groupId = `dlq-tool-${randomUUID()}`;
  const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [...topics], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`could not read ${[...remaining].join(', ')} to its end in ${timeoutMs} ms`)),
        timeoutMs,
      );
      consumer
        .run({
          autoCommit: false,
          eachBatch: async ({ batch }) => {
            const at = `${batch.topic}/${batch.partition}`;
            const end = ends.get(at);
            if (end === undefined || !remaining.has(at)) return;
            for (const message of batch.messages) {
              if (BigInt(message.offset) >= end) break;
              records.push({
                topic: batch.topic,
                partition: batch.partition,
                offset: message.offset,
                key: message.key?.toString('utf8') ?? null,
                value: message.value?.toString('utf8') ?? null,
                headers: textHeaders(message.headers),
              });
            }
            if (BigInt(batch.lastOffset()) + 1n >= end) remaining.delete(at);
            if (remaining.size === 0) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
    await forgetGroup(kafka, groupId);
  }
  return records.sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition || compare(a, b));
}

const compare = (a: TopicRecord, b: TopicRecord): number => {
  const diff = BigInt(a.offset) - BigInt(b.offset);
  return diff < 0n ? -1 : diff > 0n ? 1 : 0;
};

async function forgetGroup(kafka: Kafka, groupId: string): Promise<void> {
  try {
    await deleteConsumerGroups(kafka, { names: [groupId] });
  } catch (error) {
    // Harmless (it holds no offsets and the broker expires it), but said rather than hidden.
    console.warn(`dlq: could not delete the reader's consumer group ${groupId}:`, error);
  }
}
