/**
 * Helpers for tests: unique Kafka topics, their deletion and a reader; statements counted.
 * Exported as @shop/messaging/testing.
 */
import { Kafka, logLevel, type KafkaMessage } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import type { Sql } from '@shop/persistence';
import { deleteTopics, ensureTopics } from './topics-admin.js';

const uniqueSuffix = (): string => randomUUID().slice(0, 8);
const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');

export function testKafka(clientId = `test-${uniqueSuffix()}`): Kafka {
  return new Kafka({ clientId, brokers: brokers, logLevel: logLevel.NOTHING });
}

const createdTestTopics = new WeakMap<Kafka, string[]>();

function topicsCreatedBy(kafka: Kafka): string[] {
  const topics = createdTestTopics.get(kafka) ?? [];
  createdTestTopics.set(kafka, topics);
  return topics;
}

/** Creates topics with unique names (and their `.dlq`), so tests never share a partition. */
export async function createTestTopics(
  kafka: Kafka,
  base: string,
  partitions = 3,
): Promise<{ topic: string; dlq: string }> {
  const topic = `test.${base}.${uniqueSuffix()}`;
  const dlq = `${topic}.dlq`;
  topicsCreatedBy(kafka).push(topic, dlq);
  await ensureTopics(kafka, [
    { name: topic, partitions },
    { name: dlq, partitions: 1 },
  ]);
  return { topic, dlq };
}

/**
 * Deletes every topic createTestTopics made with this client (call it in afterAll): left behind,
 * thousands of them slow every request of the shared broker. A slow broker only earns a warning.
 */
export async function deleteTestTopics(kafka: Kafka): Promise<void> {
  const names = topicsCreatedBy(kafka).splice(0);
  if (names.length === 0) return;
  try {
    await deleteTopics(kafka, { names });
  } catch (error) {
    console.warn(`could not delete the test topics ${names.join(', ')}:`, error);
  }
}

/** Reads a topic from the beginning with a fresh group until `count` messages arrived. */
export async function readMessages(
  kafka: Kafka,
  topic: string,
  count: number,
  timeoutMs = 20_000,
): Promise<KafkaMessage[]> {
  const consumer = kafka.consumer({ groupId: `reader-${uniqueSuffix()}` });
  const received: KafkaMessage[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`read ${received.length}/${count} messages of ${topic} in ${timeoutMs} ms`)),
        timeoutMs,
      );
      void consumer.run({
        eachMessage: async ({ message }) => {
          received.push(message);
          if (received.length >= count) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return received;
}

/** The same transaction, counting in `count.statements` the statements sent through it. */
export function countingStatements(tx: Sql, count: { statements: number }): Sql {
  return {
    execute: (text, ...values) => (count.statements++, tx.execute(text, ...values)),
    query: <Row>(text: string, ...values: unknown[]) => (count.statements++, tx.query<Row>(text, ...values)),
  };
}
