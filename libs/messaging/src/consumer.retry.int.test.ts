/** The event consumer: poison messages, retries with backoff, dead letters, database outages. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Producer } from 'kafkajs';
import { eventually, type TestSchema } from '@shop/testing';
import { EventConsumer, EventPublisher, PermanentError, exactlyOnce, on } from './index.js';
import { transactions, type Sql } from '@shop/persistence';
import { createTestTopics, readMessages, testKafka } from './testing.js';
import { recordEffect, thingHappened } from './test-support/fixtures.js';
import {
  closeConsumerTestBed,
  openConsumerTestBed,
  readEffects,
  sendTestEvent,
} from './test-support/consumer-test-bed.js';

const kafka = testKafka();

describe('event consumer', () => {
  let db: TestSchema;
  let deadLetters: EventPublisher;
  let raw: Producer;

  beforeAll(async () => {
    ({ db, deadLetters, raw } = await openConsumerTestBed(kafka));
  });
  afterAll(() => closeConsumerTestBed(kafka, { db, deadLetters, raw }));

  const runInTransaction = <R>(work: (tx: Sql) => Promise<R>) => transactions(db.pool)(work);
  const sendEvent = (topic: string, data: unknown, id?: string) => sendTestEvent(raw, topic, data, id);
  const effects = () => readEffects(db);

  it('sends a poison message to the DLQ with its error and still processes the next one', async () => {
    const { topic, dlq } = await createTestTopics(kafka, 'poison', 1);
    await db.pool.query('TRUNCATE effects, processed_events');
    const groupId = `poison-${db.schema}`;
    const consumer = new EventConsumer({
      kafka,
      groupId,
      deadLetters,
      subscriptions: [
        on(
          thingHappened(topic),
          exactlyOnce(groupId, runInTransaction, (tx, e) => recordEffect(tx, e.id, e.data.key, e.data.seq)),
        ),
      ],
    });
    await raw.send({ topic, messages: [{ key: 'k', value: 'not json at all', headers: { ce_specversion: '1.0' } }] });
    const invalid = await sendEvent(topic, { key: 'k', seq: 'not a number' });
    const good = await sendEvent(topic, { key: 'k', seq: 1 });
    await consumer.start();
    try {
      await eventually(async () => expect(await effects()).toEqual([{ id: good.id, seq: 1 }]));
      const dead = await readMessages(kafka, dlq, 2);
      expect(dead[0]!.value!.toString()).toBe('not json at all');
      expect(dead[0]!.headers!.dlq_reason!.toString()).toBe('malformed');
      expect(dead[0]!.headers!.dlq_error!.toString()).toMatch(/missing header ce_id/);
      expect(dead[0]!.headers!.dlq_source_topic!.toString()).toBe(topic);
      expect(dead[1]!.headers!.ce_id!.toString()).toBe(invalid.id);
      expect(dead[1]!.headers!.dlq_reason!.toString()).toBe('rejected');
      expect(dead[1]!.headers!.dlq_error!.toString()).toMatch(/payload does not match/);
    } finally {
      await consumer.stop();
    }
  });

  it('retries a failing handler with backoff, then dead-letters it and moves on', async () => {
    const { topic, dlq } = await createTestTopics(kafka, 'retry', 1);
    const attempts = new Map<number, number>();
    const consumer = new EventConsumer({
      kafka,
      groupId: `retry-${db.schema}`,
      deadLetters,
      retry: { attempts: 3, initialDelayMs: 10 },
      subscriptions: [
        on(thingHappened(topic), async (e) => {
          const n = (attempts.get(e.data.seq) ?? 0) + 1;
          attempts.set(e.data.seq, n);
          if (e.data.seq === 1 && n < 3) throw new Error('database briefly unavailable');
          if (e.data.seq === 2) throw new Error('handler always fails');
          if (e.data.seq === 3) throw new PermanentError('order does not exist');
        }),
      ],
    });
    await sendEvent(topic, { key: 'k', seq: 1 });
    const alwaysFails = await sendEvent(topic, { key: 'k', seq: 2 });
    const permanent = await sendEvent(topic, { key: 'k', seq: 3 });
    await sendEvent(topic, { key: 'k', seq: 4 });
    await consumer.start();
    try {
      await eventually(() => expect(attempts.get(4)).toBe(1));
      expect(Object.fromEntries(attempts)).toEqual({ 1: 3, 2: 3, 3: 1, 4: 1 });
      const dead = await readMessages(kafka, dlq, 2);
      expect(dead.map((m) => m.headers!.ce_id!.toString())).toEqual([alwaysFails.id, permanent.id]);
      expect(dead[0]!.headers!.dlq_attempts!.toString()).toBe('3');
      expect(dead[0]!.headers!.dlq_error!.toString()).toBe('Error: handler always fails');
      expect(dead[1]!.headers!.dlq_attempts!.toString()).toBe('1');
    } finally {
      await consumer.stop();
    }
  });

  it('keeps retrying through a database outage instead of dead-lettering, then applies the event', async () => {
    const { topic, dlq } = await createTestTopics(kafka, 'outage', 1);
    let calls = 0;
    const consumer = new EventConsumer({
      kafka,
      groupId: `outage-${db.schema}`,
      deadLetters,
      retry: { attempts: 2, initialDelayMs: 10, maxDelayMs: 50 },
      subscriptions: [
        on(thingHappened(topic), async () => {
          calls++;
          // Far past the attempt limit: the database "restarts" for a while.
          if (calls <= 8)
            throw Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
        }),
      ],
    });
    await sendEvent(topic, { key: 'k', seq: 1 });
    await sendEvent(topic, { key: 'k', seq: 2 });
    await consumer.start();
    try {
      await eventually(() => expect(calls).toBe(10));
      const admin = kafka.admin();
      await admin.connect();
      const [offsets] = await admin.fetchTopicOffsets(dlq);
      await admin.disconnect();
      expect(offsets!.high).toBe('0');
    } finally {
      await consumer.stop();
    }
  });
});
