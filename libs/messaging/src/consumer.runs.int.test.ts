/** The event consumer: offset commits, duplicates, runs of events applied in one transaction. */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineEvent } from '@shop/contracts';
import type { Producer } from 'kafkajs';
import { eventually, type TestSchema } from '@shop/testing';
import {
  EventConsumer,
  EventPublisher,
  PermanentError,
  createCloudEvent,
  exactlyOnce,
  on,
  toKafkaHeaders,
} from './index.js';
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

  it('applies a fetched run in one transaction, once each and in order; one by one when one fails', async () => {
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
