import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSchema, type TestSchema } from '@shop/testing';
import { messagingMigrationsDir, OutboxWriter } from './index.js';
import { sqlOn } from '@shop/persistence';
import { createEffectsTable, recordEffect, thingHappened } from './test-support/fixtures.js';

describe('outbox writer', () => {
  let db: TestSchema;
  const event = thingHappened('test.outbox');

  beforeAll(async () => {
    db = await createTestSchema('outbox', [messagingMigrationsDir]);
    await db.pool.query(createEffectsTable);
  });
  afterAll(() => db.drop());

  const count = async (table: string) => Number((await db.pool.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);

  it('commits the outbox row together with the domain row', async () => {
    const writer = new OutboxWriter('test-service', db.schema);
    const client = await db.pool.connect();
    try {
      await client.query('BEGIN');
      const tx = sqlOn(client);
      await recordEffect(tx, '00000000-0000-4000-8000-000000000001', 'a', 1);
      const written = await writer.add(tx, event, { subject: 'a', data: { key: 'a', seq: 1 } });
      await client.query('COMMIT');
      const { rows } = await db.pool.query('SELECT event_id, topic, message_key, event_type, headers FROM outbox');
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        event_id: written.id,
        topic: 'test.outbox',
        message_key: 'a',
        event_type: event.type,
      });
      expect(rows[0].headers).toMatchObject({
        ce_id: written.id,
        ce_specversion: '1.0',
        ce_source: 'test-service',
        ce_subject: 'a',
      });
      expect(await count('effects')).toBe(1);
    } finally {
      client.release();
    }
  });

  it('rolls the outbox row back with the domain row', async () => {
    const writer = new OutboxWriter('test-service', db.schema);
    const before = { outbox: await count('outbox'), effects: await count('effects') };
    const client = await db.pool.connect();
    try {
      await client.query('BEGIN');
      const tx = sqlOn(client);
      await recordEffect(tx, '00000000-0000-4000-8000-000000000002', 'b', 1);
      await writer.add(tx, event, { subject: 'b', data: { key: 'b', seq: 1 } });
      await client.query('ROLLBACK');
    } finally {
      client.release();
    }
    expect({ outbox: await count('outbox'), effects: await count('effects') }).toEqual(before);
  });

  it('refuses a payload that breaks the contract and writes nothing', async () => {
    const writer = new OutboxWriter('test-service', db.schema);
    const before = await count('outbox');
    const client = await db.pool.connect();
    try {
      await client.query('BEGIN');
      await expect(
        writer.add(sqlOn(client), event, { subject: 'c', data: { key: 'c', seq: 'one' } as never }),
      ).rejects.toThrow();
      await client.query('ROLLBACK');
    } finally {
      client.release();
    }
    expect(await count('outbox')).toBe(before);
  });
});
