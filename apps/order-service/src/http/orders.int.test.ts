import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OrderEvents, PaymentEvents } from '@shop/contracts';
import { emittedEvents, publishEvent, type RunningTestService, type TestEnvironment } from '@shop/service-testing';
import { bearer, eventually, signAccessToken } from '@shop/testing';
import type { OrderConfig } from '../../config.js';
import { address, card, customer, seedCatalogue, staff, startOrderService, type CatalogueItem } from '../../test-support/order-fixture.js';

describe('orders API', () => {
  let env: TestEnvironment;
  let orders: RunningTestService<OrderConfig>;
  let mug: CatalogueItem;
  let lamp: CatalogueItem;
  let retired: CatalogueItem;
  const ada = customer();

  beforeAll(async () => {
    ({ env, orders } = await startOrderService());
    const seeded = await seedCatalogue(orders, [
      { name: 'Mug', price_cents: 1299 },
      { name: 'Lamp', price_cents: 4999 },
      { name: 'Old lamp', price_cents: 999, status: 'inactive' },
    ]);
    [mug, lamp, retired] = [seeded[0]!, seeded[1]!, seeded[2]!];
  });
  afterAll(() => env.stop());

  const place = (body: object, headers: Record<string, string> = {}, who: { headers: Record<string, string> } = ada) =>
    orders.app.inject({ method: 'POST', url: '/api/v1/orders', headers: { ...who.headers, prefer: 'respond-async', ...headers }, payload: body });
  const basket = (overrides: object = {}) => ({ items: [{ product_id: mug.product_id, quantity: 2 }, { product_id: lamp.product_id, quantity: 1 }], shipping_address: address, payment_method: card(), ...overrides });
  const countOrders = async () => Number((await orders.db.pool.query('SELECT count(*) AS n FROM orders')).rows[0].n);
  // The OrderPlaced event is written by the order's own statement: one per order, none without one.
  const countPlacedEvents = async () =>
    Number((await orders.db.pool.query('SELECT count(*) AS n FROM outbox WHERE event_type = $1', [OrderEvents.OrderPlaced.type])).rows[0].n);

  it('places a PENDING order priced from the catalogue, in cents, and emits OrderPlaced', async () => {
    const response = await place(basket({ promo_code: 'WELCOME10' }));
    expect(response.statusCode).toBe(202);
    const order = response.json();
    expect(response.headers.location).toBe(`/api/v1/orders/${order.order_id}`);
    expect(order).toMatchObject({
      status: 'pending', user_id: ada.userId, subtotal: 75.97, discount: 0, tax: 6.69, shipping: 5.99, total: 88.65, currency: 'USD', promo_code: 'WELCOME10',
      items: [
        { product_id: mug.product_id, name: 'Mug', quantity: 2, unit_price: 12.99, total: 25.98 },
        { product_id: lamp.product_id, name: 'Lamp', quantity: 1, unit_price: 49.99, total: 49.99 },
      ],
      timeline: [{ status: 'pending' }],
    });
    const events = await emittedEvents(orders, order.order_id);
    expect(events).toEqual([
      expect.objectContaining({
        type: 'com.shop.order.placed.v1',
        data: expect.objectContaining({ order_id: order.order_id, total_cents: 8865, payment_method: card(), items: expect.arrayContaining([expect.objectContaining({ product_id: mug.product_id, quantity: 2, unit_price_cents: 1299 })]) }),
      }),
    ]);
  });

  it('refuses a price the client saw that is no longer current (422 PRICE_CHANGED) and writes nothing', async () => {
    const before = await countOrders();
    const response = await place(basket({ items: [{ product_id: mug.product_id, quantity: 1, price: 9.99 }] }));
    expect(response.statusCode).toBe(422);
    expect(response.json().error).toMatchObject({ code: 'PRICE_CHANGED', details: { product_id: mug.product_id, submitted_price: 9.99, current_price: 12.99 }, request_id: expect.any(String) });
    expect(await countOrders()).toBe(before);
    expect((await place(basket({ items: [{ product_id: mug.product_id, quantity: 1, price: 12.99 }] }))).statusCode).toBe(202);
  });

  it.each([
    ['an unknown product', () => ({ items: [{ product_id: randomUUID(), quantity: 1 }] })],
    ['an inactive product', () => ({ items: [{ product_id: retired.product_id, quantity: 1 }] })],
    ['no items', () => ({ items: [] })],
    ['a zero quantity', () => ({ items: [{ product_id: mug.product_id, quantity: 0 }] })],
    ['a price with three decimals', () => ({ items: [{ product_id: mug.product_id, quantity: 1, price: 12.999 }] })],
    ['an unknown field', () => ({ gift_wrap: true })],
    ['a bad promo code', () => ({ promo_code: 'lower case!' })],
  ])('rejects %s with 400 and writes nothing', async (_label, overrides) => {
    const before = await countOrders();
    const response = await place(basket(overrides()));
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('VALIDATION_ERROR');
    expect(await countOrders()).toBe(before);
  });

  it('rejects malformed JSON with 400 INVALID_REQUEST', async () => {
    const response = await orders.app.inject({ method: 'POST', url: '/api/v1/orders', headers: { ...ada.headers, 'content-type': 'application/json' }, payload: '{"items": [' });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('INVALID_REQUEST');
  });

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
      const stored = await orders.db.pool.query('SELECT order_id, response_body FROM idempotency_keys WHERE key = $1', [key]);
      expect(stored.rows).toEqual([{ order_id: first.json().order_id, response_body: first.json() }]);
    });

    it('answers 409 DUPLICATE_REQUEST for the same key with a different body', async () => {
      const key = randomUUID();
      await place(basket(), { 'idempotency-key': key });
      const before = await countOrders();
      const eventsBefore = await countPlacedEvents();
      const other = await place(basket({ items: [{ product_id: mug.product_id, quantity: 5 }] }), { 'idempotency-key': key });
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
      for (const r of responses.filter((r) => r.statusCode === 409)) expect(r.json().error.code).toBe('DUPLICATE_REQUEST');
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
        expect((await orders.db.pool.query('SELECT count(*)::int AS n FROM idempotency_keys WHERE key = $1', [key])).rows[0].n).toBe(0);
      } finally {
        await holder.query('ROLLBACK');
        holder.release();
      }
      expect((await place(basket(), { 'idempotency-key': key })).statusCode).toBe(202);
    });

    it('forgets keys after 24 hours', async () => {
      const key = randomUUID();
      expect((await place(basket(), { 'idempotency-key': key })).statusCode).toBe(202);
      await orders.db.pool.query(`UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE key = $1`, [key]);
      const nine = basket({ items: [{ product_id: mug.product_id, quantity: 9 }] });
      const reused = await place(nine, { 'idempotency-key': key });
      expect(reused.statusCode).toBe(202);
      const replayed = await place(nine, { 'idempotency-key': key });
      expect(replayed.statusCode).toBe(200);
      expect(replayed.json().order_id).toBe(reused.json().order_id);
      await orders.db.pool.query(`UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE key = $1`, [key]);
      const { purgeExpiredKeys } = await import('../../orders/idempotency.js');
      const { createOrderPrisma } = await import('../../persistence/prisma.js');
      const prisma = createOrderPrisma(orders.db.pool, orders.db.schema);
      expect(await purgeExpiredKeys(prisma)).toBeGreaterThanOrEqual(1);
      expect((await orders.db.pool.query('SELECT count(*)::int AS n FROM idempotency_keys WHERE key = $1', [key])).rows[0].n).toBe(0);
      await prisma.$disconnect();
    });

    it('scopes keys to the caller', async () => {
      const key = randomUUID();
      expect((await place(basket(), { 'idempotency-key': key })).statusCode).toBe(202);
      expect((await place(basket(), { 'idempotency-key': key }, customer())).statusCode).toBe(202);
    });
  });

  describe('access', () => {
    it('requires a valid token (401) and hides other customers\' orders (404)', async () => {
      const order = (await place(basket())).json();
      expect((await orders.app.inject({ method: 'GET', url: `/api/v1/orders/${order.order_id}` })).statusCode).toBe(401);
      const bad = await orders.app.inject({ method: 'GET', url: `/api/v1/orders/${order.order_id}`, headers: { authorization: 'Bearer not.a.token' } });
      expect(bad.statusCode).toBe(401);
      expect(bad.json().error.code).toBe('UNAUTHORIZED');
      const eve = customer();
      const peek = await orders.app.inject({ method: 'GET', url: `/api/v1/orders/${order.order_id}`, headers: eve.headers });
      expect(peek.statusCode).toBe(404);
      const cancel = await orders.app.inject({ method: 'POST', url: `/api/v1/orders/${order.order_id}/cancel`, headers: eve.headers, payload: {} });
      expect(cancel.statusCode).toBe(404);
      expect((await orders.app.inject({ method: 'GET', url: `/api/v1/orders/${order.order_id}`, headers: staff('support').headers })).statusCode).toBe(200);
      expect((await orders.app.inject({ method: 'GET', url: `/api/v1/orders/${order.order_id}`, headers: ada.headers })).statusCode).toBe(200);
    });

    it('keeps fulfilment to support and admin (403 for a customer)', async () => {
      const order = (await place(basket())).json();
      const response = await orders.app.inject({ method: 'PATCH', url: `/api/v1/orders/${order.order_id}/status`, headers: ada.headers, payload: { status: 'processing' } });
      expect(response.statusCode).toBe(403);
      expect(response.json().error.code).toBe('FORBIDDEN');
    });

    it('lets a partner place and read its orders but cancel none (403, the order untouched)', async () => {
      const partner = { headers: bearer(signAccessToken({ roles: ['partner'] })) };
      const own = await place(basket(), {}, partner);
      expect(own.statusCode).toBe(202);
      const id = own.json().order_id;
      expect((await orders.app.inject({ method: 'GET', url: `/api/v1/orders/${id}`, headers: partner.headers })).statusCode).toBe(200);
      const cancel = await orders.app.inject({ method: 'POST', url: `/api/v1/orders/${id}/cancel`, headers: partner.headers, payload: {} });
      expect(cancel.statusCode).toBe(403);
      expect(cancel.json().error.code).toBe('FORBIDDEN');
      expect((await orders.app.inject({ method: 'GET', url: `/api/v1/orders/${id}`, headers: partner.headers })).json().status).toBe('pending');
    });

    it('lets support place no orders (403)', async () => {
      const response = await place(basket(), {}, staff('support'));
      expect(response.statusCode).toBe(403);
    });
  });

  describe('lifecycle through the API', () => {
    async function confirmedOrder() {
      const order = (await place(basket())).json();
      await publishEvent(orders, PaymentEvents.PaymentAuthorized, {
        order_id: order.order_id, payment_id: randomUUID(), amount_cents: 8865, currency: 'USD', transaction_id: `txn_${randomUUID()}`, method: 'Visa ending in 4242',
      });
      await eventually(async () => {
        const r = await orders.app.inject({ method: 'GET', url: `/api/v1/orders/${order.order_id}`, headers: ada.headers });
        expect(r.json().status).toBe('confirmed');
      });
      return order.order_id as string;
    }
    const patch = (id: string, payload: object) => orders.app.inject({ method: 'PATCH', url: `/api/v1/orders/${id}/status`, headers: staff('support').headers, payload });
    const timelineOf = async (id: string) => (await orders.app.inject({ method: 'GET', url: `/api/v1/orders/${id}`, headers: ada.headers })).json().timeline.map((t: { status: string }) => t.status);

    it('moves confirmed → processing → shipped (with tracking) → delivered and records each step', async () => {
      const id = await confirmedOrder();
      expect((await patch(id, { status: 'processing' })).statusCode).toBe(200);
      const shipped = await patch(id, { status: 'shipped', carrier: 'UPS', tracking_number: '1Z999AA10123456784' });
      expect(shipped.json()).toMatchObject({ status: 'shipped', fulfilment: { carrier: 'UPS', tracking_number: '1Z999AA10123456784' } });
      expect((await patch(id, { status: 'delivered' })).json().status).toBe('delivered');
      expect(await timelineOf(id)).toEqual(['pending', 'confirmed', 'processing', 'shipped', 'delivered']);
      // The order's own read (one SQL statement) shows it as the Prisma-read export does.
      const read = (await orders.app.inject({ method: 'GET', url: `/api/v1/orders/${id}`, headers: ada.headers })).json();
      const exported = (await orders.app.inject({ method: 'GET', url: `/internal/v1/users/${ada.userId}/export`, headers: ada.headers })).json();
      expect(read).toEqual(exported.orders.find((o: { order_id: string }) => o.order_id === id));
      const events = (await emittedEvents(orders, id)).filter((e) => e.type.startsWith('com.shop.order.')).map((e) => `${e.type}:${(e.data as { to?: string }).to ?? ''}`);
      expect(events).toEqual(['com.shop.order.placed.v1:', 'com.shop.order.confirmed.v1:', 'com.shop.order.status-changed.v1:processing', 'com.shop.order.status-changed.v1:shipped', 'com.shop.order.status-changed.v1:delivered']);
    });

    it('rejects every illegal transition with 409 INVALID_STATE_TRANSITION and writes nothing', async () => {
      const pending = (await place(basket())).json().order_id as string;
      const confirmed = await confirmedOrder();
      for (const [id, body] of [
        [pending, { status: 'processing' }],
        [pending, { status: 'delivered' }],
        [confirmed, { status: 'shipped', carrier: 'UPS', tracking_number: '1Z' }],
        [confirmed, { status: 'delivered' }],
      ] as const) {
        const before = await timelineOf(id);
        const response = await patch(id, body);
        expect(response.statusCode, `${JSON.stringify(body)}`).toBe(409);
        expect(response.json().error.code).toBe('INVALID_STATE_TRANSITION');
        expect(await timelineOf(id)).toEqual(before);
      }
      expect((await patch(confirmed, { status: 'shipped' })).statusCode).toBe(400);
      const cancelled = await orders.app.inject({ method: 'POST', url: `/api/v1/orders/${pending}/cancel`, headers: ada.headers, payload: {} });
      expect(cancelled.json()).toMatchObject({ status: 'cancelled', cancellation_reason: 'customer_request' });
      const again = await orders.app.inject({ method: 'POST', url: `/api/v1/orders/${pending}/cancel`, headers: ada.headers, payload: {} });
      expect(again.statusCode).toBe(409);
      expect((await emittedEvents(orders, pending)).filter((e) => e.type === 'com.shop.order.cancelled.v1')).toHaveLength(1);
    });

    it('lets a customer cancel a confirmed order, emitting OrderCancelled for compensation', async () => {
      const id = await confirmedOrder();
      const response = await orders.app.inject({ method: 'POST', url: `/api/v1/orders/${id}/cancel`, headers: ada.headers, payload: { reason: 'changed my mind' } });
      expect(response.json()).toMatchObject({ status: 'cancelled', cancellation_reason: 'customer_request' });
      expect((await emittedEvents(orders, id)).filter((e) => e.type.startsWith('com.shop.order.')).at(-1)).toMatchObject({
        type: 'com.shop.order.cancelled.v1', data: { previous_status: 'confirmed', reason: 'customer_request' },
      });
    });
  });

  describe('listing', () => {
    it('lists only the caller\'s orders with filters, sort and both pagination styles', async () => {
      const bob = customer();
      const ids: string[] = [];
      for (let i = 1; i <= 5; i++) {
        ids.push((await place({ ...basket(), items: [{ product_id: mug.product_id, quantity: i }] }, {}, bob)).json().order_id);
      }
      const get = (qs: string, who: { headers: Record<string, string> } = bob) => orders.app.inject({ method: 'GET', url: `/api/v1/orders?${qs}`, headers: who.headers });

      const first = (await get('limit=2&sort=total&order=desc')).json();
      expect(first.data.map((o: { total: number }) => o.total)).toEqual([...first.data.map((o: { total: number }) => o.total)].sort((a, b) => b - a));
      expect(first.pagination).toMatchObject({ has_more: true, next_cursor: expect.any(String) });
      const second = (await get(`limit=2&sort=total&order=desc&cursor=${first.pagination.next_cursor}`)).json();
      const third = (await get(`limit=2&sort=total&order=desc&cursor=${second.pagination.next_cursor}`)).json();
      const walked = [...first.data, ...second.data, ...third.data].map((o: { order_id: string }) => o.order_id);
      expect(new Set(walked)).toEqual(new Set(ids));
      expect(third.pagination).toEqual({ next_cursor: null, has_more: false });

      expect((await get('page=2&limit=2')).json().pagination).toEqual({ page: 2, limit: 2, total_pages: 3, total_items: 5, has_next: true, has_prev: true });
      expect((await get('status=confirmed')).json().data).toEqual([]);
      expect((await get('status=pending')).json().data).toHaveLength(5);
      expect((await get('from_date=2000-01-01&to_date=2000-12-31')).json().data).toEqual([]);
      expect((await get('cursor=garbage')).statusCode).toBe(400);
      expect((await get('sort=price')).statusCode).toBe(400);
      const all = (await get(`user_id=${bob.userId}`, staff('admin'))).json();
      expect(all.data).toHaveLength(5);
    });
  });
});
