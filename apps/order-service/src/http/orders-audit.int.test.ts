import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditEvents, PaymentEvents } from '@shop/contracts';
import { emittedEvents, publishEvent, type RunningTestService, type TestEnvironment } from '@shop/service-testing';
import { bearer, eventually, signAccessToken } from '@shop/testing';
import type { OrderConfig } from '../config.js';
import {
  address,
  card,
  customer,
  seedCatalogue,
  startOrderService,
  type CatalogueItem,
} from '../test-support/order-fixture.js';

describe('orders API: the audit trail', () => {
  let env: TestEnvironment;
  let orders: RunningTestService<OrderConfig>;
  let mug: CatalogueItem;
  const ada = customer();
  const supportId = randomUUID();
  const support = (requestId: string) => ({
    ...bearer(signAccessToken({ sub: supportId, roles: ['support'] })),
    'x-request-id': requestId,
  });

  beforeAll(async () => {
    ({ env, orders } = await startOrderService());
    [mug] = (await seedCatalogue(orders, [{ name: 'Mug', price_cents: 1299 }])) as [CatalogueItem];
  });
  afterAll(() => env.stop());

  const auditsOf = async (orderId: string) =>
    (await emittedEvents(orders, orderId)).filter((e) => e.type === AuditEvents.AuditRecorded.type);
  const allAudits = async () => (await emittedEvents(orders)).filter((e) => e.type === AuditEvents.AuditRecorded.type);
  const requestId = () => `req_${randomUUID()}`;

  async function pendingOrder(): Promise<string> {
    const response = await orders.app.inject({
      method: 'POST',
      url: '/api/v1/orders',
      headers: { ...ada.headers, prefer: 'respond-async' },
      payload: {
        items: [{ product_id: mug.product_id, quantity: 1 }],
        shipping_address: address,
        payment_method: card(),
      },
    });
    expect(response.statusCode).toBe(202);
    return response.json().order_id;
  }

  async function confirmedOrder(): Promise<string> {
    const orderId = await pendingOrder();
    await publishEvent(orders, PaymentEvents.PaymentAuthorized, {
      order_id: orderId,
      payment_id: randomUUID(),
      amount_cents: 1000,
      currency: 'USD',
      transaction_id: `txn_${randomUUID()}`,
      method: 'Visa ending in 4242',
    });
    await eventually(async () => {
      const { rows } = await orders.db.pool.query('SELECT status FROM orders WHERE order_id = $1', [orderId]);
      expect(rows[0].status).toBe('confirmed');
    });
    return orderId;
  }

  it('records each fulfilment step support makes: who, which request, from and to, the shipment', async () => {
    const orderId = await confirmedOrder();
    // The saga's own transitions (placing, confirming) are nobody's request: no record.
    expect(await auditsOf(orderId)).toEqual([]);

    const [processing, shipping] = [requestId(), requestId()];
    const patch = (payload: object, id: string) =>
      orders.app.inject({ method: 'PATCH', url: `/api/v1/orders/${orderId}/status`, headers: support(id), payload });
    expect((await patch({ status: 'processing' }, processing)).statusCode).toBe(200);
    expect(
      (await patch({ status: 'shipped', carrier: 'UPS', tracking_number: '1Z999AA10123456784' }, shipping)).statusCode,
    ).toBe(200);

    const common = {
      action: 'order.status_changed',
      actor_id: supportId,
      actor_roles: ['support'],
      target_type: 'order',
      target_id: orderId,
      service: 'order-service',
      at: expect.any(String),
    };
    expect(await auditsOf(orderId)).toEqual([
      {
        type: AuditEvents.AuditRecorded.type,
        subject: orderId,
        data: {
          ...common,
          request_id: processing,
          details: { from: 'confirmed', to: 'processing', changed_by: 'support' },
        },
      },
      {
        type: AuditEvents.AuditRecorded.type,
        subject: orderId,
        data: {
          ...common,
          request_id: shipping,
          details: {
            from: 'processing',
            to: 'shipped',
            changed_by: 'support',
            carrier: 'UPS',
            tracking_number: '1Z999AA10123456784',
          },
        },
      },
    ]);
  });

  it('records a cancellation: by whom, from which status, why, and what the customer wrote', async () => {
    const orderId = await pendingOrder();
    const id = requestId();
    const response = await orders.app.inject({
      method: 'POST',
      url: `/api/v1/orders/${orderId}/cancel`,
      headers: { ...ada.headers, 'x-request-id': id },
      payload: { reason: 'ordered the wrong colour' },
    });
    expect(response.statusCode).toBe(200);
    expect(await auditsOf(orderId)).toEqual([
      expect.objectContaining({
        data: {
          action: 'order.cancelled',
          actor_id: ada.userId,
          actor_roles: ['customer'],
          target_type: 'order',
          target_id: orderId,
          request_id: id,
          service: 'order-service',
          at: expect.any(String),
          details: {
            from: 'pending',
            reason: 'customer_request',
            cancelled_by: 'customer',
            note: 'ordered the wrong colour',
          },
        },
      }),
    ]);
  });

  it('records nothing refused: illegal (409), cancelled twice (409), by a customer (403), unknown (404)', async () => {
    const pending = await pendingOrder();
    const cancelled = await pendingOrder();
    expect(
      (
        await orders.app.inject({
          method: 'POST',
          url: `/api/v1/orders/${cancelled}/cancel`,
          headers: ada.headers,
          payload: {},
        })
      ).statusCode,
    ).toBe(200);
    const before = await allAudits();

    const illegal = await orders.app.inject({
      method: 'PATCH',
      url: `/api/v1/orders/${pending}/status`,
      headers: support(requestId()),
      payload: { status: 'delivered' },
    });
    expect(illegal.statusCode).toBe(409);
    expect(
      (
        await orders.app.inject({
          method: 'POST',
          url: `/api/v1/orders/${cancelled}/cancel`,
          headers: ada.headers,
          payload: {},
        })
      ).statusCode,
    ).toBe(409);
    expect(
      (
        await orders.app.inject({
          method: 'PATCH',
          url: `/api/v1/orders/${pending}/status`,
          headers: ada.headers,
          payload: { status: 'processing' },
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await orders.app.inject({
          method: 'POST',
          url: `/api/v1/orders/${randomUUID()}/cancel`,
          headers: support(requestId()),
          payload: {},
        })
      ).statusCode,
    ).toBe(404);

    expect(await allAudits()).toEqual(before);
  });
});
