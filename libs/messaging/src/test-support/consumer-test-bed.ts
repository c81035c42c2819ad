import type { Kafka, Producer } from 'kafkajs';
import { createTestSchema, type TestSchema } from '@shop/testing';
import { EventPublisher, createCloudEvent, messagingMigrationsDir, toKafkaHeaders } from '../index.js';
import { deleteTestTopics } from '../testing.js';
import { createEffectsTable, thingHappened } from './fixtures.js';

/**
 * What the event consumer tests share: a migrated schema with the effects table, a dead-letter publisher
 * and a raw producer.
 */
export interface ConsumerTestBed {
  readonly db: TestSchema;
  readonly deadLetters: EventPublisher;
  readonly raw: Producer;
}

/** Opens the test bed (call it in beforeAll). */
export async function openConsumerTestBed(kafka: Kafka): Promise<ConsumerTestBed> {
  const db = await createTestSchema('consumer', [messagingMigrationsDir]);
  await db.pool.query(createEffectsTable);
  const deadLetters = new EventPublisher(kafka);
  const raw = kafka.producer();
  await raw.connect();
  return { db, deadLetters, raw };
}

/** Closes the test bed and deletes the topics the tests made with this client (call it in afterAll). */
export async function closeConsumerTestBed(kafka: Kafka, { db, deadLetters, raw }: ConsumerTestBed): Promise<void> {
  await raw.disconnect();
  await deadLetters.disconnect();
  await db.drop();
  await deleteTestTopics(kafka);
}

/** Sends a thing-happened event the raw way, as another service's producer would; returns its envelope. */
export async function sendTestEvent(raw: Producer, topic: string, data: unknown, id?: string) {
  const event = createCloudEvent('consumer-test', {
    type: thingHappened(topic).type,
    subject: 'k',
    data,
    ...(id ? { id } : {}),
  });
  await raw.send({ topic, messages: [{ key: 'k', value: JSON.stringify(data), headers: toKafkaHeaders(event) }] });
  return event;
}

/** The effects the handlers applied, in order. */
export const readEffects = async (db: TestSchema) =>
  (await db.pool.query('SELECT event_id::text AS id, seq FROM effects ORDER BY seq')).rows;
