import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PaymentEvents } from '@shop/contracts';
import { emittedEvents, publishEvent } from '@shop/service-testing';
import { eventually } from '@shop/testing';
import { customer, staff } from '../test-support/order-fixture.js';
import { startOrdersApi, type OrdersApi } from '../test-support/orders-api.js';

describe('orders API: lifecycle', () => {
  let api: OrdersApi;
  let orders: OrdersApi['orders'];
  const ada = customer();

  beforeAll(async () => {
    api = await startOrdersApi();
    ({ orders } = api);
  });
  afterAll(() => api.env.stop());

  const place = (body: object, headers: Record<string, string> = {}, who: { headers: Record<string, string> } = ada) =>
    api.place(body, who, headers);
  const basket = (overrides: object = {}) => api.basket(overrides);

  describe('lifecycle through the API', () => {
    async function confirmedOrder() {
      const order = (await place(basket())).json();
      await publishEvent(orders, PaymentEvents.PaymentAuthorized, {
        order_id: order.order_id,
        payment_id: randomUUID(),
        amount_cents: 8865,
        currency: 'USD',
        transaction_id: `txn_${randomUUID()}`,
        method: 'Visa ending in 4242',
      });
      await eventually(async () => {
        const r = await orders.app.inject({
          method: 'GET',
          url: `/api/v1/orders/${order.order_id}`,
          headers: ada.headers,
        });
        expect(r.json().status).toBe('confirmed');
      });
      return order.order_id as string;
    }
    const patch = (id: string, payload: object) =>
      orders.app.inject({
        method: 'PATCH',
        url: `/api/v1/orders/${id}/status`,
        headers: staff('support').headers,
        payload,
      });
    const timelineOf = async (id: string) =>
      (await orders.app.inject({ method: 'GET', url: `/api/v1/orders/${id}`, headers: ada.headers }))
        .json()
        .timeline.map((t: { status: string }) => t.status);

    it('moves confirmed → processing → shipped (with tracking) → delivered and records each step', async () => {
      const id = await confirmedOrder();
      expect((await patch(id, { status: 'processing' })).statusCode).toBe(200);
      const shipped = await patch(id, { status: 'shipped', carrier: 'UPS', tracking_number: '1Z999AA10123456784' });
      expect(shipped.json()).toMatchObject({
        status: 'shipped',
        fulfilment: { carrier: 'UPS', tracking_number: '1Z999AA10123456784' },
      });
      expect((await patch(id, { status: 'delivered' })).json().status).toBe('delivered');
      expect(await timelineOf(id)).toEqual(['pending', 'confirmed', 'processing', 'shipped', 'delivered']);
      // The order's own read (one SQL statement) shows it as the Prisma-read export does.
      const read = (
        await orders.app.inject({ method: 'GET', url: `/api/v1/orders/${id}`, headers: ada.headers })
      ).json();
      const exported = (
        await orders.app.inject({ method: 'GET', url: `/internal/v1/users/${ada.userId}/export`, headers: ada.headers })
      ).json();
      expect(read).toEqual(exported.orders.find((o: { order_id: string }) => o.order_id === id));
      const events = (await emittedEvents(orders, id))
        .filter((e) => e.type.startsWith('com.shop.order.'))
        .map((e) => `${e.type}:${(e.data as { to?: string }).to ?? ''}`);
      expect(events).toEqual([
        'com.shop.order.placed.v2:',
        'com.shop.order.confirmed.v1:',
        'com.shop.order.status-changed.v1:processing',
        'com.shop.order.status-changed.v1:shipped',
        'com.shop.order.status-changed.v1:delivered',
      ]);
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
      const cancelled = await orders.app.inject({
        method: 'POST',
        url: `/api/v1/orders/${pending}/cancel`,
        headers: ada.headers,
        payload: {},
      });
      expect(cancelled.json()).toMatchObject({ status: 'cancelled', cancellation_reason: 'customer_request' });
      const again = await orders.app.inject({
        method: 'POST',
        url: `/api/v1/orders/${pending}/cancel`,
        headers: ada.headers,
        payload: {},
      });
      expect(again.statusCode).toBe(409);
      expect(
        (await emittedEvents(orders, pending)).filter((e) => e.type === 'com.shop.order.cancelled.v1'),
      ).toHaveLength(1);
    });

    it('lets a customer cancel a confirmed order, emitting OrderCancelled for compensation', async () => {
      const id = await confirmedOrder();
      const response = await orders.app.inject({
        method: 'POST',
        url: `/api/v1/orders/${id}/cancel`,
        headers: ada.headers,
        payload: { reason: 'changed my mind' },
      });
      expect(response.json()).toMatchObject({ status: 'cancelled', cancellation_reason: 'customer_request' });
      expect(
        (await emittedEvents(orders, id)).filter((e) => e.type.startsWith('com.shop.order.')).at(-1),
      ).toMatchObject({
        type: 'com.shop.order.cancelled.v1',
        data: { previous_status: 'confirmed', reason: 'customer_request' },
      });
    });
  });
});
