import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorEnvelope } from '@shop/contracts';
import { address, card, customer, seedCatalogue, startOrderService } from '../test-support/order-fixture.js';

/**
 * The largest basket the schemas allow (100 lines of 1 000 units at the catalogue's top price) is
 * worth far more than the orders table's INTEGER cents hold: such an order is refused as 400 before
 * anything is written, never a 500 from the insert.
 */
describe('orders API: an order larger than one order can carry', () => {
  let started: Awaited<ReturnType<typeof startOrderService>>;
  const ada = customer();

  beforeAll(async () => {
    started = await startOrderService();
  });
  afterAll(() => started.env.stop());

  it('is refused as 400 VALIDATION_ERROR, and nothing is written', async () => {
    const { orders } = started;
    const [yacht] = await seedCatalogue(orders, [{ name: 'Yacht', price_cents: 100_000_000 }]);
    const countOrders = async () => Number((await orders.db.pool.query('SELECT count(*) AS n FROM orders')).rows[0].n);
    const before = await countOrders();
    const response = await orders.app.inject({
      method: 'POST',
      url: '/api/v1/orders',
      headers: { ...ada.headers, prefer: 'respond-async' },
      payload: {
        items: [{ product_id: yacht!.product_id, quantity: 1000 }],
        shipping_address: address,
        payment_method: card(),
      },
    });
    expect(response.statusCode).toBe(400);
    expect(ErrorEnvelope.parse(response.json()).error.code).toBe('VALIDATION_ERROR');
    expect(await countOrders()).toBe(before);
  });
});
