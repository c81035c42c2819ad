import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardTokenAlgorithm } from '@shop/contracts';
import { emittedEvents } from '@shop/service-testing';
import { bearer, signAccessToken } from '@shop/testing';
import { customer, staff, type CatalogueItem } from '../test-support/order-fixture.js';
import { startOrdersApi, type OrdersApi } from '../test-support/orders-api.js';

describe('orders API', () => {
  let api: OrdersApi;
  let orders: OrdersApi['orders'];
  let mug: CatalogueItem;
  let lamp: CatalogueItem;
  let retired: CatalogueItem;
  const ada = customer();

  beforeAll(async () => {
    api = await startOrdersApi();
    ({ orders, mug, lamp, retired } = api);
  });
  afterAll(() => api.env.stop());

  const place = (body: object, headers: Record<string, string> = {}, who: { headers: Record<string, string> } = ada) =>
    api.place(body, who, headers);
  const basket = (overrides: object = {}) => api.basket(overrides);
  const countOrders = async () => Number((await orders.db.pool.query('SELECT count(*) AS n FROM orders')).rows[0].n);

  it('places a PENDING order priced from the catalogue, in cents, and emits OrderPlaced', async () => {
    const response = await place(basket({ promo_code: 'WELCOME10' }));
    expect(response.statusCode).toBe(202);
    const order = response.json();
    expect(response.headers.location).toBe(`/api/v1/orders/${order.order_id}`);
    expect(order).toMatchObject({
      status: 'pending',
      user_id: ada.userId,
      subtotal: 75.97,
      discount: 0,
      tax: 6.69,
      shipping: 5.99,
      total: 88.65,
      currency: 'USD',
      promo_code: 'WELCOME10',
      items: [
        { product_id: mug.product_id, name: 'Mug', quantity: 2, unit_price: 12.99, total: 25.98 },
        { product_id: lamp.product_id, name: 'Lamp', quantity: 1, unit_price: 49.99, total: 49.99 },
      ],
      timeline: [{ status: 'pending' }],
    });
    const events = await emittedEvents(orders, order.order_id);
    expect(events).toEqual([
      expect.objectContaining({
        type: 'com.shop.order.placed.v2',
        data: expect.objectContaining({
          order_id: order.order_id,
          total_cents: 8865,
          payment_method: { type: 'card', sealed_token: expect.objectContaining({ alg: cardTokenAlgorithm }) },
          items: expect.arrayContaining([
            expect.objectContaining({ product_id: mug.product_id, quantity: 2, unit_price_cents: 1299 }),
          ]),
        }),
      }),
    ]);
  });

  it('refuses a price the client saw that is no longer current (422 PRICE_CHANGED) and writes nothing', async () => {
    const before = await countOrders();
    const response = await place(basket({ items: [{ product_id: mug.product_id, quantity: 1, price: 9.99 }] }));
    expect(response.statusCode).toBe(422);
    expect(response.json().error).toMatchObject({
      code: 'PRICE_CHANGED',
      details: { product_id: mug.product_id, submitted_price: 9.99, current_price: 12.99 },
      request_id: expect.any(String),
    });
    expect(await countOrders()).toBe(before);
    expect(
      (await place(basket({ items: [{ product_id: mug.product_id, quantity: 1, price: 12.99 }] }))).statusCode,
    ).toBe(202);
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
    const response = await orders.app.inject({
      method: 'POST',
      url: '/api/v1/orders',
      headers: { ...ada.headers, 'content-type': 'application/json' },
      payload: '{"items": [',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('INVALID_REQUEST');
  });

  describe('access', () => {
    it("requires a valid token (401) and hides other customers' orders (404)", async () => {
      const order = (await place(basket())).json();
      expect((await orders.app.inject({ method: 'GET', url: `/api/v1/orders/${order.order_id}` })).statusCode).toBe(
        401,
      );
      const bad = await orders.app.inject({
        method: 'GET',
        url: `/api/v1/orders/${order.order_id}`,
        headers: { authorization: 'Bearer not.a.token' },
      });
      expect(bad.statusCode).toBe(401);
      expect(bad.json().error.code).toBe('UNAUTHORIZED');
      const eve = customer();
      const peek = await orders.app.inject({
        method: 'GET',
        url: `/api/v1/orders/${order.order_id}`,
        headers: eve.headers,
      });
      expect(peek.statusCode).toBe(404);
      const cancel = await orders.app.inject({
        method: 'POST',
        url: `/api/v1/orders/${order.order_id}/cancel`,
        headers: eve.headers,
        payload: {},
      });
      expect(cancel.statusCode).toBe(404);
      expect(
        (
          await orders.app.inject({
            method: 'GET',
            url: `/api/v1/orders/${order.order_id}`,
            headers: staff('support').headers,
          })
        ).statusCode,
      ).toBe(200);
      expect(
        (await orders.app.inject({ method: 'GET', url: `/api/v1/orders/${order.order_id}`, headers: ada.headers }))
          .statusCode,
      ).toBe(200);
    });

    it('keeps fulfilment to support and admin (403 for a customer)', async () => {
      const order = (await place(basket())).json();
      const response = await orders.app.inject({
        method: 'PATCH',
        url: `/api/v1/orders/${order.order_id}/status`,
        headers: ada.headers,
        payload: { status: 'processing' },
      });
      expect(response.statusCode).toBe(403);
      expect(response.json().error.code).toBe('FORBIDDEN');
    });

    it('lets a partner place and read its orders but cancel none (403, the order untouched)', async () => {
      const partner = { headers: bearer(signAccessToken({ roles: ['partner'] })) };
      const own = await place(basket(), {}, partner);
      expect(own.statusCode).toBe(202);
      const id = own.json().order_id;
      expect(
        (await orders.app.inject({ method: 'GET', url: `/api/v1/orders/${id}`, headers: partner.headers })).statusCode,
      ).toBe(200);
      const cancel = await orders.app.inject({
        method: 'POST',
        url: `/api/v1/orders/${id}/cancel`,
        headers: partner.headers,
        payload: {},
      });
      expect(cancel.statusCode).toBe(403);
      expect(cancel.json().error.code).toBe('FORBIDDEN');
      expect(
        (await orders.app.inject({ method: 'GET', url: `/api/v1/orders/${id}`, headers: partner.headers })).json()
          .status,
      ).toBe('pending');
    });

    it('lets support place no orders (403)', async () => {
      const response = await place(basket(), {}, staff('support'));
      expect(response.statusCode).toBe(403);
    });
  });
});
