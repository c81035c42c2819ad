import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '@shop/testing';
import { call, createProduct, newCustomer, shippingAddress, stockOf, support } from './support/api.js';
import { startStack, type Stack } from './support/stack.js';

/**
 * The saga's liveness invariant (docs/architecture.md): every order reaches CONFIRMED or CANCELLED
 * even when a service is killed mid-saga (SIGKILL: no graceful shutdown) and restarted — and nothing
 * is charged twice.
 */
describe('saga survives crashes', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ services: ['inventory-service', 'order-service', 'payment-service'], portBase: 6000 });
  }, 120_000);
  afterAll(() => stack?.stop());

  const placeMany = async (productId: string, count: number) => {
    const placed = await Promise.all(
      Array.from({ length: count }, () =>
        call(
          stack.url('order-service'),
          'POST',
          '/api/v1/orders',
          { ...newCustomer().headers, prefer: 'respond-async' },
          {
            items: [{ product_id: productId, quantity: 1 }],
            shipping_address: shippingAddress,
            payment_method: { type: 'card', token: 'tok_visa_4242' },
          },
        ),
      ),
    );
    expect(placed.every((r) => r.status === 202)).toBe(true);
    return placed.map((r) => r.body.order_id as string);
  };

  async function expectAllConfirmedOnce(orderIds: string[]) {
    await eventually(
      async () => {
        const rows = await stack.query<{ status: string; n: number }>(
          `SELECT status, count(*)::int AS n FROM "${stack.schemas['order-service']}".orders
            WHERE order_id = ANY($1::uuid[]) GROUP BY status`,
          [orderIds],
        );
        expect(rows).toEqual([{ status: 'confirmed', n: orderIds.length }]);
      },
      90_000,
      250,
    );
    for (const orderId of orderIds) {
      const payments = (
        await call(stack.url('payment-service'), 'GET', `/api/v1/payments?order_id=${orderId}`, support)
      ).body.data as { payment_id: string; status: string }[];
      expect(payments.map((p) => p.status)).toEqual(['authorized']);
      const ledger = (
        await call(
          stack.processes.get('provider')!.url,
          'GET',
          `/v1/ledger?idempotency_key=${payments[0]!.payment_id}`,
          {},
        )
      ).body;
      expect(ledger.authorizations).toHaveLength(1);
    }
  }

  it.each(['payment-service', 'inventory-service', 'order-service'] as const)(
    'confirms every order once when the %s is killed mid-saga and restarted',
    async (victim) => {
      const productId = await createProduct(stack, { name: `Crash test ${victim}`, price: 5, stock: 100 });
      const orderIds = await placeMany(productId, 20);
      await stack.kill(victim);
      await new Promise((r) => setTimeout(r, 500));
      await stack.restart(victim);
      await expectAllConfirmedOnce(orderIds);
      await eventually(
        async () => expect(await stockOf(stack, productId)).toEqual({ on_hand: 80, reserved: 0, available: 80 }),
        30_000,
      );
    },
  );

  it(
    'confirms every order once when the database drops every connection for 3 s mid-saga',
    { timeout: 150_000 },
    async () => {
      const productId = await createProduct(stack, { name: 'Database outage', price: 5, stock: 100 });
      const orderIds = await placeMany(productId, 20);
      await stack.cutDatabase(3_000);
      await expectAllConfirmedOnce(orderIds);
      await eventually(
        async () => expect(await stockOf(stack, productId)).toEqual({ on_hand: 80, reserved: 0, available: 80 }),
        30_000,
      );
    },
  );
});
