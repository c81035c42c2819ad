import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '@shop/testing';
import { admin, call, createProduct, newCustomer, shippingAddress, stockOf, support } from './support/api.js';
import { startStack, type Stack } from './support/stack.js';

/**
 * The order saga end to end: inventory, order and payment services and the card provider
 * simulator as real processes over Kafka and PostgreSQL, driven through their HTTP APIs.
 */
describe('order saga, end to end', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({
      services: ['inventory-service', 'order-service', 'payment-service'],
      portBase: 5000,
      env: {
        'inventory-service': { RESERVATION_TTL_SECONDS: '4', RESERVATION_SWEEP_INTERVAL_MS: '250' },
        'payment-service': { PROVIDER_TIMEOUT_MS: '8000' },
        provider: { PROVIDER_SIMULATOR_SLOW_DELAY_MS: '7000', PROVIDER_SIMULATOR_TIMEOUT_DELAY_MS: '30000' },
      },
    });
  }, 120_000);
  afterAll(() => stack?.stop());

  const orders = () => stack.url('order-service');
  const place = (
    who: { headers: Record<string, string> },
    productId: string,
    quantity: number,
    token = 'tok_visa_4242',
    prefer = 'wait=10',
  ) =>
    call(
      orders(),
      'POST',
      '/api/v1/orders',
      { ...who.headers, prefer },
      {
        items: [{ product_id: productId, quantity }],
        shipping_address: shippingAddress,
        payment_method: { type: 'card', token },
      },
    );
  const orderOf = async (who: { headers: Record<string, string> }, id: string) =>
    (await call(orders(), 'GET', `/api/v1/orders/${id}`, who.headers)).body;
  const paymentsOf = async (orderId: string) =>
    (await call(stack.url('payment-service'), 'GET', `/api/v1/payments?order_id=${orderId}`, support)).body.data as {
      status: string;
    }[];

  it('confirms an order within Prefer: wait, with stock committed and the card authorized once', async () => {
    const productId = await createProduct(stack, { name: 'Headphones', price: 29.99, stock: 10 });
    const ada = newCustomer();
    const started = Date.now();
    const response = await place(ada, productId, 2);
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(response.body).toMatchObject({
      status: 'confirmed',
      subtotal: 59.98,
      payment: { status: 'authorized', method: expect.stringMatching(/4242/) },
    });
    expect(response.body.timeline.map((t: { status: string }) => t.status)).toEqual(['pending', 'confirmed']);
    await eventually(async () =>
      expect(await stockOf(stack, productId)).toEqual({ on_hand: 8, reserved: 0, available: 8 }),
    );
    expect((await paymentsOf(response.body.order_id)).map((p) => p.status)).toEqual(['authorized']);
  });

  it('cancels an order the stock cannot cover, holding nothing', async () => {
    const productId = await createProduct(stack, { name: 'Rare vinyl', price: 49.99, stock: 1 });
    const response = await place(newCustomer(), productId, 2);
    expect(response.status).toBe(422);
    expect(response.body.error).toMatchObject({
      code: 'INSUFFICIENT_INVENTORY',
      details: { product_id: productId, requested: 2, available: 1 },
    });
    expect(await stockOf(stack, productId)).toEqual({ on_hand: 1, reserved: 0, available: 1 });
    const orderId = response.body.error.details.order_id;
    await eventually(async () => expect((await paymentsOf(orderId)).map((p) => p.status)).toEqual(['cancelled']));
  });

  it('cancels on a declined card and puts the stock back', async () => {
    const productId = await createProduct(stack, { name: 'Lamp', price: 19.99, stock: 5 });
    const response = await place(newCustomer(), productId, 3, 'tok_chargeDeclined');
    expect(response.status).toBe(422);
    expect(response.body.error).toMatchObject({ code: 'PAYMENT_FAILED', details: { code: 'card_declined' } });
    await eventually(async () =>
      expect(await stockOf(stack, productId)).toEqual({ on_hand: 5, reserved: 0, available: 5 }),
    );
  });

  const ledgerOf = async (paymentId: string) =>
    (await call(stack.processes.get('provider')!.url, 'GET', `/v1/ledger?idempotency_key=${paymentId}`, {})).body as {
      authorizations: { status: string }[];
    };

  it('cancels when the hold expires before the provider answers, and voids the late authorization', async () => {
    const productId = await createProduct(stack, { name: 'Kettle', price: 39.99, stock: 4 });
    const grace = newCustomer();
    const response = await place(grace, productId, 1, 'tok_slow_visa_4242', 'wait=0');
    expect(response.status).toBe(202);
    const orderId = response.body.order_id;
    await eventually(
      async () =>
        expect(await orderOf(grace, orderId)).toMatchObject({
          status: 'cancelled',
          cancellation_reason: 'reservation_expired',
        }),
      30_000,
      200,
    );
    await eventually(async () =>
      expect(await stockOf(stack, productId)).toEqual({ on_hand: 4, reserved: 0, available: 4 }),
    );
    const payment = await eventually(
      async () => {
        const [p] = (await paymentsOf(orderId)) as { status: string; payment_id: string }[];
        expect(p!.status).toBe('voided');
        return p!;
      },
      30_000,
      200,
    );
    expect((await ledgerOf(payment.payment_id)).authorizations.map((a) => a.status)).toEqual(['voided']);
    expect((await orderOf(grace, orderId)).status).toBe('cancelled');
  });

  it('cancels cleanly when the provider never answers, and charges nothing', async () => {
    const productId = await createProduct(stack, { name: 'Teapot', price: 15, stock: 2 });
    const dan = newCustomer();
    const orderId = (await place(dan, productId, 1, 'tok_timeout', 'wait=0')).body.order_id;
    await eventually(
      async () =>
        expect(await orderOf(dan, orderId)).toMatchObject({
          status: 'cancelled',
          cancellation_reason: 'reservation_expired',
        }),
      30_000,
      200,
    );
    await eventually(async () =>
      expect(await stockOf(stack, productId)).toEqual({ on_hand: 2, reserved: 0, available: 2 }),
    );
    const [payment] = (await paymentsOf(orderId)) as { status: string; payment_id: string }[];
    expect(payment!.status).toMatch(/^(cancelled|voiding)$/);
    expect((await ledgerOf(payment!.payment_id)).authorizations).toEqual([]);
  });

  it('restocks and voids when a customer cancels a confirmed order', async () => {
    const productId = await createProduct(stack, { name: 'Toaster', price: 24.5, stock: 3 });
    const bob = newCustomer();
    const placed = await place(bob, productId, 2);
    expect(placed.body.status).toBe('confirmed');
    await eventually(async () => expect(await stockOf(stack, productId)).toMatchObject({ on_hand: 1 }));
    const cancelled = await call(orders(), 'POST', `/api/v1/orders/${placed.body.order_id}/cancel`, bob.headers, {});
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancellation_reason: 'customer_request' });
    await eventually(async () =>
      expect(await stockOf(stack, productId)).toEqual({ on_hand: 3, reserved: 0, available: 3 }),
    );
    await eventually(async () =>
      expect((await paymentsOf(placed.body.order_id)).map((p) => p.status)).toEqual(['voided']),
    );
    await eventually(async () => expect((await orderOf(bob, placed.body.order_id)).payment.status).toBe('voided'));
  });

  it('captures at shipment', async () => {
    const productId = await createProduct(stack, { name: 'Chair', price: 80, stock: 2 });
    const carol = newCustomer();
    const placed = await place(carol, productId, 1);
    const id = placed.body.order_id;
    expect(
      (await call(orders(), 'PATCH', `/api/v1/orders/${id}/status`, support, { status: 'processing' })).status,
    ).toBe(200);
    expect(
      (
        await call(orders(), 'PATCH', `/api/v1/orders/${id}/status`, support, {
          status: 'shipped',
          carrier: 'UPS',
          tracking_number: '1Z999',
        })
      ).status,
    ).toBe(200);
    await eventually(async () => expect((await paymentsOf(id)).map((p) => p.status)).toEqual(['captured']));
    await eventually(async () => expect((await orderOf(carol, id)).payment.status).toBe('captured'));
  });

  it('sells exactly the stock under 100 concurrent orders: 30 units, 30 confirmed, never negative', async () => {
    const productId = await createProduct(stack, { name: 'Limited edition', price: 10, stock: 30 });
    let lowest = Number.POSITIVE_INFINITY;
    const watching = setInterval(async () => {
      const rows = await stack.query<{ available: number }>(
        `SELECT stock_on_hand - reserved AS available FROM "${stack.schemas['inventory-service']}".products
          WHERE product_id = $1`,
        [productId],
      );
      lowest = Math.min(lowest, rows[0]!.available);
    }, 20);
    const responses = await Promise.all(
      Array.from({ length: 100 }, () => place(newCustomer(), productId, 1, 'tok_visa_4242', 'wait=20')),
    );
    clearInterval(watching);
    const outcomes = responses.map((r) =>
      r.status === 201 ? r.body.status : r.status === 422 ? r.body.error.code : `http ${r.status}`,
    );
    const count = (v: string) => outcomes.filter((o) => o === v).length;
    expect(count('confirmed'), JSON.stringify(outcomes)).toBe(30);
    expect(count('INSUFFICIENT_INVENTORY')).toBe(70);
    expect(lowest).toBeGreaterThanOrEqual(0);
    await eventually(async () =>
      expect(await stockOf(stack, productId)).toEqual({ on_hand: 0, reserved: 0, available: 0 }),
    );
    const charged = await stack.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "${stack.schemas['payment-service']}".payments p
        JOIN "${stack.schemas['order-service']}".orders o ON o.order_id = p.order_id
        WHERE o.status = 'confirmed' AND p.status = 'authorized' AND o.order_id = ANY($1::uuid[])`,
      [responses.filter((r) => r.status === 201).map((r) => r.body.order_id)],
    );
    expect(charged[0]!.n).toBe(30);
  });

  it('keeps the admin catalogue and the order replica in step', async () => {
    const productId = await createProduct(stack, { name: 'Desk', price: 100, stock: 1 });
    expect(
      (await call(stack.url('inventory-service'), 'PATCH', `/api/v1/products/${productId}`, admin, { price: 120 }))
        .status,
    ).toBe(200);
    await eventually(async () => {
      const rows = await stack.query<{ price_cents: number }>(
        `SELECT price_cents FROM "${stack.schemas['order-service']}".catalogue_products WHERE product_id = $1`,
        [productId],
      );
      expect(rows[0]!.price_cents).toBe(12000);
    });
    const stale = await call(orders(), 'POST', '/api/v1/orders', newCustomer().headers, {
      items: [{ product_id: productId, quantity: 1, price: 100 }],
      shipping_address: shippingAddress,
      payment_method: { type: 'card', token: 'tok_visa_4242' },
    });
    expect(stale.status).toBe(422);
    expect(stale.body.error).toMatchObject({ code: 'PRICE_CHANGED', details: { current_price: 120 } });
  });
});
