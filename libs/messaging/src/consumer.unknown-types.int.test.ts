/** The event consumer and the types it does not handle: parked in the DLQ unless declared ignored. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineEvent } from '@shop/contracts';
import type { Producer } from 'kafkajs';
import { eventually, type TestSchema } from '@shop/testing';
import { EventConsumer, EventPublisher, createCloudEvent, ignoring, on, toKafkaHeaders } from './index.js';
import { createTestTopics, readMessages, testKafka } from './testing.js';
import { thingHappened } from './test-support/fixtures.js';
import { closeConsumerTestBed, openConsumerTestBed } from './test-support/consumer-test-bed.js';

const kafka = testKafka();
const payload = z.object({ key: z.string(), seq: z.number().int() });

describe('event consumer', () => {
  let db: TestSchema;
  let deadLetters: EventPublisher;
  let raw: Producer;

  beforeAll(async () => {
    ({ db, deadLetters, raw } = await openConsumerTestBed(kafka));
  });
  afterAll(() => closeConsumerTestBed(kafka, { db, deadLetters, raw }));

  /** Sends an event of any type, as a producer of another version of the platform would. */
  const send = async (topic: string, type: string, seq: number) => {
    const event = createCloudEvent('consumer-test', { type, subject: 'k', data: { key: 'k', seq } });
    await raw.send({
      topic,
      messages: [{ key: 'k', value: JSON.stringify(event.data), headers: toKafkaHeaders(event) }],
    });
    return event;
  };

  it('parks an unknown type or a newer version in the DLQ, acknowledges a declared ignored one, goes on', async () => {
    const { topic, dlq } = await createTestTopics(kafka, 'unknown', 1);
    const known = thingHappened(topic);
    const ignored = defineEvent('com.shop.test.thing-ignored.v1', topic, payload);
    const newerVersion = known.type.replace(/\.v1$/, '.v2');
    const handled: number[] = [];
    const parked: string[][] = [];
    const deadLettered: string[] = [];
    const consumer = new EventConsumer({
      kafka,
      groupId: `unknown-${db.schema}`,
      deadLetters,
      subscriptions: [on(known, async (e) => void handled.push(e.data.seq)), ...ignoring(ignored)],
      onParked: (parkedTopic, type, reason) => parked.push([parkedTopic, type, reason]),
      onDeadLetter: (_topic, reason) => deadLettered.push(reason),
    });
    await send(topic, known.type, 1);
    const newer = await send(topic, newerVersion, 2);
    await send(topic, ignored.type, 3);
    const stranger = await send(topic, 'com.shop.test.stranger.v1', 4);
    await send(topic, known.type, 5);
    await consumer.start();
    try {
      // The last event handled: every one before it in the partition has been decided on.
      await eventually(() => expect(handled).toEqual([1, 5]));
      const dead = await readMessages(kafka, dlq, 2);
      expect(dead.map((m) => m.headers!.ce_id!.toString())).toEqual([newer.id, stranger.id]);
      expect(dead.map((m) => m.headers!.dlq_reason!.toString())).toEqual(['unknown_type', 'unknown_type']);
      expect(dead[0]!.headers!.ce_type!.toString()).toBe(newerVersion);
      expect(dead[0]!.headers!.dlq_error!.toString()).toContain(`no subscription for ${newerVersion}`);
      expect(dead[0]!.headers!.dlq_error!.toString()).toContain(`it knows ${known.type}`);
      expect(dead[0]!.headers!.dlq_source_topic!.toString()).toBe(topic);
      expect(JSON.parse(dead[0]!.value!.toString())).toEqual({ key: 'k', seq: 2 });
      // Only those two: the ignored one was acknowledged, not parked.
      const admin = kafka.admin();
      await admin.connect();
      const [offsets] = await admin.fetchTopicOffsets(dlq);
      await admin.disconnect();
      expect(offsets!.high).toBe('2');
      expect(parked).toEqual([
        [topic, newerVersion, 'unknown_type'],
        [topic, stranger.type, 'unknown_type'],
      ]);
      expect(deadLettered).toEqual([]);
    } finally {
      await consumer.stop();
    }
  });

  it('refuses a type it is told both to handle and to ignore', () => {
    const definition = thingHappened('test.refused');
    const subscriptions = [on(definition, async () => undefined), ...ignoring(definition)];
    expect(() => new EventConsumer({ kafka, groupId: 'never-started', deadLetters, subscriptions })).toThrow(
      /subscribed to more than once/,
    );
  });
});
