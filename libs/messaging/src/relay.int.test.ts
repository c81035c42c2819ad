import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSchema, eventually, type TestSchema } from '@shop/testing';
import {
  EventConsumer,
  EventPublisher,
  OutboxRelay,
  OutboxWriter,
  exactlyOnce,
  messagingMigrationsDir,
  on,
} from './index.js';
import { sqlOn, transactions, type Sql } from '@shop/persistence';
import { createTestTopics, deleteTestTopics, readMessages, testKafka } from './testing.js';
import { createEffectsTable, recordEffect, thingHappened } from './test-support/fixtures.js';

const kafka = testKafka();

describe('outbox relay', () => {
  let db: TestSchema;
  let publisher: EventPublisher;

  beforeAll(async () => {
    db = await createTestSchema('relay', [messagingMigrationsDir]);
    await db.pool.query(createEffectsTable);
    publisher = new EventPublisher(kafka);
  });
  afterAll(async () => {
    await publisher.disconnect();
    await db.drop();
    await deleteTestTopics(kafka);
  });

  async function writeEvents(topic: string, keys: number, perKey: number): Promise<string[]> {
    const writer = new OutboxWriter('relay-test', db.schema);
    const definition = thingHappened(topic);
    const ids: string[] = [];
    for (let seq = 0; seq < perKey; seq++) {
      const client = await db.pool.connect();
      try {
        await client.query('BEGIN');
        for (let k = 0; k < keys; k++) {
          const e = await writer.add(sqlOn(client), definition, {
            subject: `key-${k}`,
            data: { key: `key-${k}`, seq },
          });
          ids.push(e.id);
        }
        await client.query('COMMIT');
      } finally {
        client.release();
      }
    }
    return ids;
  }

  const runInTransaction = <R>(work: (tx: Sql) => Promise<R>) => transactions(db.pool)(work);

  function effectConsumer(topic: string, groupId: string): EventConsumer {
    const definition = thingHappened(topic);
    return new EventConsumer({
      kafka,
      groupId,
      deadLetters: publisher,
      subscriptions: [
        on(
          definition,
          exactlyOnce(groupId, runInTransaction, (tx, e) => recordEffect(tx, e.id, e.data.key, e.data.seq)),
        ),
      ],
    });
  }

  const relay = (overrides: Partial<ConstructorParameters<typeof OutboxRelay>[0]> = {}) =>
    new OutboxRelay({ pool: db.pool, listenConnection: db.connection, schema: db.schema, publisher, ...overrides });

  it('re-publishes after a relay dies between publish and mark, and the inbox applies each effect once', async () => {
    const { topic } = await createTestTopics(kafka, 'relay-crash');
    await db.pool.query('TRUNCATE outbox, effects, processed_events');
    const ids = await writeEvents(topic, 5, 1);

    const crashing = relay({ afterPublish: async () => Promise.reject(new Error('relay killed before marking')) });
    await expect(crashing.drain()).rejects.toThrow('relay killed before marking');
    expect(await crashing.backlog()).toBe(5);

    expect(await relay().drain()).toBe(5);
    expect(await relay().backlog()).toBe(0);

    const delivered = await readMessages(kafka, topic, 10);
    expect(delivered.map((m) => m.headers?.ce_id?.toString()).sort()).toEqual([...ids, ...ids].sort());

    const consumer = effectConsumer(topic, `effects-${db.schema}`);
    await consumer.start();
    try {
      await eventually(async () => {
        const { rows } = await db.pool.query(
          'SELECT event_id::text AS id, count(*)::int AS n FROM effects GROUP BY event_id',
        );
        expect(rows.map((r) => r.id).sort()).toEqual([...ids].sort());
        expect(rows.every((r) => r.n === 1)).toBe(true);
      });
    } finally {
      await consumer.stop();
    }
  });

  it('with two relays running, publishes every row once and keeps each key in order', async () => {
    const { topic } = await createTestTopics(kafka, 'relay-pair', 4);
    await db.pool.query('TRUNCATE outbox, effects, processed_events');
    const first = relay({ batchSize: 7 });
    const second = relay({ batchSize: 7 });
    await Promise.all([first.start(), second.start()]);
    try {
      const ids = await writeEvents(topic, 10, 30);
      await eventually(async () => expect(await first.backlog()).toBe(0), 30_000);

      const delivered = await readMessages(kafka, topic, ids.length);
      const deliveredIds = delivered.map((m) => m.headers?.ce_id?.toString());
      expect(new Set(deliveredIds).size).toBe(ids.length);
      expect(deliveredIds.length).toBe(ids.length);

      const seqByKey = new Map<string, number[]>();
      for (const m of delivered) {
        const { key, seq } = JSON.parse(m.value!.toString()) as { key: string; seq: number };
        seqByKey.set(key, [...(seqByKey.get(key) ?? []), seq]);
      }
      expect(seqByKey.size).toBe(10);
      for (const seqs of seqByKey.values()) expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    } finally {
      await Promise.all([first.stop(), second.stop()]);
    }
  });

  it('is woken by NOTIFY on commit, not by polling', async () => {
    const { topic } = await createTestTopics(kafka, 'relay-notify');
    await db.pool.query('TRUNCATE outbox');
    const listening = relay({ sweepIntervalMs: 3_600_000 });
    await listening.start();
    try {
      await listening.drain();
      const started = Date.now();
      await writeEvents(topic, 1, 1);
      await eventually(async () => expect(await listening.backlog()).toBe(0), 5_000, 20);
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      await listening.stop();
    }
  });
});
