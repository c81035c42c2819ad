import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OrderEvents } from '@shop/contracts';
import { purgeExpiredKeys } from '../application/purge-expired-keys.js';
import { orderDatabase } from '../persistence/database.js';
import { customer, type CatalogueItem } from '../test-support/order-fixture.js';
import { startOrdersApi, type OrdersApi } from '../test-support/orders-api.js';

describe('orders API: Idempotency-Key', () => {
  let api: OrdersApi;
  let orders: OrdersApi['orders'];
  let mug: CatalogueItem;
  const ada = customer();

  beforeAll(async () => {
    api = await startOrdersApi();
    ({ orders, mug } = api);
  });
  afterAll(() => api.env.stop());

  const place = (body: object, headers: Record<string, string> = {}, who: { headers: Record<string, string> } = ada) =>
    api.place(body, who, headers);
  const basket = (overrides: object = {}) => api.basket(overrides);
  const countOrders = async () => Number((await orders.db.pool.query('SELECT count(*) AS n FROM orders')).rows[0].n);
  // The OrderPlaced event is written by the order's own statement: one per order, none without one.
  const countPlacedEvents = async () =>
    Number(
      (
        await orders.db.pool.query('SELECT count(*) AS n FROM outbox WHERE event_type = $1', [
          OrderEvents.OrderPlaced.type,
        ])
      ).rows[0].n,
    );

  describe('Idempotency-Key', () => {
    it('replays the stored response for the same key and body, creating one order', async () => {
      const key = randomUUID();
      const first = await place(basket(), { 'idempotency-key': key });
      const before = await countOrders();
      const eventsBefore = await countPlacedEvents();
      const again = await place(basket(), { 'idempotency-key': key });
      expect(first.statusCode).toBe(202);
      expect(again.statusCode).toBe(200);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.json()).toEqual(first.json());
      expect(await countOrders()).toBe(before);
      expect(await countPlacedEvents()).toBe(eventsBefore);
      // Written by the statement that wrote the order: the key names it and holds its response.
      const stored = await orders.db.pool.query('SELECT order_id, response_body FROM idempotency_keys WHERE key = $1', [
        key,
      ]);
      expect(stored.rows).toEqual([{ order_id: first.json().order_id, response_body: first.json() }]);
    });

    it('answers 409 DUPLICATE_REQUEST for the same key with a different body', async () => {
      const key = randomUUID();
      await place(basket(), { 'idempotency-key': key });
      const before = await countOrders();
      const eventsBefore = await countPlacedEvents();
      const other = await place(basket({ items: [{ product_id: mug.product_id, quantity: 5 }] }), {
        'idempotency-key': key,
      });
      expect(other.statusCode).toBe(409);
      expect(other.json().error.code).toBe('DUPLICATE_REQUEST');
      expect(await countOrders()).toBe(before);
      expect(await countPlacedEvents()).toBe(eventsBefore);
    });

    it('never creates a second order for concurrent duplicates', async () => {
      const key = randomUUID();
      const before = await countOrders();
      const eventsBefore = await countPlacedEvents();
      const responses = await Promise.all(Array.from({ length: 8 }, () => place(basket(), { 'idempotency-key': key })));
      const codes = responses.map((r) => r.statusCode);
      expect(codes.filter((c) => c === 202)).toHaveLength(1);
      expect(codes.every((c) => c === 202 || c === 200 || c === 409)).toBe(true);
      for (const r of responses.filter((r) => r.statusCode === 409))
        expect(r.json().error.code).toBe('DUPLICATE_REQUEST');
      expect(await countOrders()).toBe(before + 1);
      expect(await countPlacedEvents()).toBe(eventsBefore + 1);
    });

    it('answers 409 while another request holds the key, writing nothing, and accepts it once released', async () => {
      const key = randomUUID();
      const holder = await orders.db.pool.connect();
      try {
        await holder.query('BEGIN');
        await holder.query('SELECT pg_advisory_xact_lock(hashtext($1), hashtext($2))', [ada.userId, key]);
        const before = await countOrders();
        const eventsBefore = await countPlacedEvents();
        const held = await place(basket(), { 'idempotency-key': key });
        expect(held.statusCode).toBe(409);
        expect(held.json().error).toMatchObject({ code: 'DUPLICATE_REQUEST', details: { idempotency_key: key } });
        expect(await countOrders()).toBe(before);
        expect(await countPlacedEvents()).toBe(eventsBefore);
        expect(
          (await orders.db.pool.query('SELECT count(*)::int AS n FROM idempotency_keys WHERE key = $1', [key])).rows[0]
            .n,
        ).toBe(0);
      } finally {
        await holder.query('ROLLBACK');
        holder.release();
      }
      expect((await place(basket(), { 'idempotency-key': key })).statusCode).toBe(202);
    });

    it('forgets keys after 24 hours', async () => {
      const key = randomUUID();
      expect((await place(basket(), { 'idempotency-key': key })).statusCode).toBe(202);
      await orders.db.pool.query(
        `UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE key = $1`,
        [key],
      );
      const nine = basket({ items: [{ product_id: mug.product_id, quantity: 9 }] });
      const reused = await place(nine, { 'idempotency-key': key });
      expect(reused.statusCode).toBe(202);
      const replayed = await place(nine, { 'idempotency-key': key });
      expect(replayed.statusCode).toBe(200);
      expect(replayed.json().order_id).toBe(reused.json().order_id);
      await orders.db.pool.query(
        `UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE key = $1`,
        [key],
      );
      const keys = orderDatabase(orders.db.pool, orders.db.schema).autocommit.idempotencyKeys;
      expect(await purgeExpiredKeys(keys)).toBeGreaterThanOrEqual(1);
      expect(
        (await orders.db.pool.query('SELECT count(*)::int AS n FROM idempotency_keys WHERE key = $1', [key])).rows[0].n,
      ).toBe(0);
    });

    it('scopes keys to the caller', async () => {
      const key = randomUUID();
      expect((await place(basket(), { 'idempotency-key': key })).statusCode).toBe(202);
      expect((await place(basket(), { 'idempotency-key': key }, customer())).statusCode).toBe(202);
    });
  });
});
