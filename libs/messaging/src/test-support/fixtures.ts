import { z } from 'zod';
import { defineEvent } from '@shop/contracts';
import type { Sql } from '@shop/persistence';

/** A test event on a test topic, and a domain table the handlers write their effect into. */
export const thingHappened = (topic: string) =>
  defineEvent('com.shop.test.thing-happened.v1', topic, z.object({ key: z.string(), seq: z.number().int() }));

export const createEffectsTable =
  'CREATE TABLE effects (event_id UUID NOT NULL, key TEXT NOT NULL, seq INT NOT NULL, ' +
  'applied_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp())';

export async function recordEffect(tx: Sql, eventId: string, key: string, seq: number): Promise<void> {
  await tx.execute('INSERT INTO effects (event_id, key, seq) VALUES ($1::uuid, $2, $3)', eventId, key, seq);
}
