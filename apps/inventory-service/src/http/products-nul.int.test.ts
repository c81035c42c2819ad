import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { createTestEnvironment, type TestEnvironment } from '@shop/service-testing';
import { inventoryService } from '../service.js';
import { addProduct, asAdmin, type InventoryUnderTest } from '../test-support/inventory-harness.js';

/**
 * Found by fuzzing: PostgreSQL cannot store U+0000 in text or jsonb, so a NUL that reached it
 * answered 500. Now it is a 400 VALIDATION_ERROR naming the field, and nothing is written.
 */
describe('products API: text holding NUL (U+0000)', () => {
  let env: TestEnvironment;
  let service: InventoryUnderTest;
  /** Everything a refused request could have left behind: products, stock changes, events and audit records. */
  const written = async () => {
    const { rows } = await service.db.pool.query(
      `SELECT (SELECT count(*) FROM products)::int AS products, (SELECT count(*) FROM outbox)::int AS events,
              (SELECT count(*) FROM stock_adjustments)::int AS adjustments,
              (SELECT max(updated_at) FROM products) AS last_update`,
    );
    return rows[0] as Record<string, unknown>;
  };
  const productAsStored = async (productId: string) => {
    const response = await service.app.inject({
      method: 'GET',
      url: `/api/v1/products/${productId}`,
      headers: asAdmin(),
    });
    expect(response.statusCode).toBe(200);
    return response.json();
  };
  const expectRefusal = (response: LightMyRequestResponse, field: string) => {
    expect({ status: response.statusCode, body: response.json() }).toEqual({
      status: 400,
      body: {
        error: expect.objectContaining({
          code: 'VALIDATION_ERROR',
          details: expect.objectContaining({ field }),
          request_id: response.headers['x-request-id'],
        }),
      },
    });
  };
  /** Sends the request and checks it was refused for `field` and changed nothing at all. */
  const expectRefusedWithoutWrites = async (request: InjectOptions, field: string) => {
    const before = await written();
    expectRefusal(await service.app.inject(request), field);
    expect(await written()).toEqual(before);
  };

  beforeAll(async () => {
    env = await createTestEnvironment();
    service = await env.start(inventoryService);
  });
  afterAll(() => env.stop());

  it('refuses a NUL in the category filter of an anonymous catalogue read', async () => {
    await addProduct(service, { category: 'ab' });
    const response = await service.app.inject({ method: 'GET', url: '/api/v1/products?category=a%00b' });
    expectRefusal(response, 'query.category');
  });

  it('refuses a NUL in a stock adjustment’s reason: stock, audit trail and outbox untouched', async () => {
    const product = await addProduct(service, { initial_stock: 10 });
    const request: InjectOptions = {
      method: 'POST',
      url: `/api/v1/products/${product.product_id}/stock`,
      headers: asAdmin(),
      payload: { delta: -3, reason: 'damaged\u0000in transit' },
    };
    await expectRefusedWithoutWrites(request, 'body.reason');
    expect(await productAsStored(product.product_id)).toEqual(product);
  });

  it('refuses a NUL in a product attribute’s key, on create and on update', async () => {
    const sku = `NUL-${randomUUID()}`;
    const attributes = { ['col\u0000our']: 'red' };
    await expectRefusedWithoutWrites(
      {
        method: 'POST',
        url: '/api/v1/products',
        headers: asAdmin(),
        payload: { sku, name: 'Mug', price: 5, attributes },
      },
      'body.attributes.col\u0000our',
    );
    const created = await service.app.inject({
      method: 'POST',
      url: '/api/v1/products',
      headers: asAdmin(),
      payload: { sku, name: 'Mug', price: 5, attributes: { colour: 'red' } },
    });
    expect(created.statusCode).toBe(201);

    const product = created.json();
    await expectRefusedWithoutWrites(
      {
        method: 'PATCH',
        url: `/api/v1/products/${product.product_id}`,
        headers: asAdmin(),
        payload: { attributes: { size: { ['e\u0000u']: 42 } } },
      },
      'body.attributes.size.e\u0000u',
    );
    expect(await productAsStored(product.product_id)).toEqual(product);
  });
});
