import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineEvent } from '@shop/contracts';
import type { Producer } from 'kafkajs';
import { createTestSchema, eventually, type TestSchema } from '@shop/testing';
import {
  EventConsumer,
  EventPublisher,
  PermanentError,
  createCloudEvent,
  exactlyOnce,
  messagingMigrationsDir,
  on,
  toKafkaHeaders,
} from './index.js';
import { transactions, type Sql } from '@shop/persistence';
import { createTestTopics, deleteTestTopics, readMessages, testKafka } from './testing.js';
import { createEffectsTable, recordEffect, thingHappened } from './test-support/fixtures.js';

const kafka = testKafka();

describe('event consumer', () => {
  let db: TestSchema;
  let deadLetters: EventPublisher;
  let raw: Producer;

  beforeAll(async () => {
    db = await createTestSchema('consumer', [messagingMigrationsDir]);
    await db.pool.query(createEffectsTable);
    deadLetters = new EventPublisher(kafka);
    raw = kafka.producer();
    await raw.connect();
  });
  afterAll(async () => {
    await raw.disconnect();
    await deadLetters.disconnect();
    await db.drop();
    await deleteTestTopics(kafka);
  });

  const runInTransaction = <R>(work: (tx: Sql) => Promise<R>) => transactions(db.pool)(work);

  const sendEvent = async (topic: string, data: unknown, id?: string) => {
    const event = createCloudEvent('consumer-test', {
      type: thingHappened(topic).type,
      subject: 'k',
      data,
      ...(id ? { id } : {}),
    });
    await raw.send({ topic, messages: [{ key: 'k', value: JSON.stringify(data), headers: toKafkaHeaders(event) }] });
    return event;
  };

  const effects = async () => (await db.pool.query('SELECT event_id::text AS id, seq FROM effects ORDER BY seq')).rows;

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

  it('commits offsets on its interval and when it stops, not after every batch', async () => {
    const { topic } = await createTestTopics(kafka, 'commits', 1);
    await db.pool.query('TRUNCATE effects, processed_events');
    const groupId = `commits-${db.schema}`;
    let calls = 0;
    const consumer = new EventConsumer({
      kafka,
      groupId,
      deadLetters,
      offsetCommitIntervalMs: 3_600_000,
      subscriptions: [
        on(thingHappened(topic), async (e) => {
          calls++;
          await exactlyOnce(groupId, runInTransaction, (tx, ev: typeof e) =>
            recordEffect(tx, ev.id, ev.data.key, ev.data.seq),
          )(e);
        }),
      ],
    });
    const admin = kafka.admin();
    await admin.connect();
    const committed = async () => (await admin.fetchOffsets({ groupId, topics: [topic] }))[0]!.partitions[0]!.offset;
    try {
      await consumer.start();
      // One event per batch: sent only after the previous one was handled.
      for (let seq = 1; seq <= 5; seq++) {
        await sendEvent(topic, { key: 'k', seq });
        await eventually(() => expect(calls).toBe(seq));
      }
      expect(await committed()).toBe('-1');
      await consumer.stop();
      expect(await committed()).toBe('5');
    } finally {
      await consumer.stop();
      await admin.disconnect();
    }
  });

  it('applies an event delivered twice only once', async () => {
    const { topic } = await createTestTopics(kafka, 'twice', 1);
    await db.pool.query('TRUNCATE effects, processed_events');
    const groupId = `twice-${db.schema}`;
    let calls = 0;
    const consumer = new EventConsumer({
      kafka,
      groupId,
      deadLetters,
      subscriptions: [
        on(thingHappened(topic), async (e) => {
          calls++;
          await exactlyOnce(groupId, runInTransaction, (tx, ev: typeof e) =>
            recordEffect(tx, ev.id, ev.data.key, ev.data.seq),
          )(e);
        }),
      ],
    });
    const first = await sendEvent(topic, { key: 'k', seq: 7 });
    await sendEvent(topic, { key: 'k', seq: 7 }, first.id);
    await sendEvent(topic, { key: 'k', seq: 8 });
    await consumer.start();
    try {
      await eventually(() => expect(calls).toBe(3));
      expect((await effects()).map((r) => r.seq)).toEqual([7, 8]);
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
  it('applies a fetched run of events in one transaction, once each and in order, and falls back to one by one when one fails', async () => {
    const { topic, dlq } = await createTestTopics(kafka, 'batch', 1);
    await db.pool.query('TRUNCATE effects, processed_events');
    await db.pool.query('ALTER TABLE effects ADD COLUMN IF NOT EXISTS tx bigint');
    const groupId = `batch-${db.schema}`;
    const processed: { mode: string; delaySeconds: number }[] = [];
    const consumer = new EventConsumer({
      kafka,
      groupId,
      deadLetters,
      retry: { attempts: 2, initialDelayMs: 10 },
      // The ten events, the duplicate and an upper-case id make one run; the refused one falls in the next.
      maxEventsPerTransaction: 12,
      onProcessed: (_topic, mode, delaySeconds) => processed.push({ mode, delaySeconds }),
      subscriptions: [
        on(
          thingHappened(topic),
          exactlyOnce(groupId, runInTransaction, async (tx, e) => {
            if (e.data.seq === 13) throw new PermanentError('seq 13 is refused');
            await tx.execute(
              'INSERT INTO effects (event_id, key, seq, tx) VALUES ($1::uuid, $2, $3, txid_current())',
              e.id,
              e.data.key,
              e.data.seq,
            );
          }),
        ),
      ],
    });
    // All sent before the consumer starts, so its first fetch brings them together.
    const sent = [];
    for (let seq = 1; seq <= 10; seq++) sent.push(await sendEvent(topic, { key: 'k', seq }));
    await sendEvent(topic, { key: 'k', seq: 5 }, sent[4]!.id); // redelivered within the same fetch
    await sendEvent(topic, { key: 'k', seq: 11 }, randomUUID().toUpperCase()); // another producer's spelling
    const refused = await sendEvent(topic, { key: 'k', seq: 13 });
    for (let seq = 20; seq <= 22; seq++) await sendEvent(topic, { key: 'k', seq });
    await consumer.start();
    try {
      await eventually(async () => expect((await effects()).length).toBe(14));
      expect((await effects()).map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 20, 21, 22]);
      const { rows } = await db.pool.query<{ transactions: number }>(
        'SELECT count(DISTINCT tx)::int AS transactions FROM effects WHERE seq <= 11',
      );
      // Batched: far fewer transactions than events (one when they all come in one fetch).
      expect(rows[0]!.transactions).toBeLessThan(5);
      const dead = await readMessages(kafka, dlq, 1);
      expect(dead.map((m) => m.headers!.ce_id!.toString())).toEqual([refused.id]);
      // Every message is reported once, how it was taken, with the time since the broker had it.
      await eventually(() => expect(processed).toHaveLength(16));
      expect(processed.filter((p) => p.mode === 'batch').length).toBeGreaterThanOrEqual(2);
      expect(processed.every((p) => p.delaySeconds >= 0 && p.delaySeconds < 120)).toBe(true);
    } finally {
      await consumer.stop();
      await db.pool.query('ALTER TABLE effects DROP COLUMN tx');
    }
  });
  it('applies each event of a mixed run with its own handler', async () => {
    const { topic } = await createTestTopics(kafka, 'mixed', 1);
    await db.pool.query('TRUNCATE effects, processed_events');
    const groupId = `mixed-${db.schema}`;
    const otherThing = defineEvent(
      'com.shop.test.other-thing-happened.v1',
      topic,
      z.object({ key: z.string(), seq: z.number().int() }),
    );
    const consumer = new EventConsumer({
      kafka,
      groupId,
      deadLetters,
      subscriptions: [
        on(
          thingHappened(topic),
          exactlyOnce(groupId, runInTransaction, (tx, e) => recordEffect(tx, e.id, 'thing', e.data.seq)),
        ),
        on(
          otherThing,
          exactlyOnce(groupId, runInTransaction, (tx, e) => recordEffect(tx, e.id, 'other', e.data.seq)),
        ),
      ],
      onProcessed: (_topic, mode) => modes.push(mode),
    });
    const modes: string[] = [];
    for (let seq = 1; seq <= 6; seq++) {
      const type = seq % 2 === 0 ? otherThing.type : thingHappened(topic).type;
      const event = createCloudEvent('consumer-test', { type, subject: 'k', data: { key: 'k', seq } });
      await raw.send({
        topic,
        messages: [{ key: 'k', value: JSON.stringify(event.data), headers: toKafkaHeaders(event) }],
      });
    }
    await consumer.start();
    try {
      await eventually(async () => expect((await effects()).length).toBe(6));
      const { rows } = await db.pool.query<{ key: string; seq: number }>('SELECT key, seq FROM effects ORDER BY seq');
      expect(rows.map((r) => `${r.key}:${r.seq}`)).toEqual([
        'thing:1',
        'other:2',
        'thing:3',
        'other:4',
        'thing:5',
        'other:6',
      ]);
      expect(modes).toContain('batch');
    } finally {
      await consumer.stop();
    }
  });
});
