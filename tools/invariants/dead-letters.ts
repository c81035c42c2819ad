import { randomUUID } from 'node:crypto';
import { createKafka, deleteConsumerGroups, headerString, type Kafka } from '@shop/messaging';

export interface DeadLetterCounts {
  /** Records on each dead-letter topic that exists (high watermark minus low, summed over partitions). */
  readonly sizes: Record<string, number>;
  /** Per topic, how many records carry each `dlq_reason` header (`(none)` when it is missing). */
  readonly reasons: Record<string, Record<string, number>>;
  readonly absent: readonly string[];
  /** Records on `<dlq>.redriven` (npm run dlq's marks of redriven dead letters), where that topic exists. */
  readonly redriven: Record<string, number>;
}

/**
 * Sizes come from the broker's offsets; the reasons from reading the non-empty topics once, from
 * the beginning, with a group of its own that commits nothing and is deleted afterwards.
 */
export async function countDeadLetters(
  brokers: readonly string[],
  topics: readonly string[],
  timeoutMs = 30_000,
): Promise<DeadLetterCounts> {
  const kafka = createKafka({ brokers, clientId: 'check-invariants' });
  const admin = kafka.admin();
  await admin.connect();
  const sizes: Record<string, number> = {};
  const redriven: Record<string, number> = {};
  const ends = new Map<string, number>();
  let absent: string[];
  try {
    const existing = new Set(await admin.listTopics());
    absent = topics.filter((t) => !existing.has(t));
    for (const topic of topics.filter((t) => existing.has(t))) {
      const offsets = await admin.fetchTopicOffsets(topic);
      sizes[topic] = offsets.reduce((sum, p) => sum + (Number(p.high) - Number(p.low)), 0);
      for (const p of offsets) {
        if (Number(p.high) > Number(p.low)) ends.set(`${topic}/${p.partition}`, Number(p.high) - 1);
      }
      if (existing.has(`${topic}.redriven`)) {
        const marks = await admin.fetchTopicOffsets(`${topic}.redriven`);
        redriven[topic] = marks.reduce((sum, p) => sum + (Number(p.high) - Number(p.low)), 0);
      }
    }
  } finally {
    await admin.disconnect();
  }
  const nonEmpty = Object.keys(sizes).filter((t) => (sizes[t] ?? 0) > 0);
  const reasons: Record<string, Record<string, number>> = {};
  if (nonEmpty.length > 0) await readReasons(kafka, nonEmpty, ends, reasons, timeoutMs);
  return { sizes, reasons, absent, redriven };
}

async function readReasons(
  kafka: Kafka,
  topics: readonly string[],
  ends: Map<string, number>,
  reasons: Record<string, Record<string, number>>,
  timeoutMs: number,
): Promise<void> {
  const groupId = `check-invariants-${randomUUID()}`;
  const consumer = kafka.consumer({ groupId });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [...topics], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`dead-letter topics not read to their end within ${timeoutMs} ms`));
      }, timeoutMs);
      void consumer
        .run({
          autoCommit: false,
          eachMessage: async ({ topic, partition, message }) => {
            const reason = headerString(message.headers, 'dlq_reason') ?? '(none)';
            const perTopic = (reasons[topic] ??= {});
            perTopic[reason] = (perTopic[reason] ?? 0) + 1;
            const key = `${topic}/${partition}`;
            if (Number(message.offset) >= (ends.get(key) ?? -1)) ends.delete(key);
            if (ends.size === 0) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
    await deleteConsumerGroups(kafka, { names: [groupId] }).catch(() => undefined);
  }
}
