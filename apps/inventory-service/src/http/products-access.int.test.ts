import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnvironment, type TestEnvironment } from '@shop/service-testing';
import { bearer, signAccessToken } from '@shop/testing';
import { inventoryService } from '../service.js';
import {
  addProduct,
  asCustomer,
  expiredAdminToken,
  tamperedToken,
  type InventoryUnderTest,
} from '../test-support/inventory-harness.js';

describe('products API: who may do what, and reading one product', () => {
  let env: TestEnvironment;
  let service: InventoryUnderTest;
  const counts = async () => {
    const { rows } = await service.db.pool.query(
      `SELECT (SELECT count(*) FROM products)::int AS products, (SELECT count(*) FROM outbox)::int AS events,
              (SELECT count(*) FROM stock_adjustments)::int AS adjustments`,
    );
    return rows[0] as { products: number; events: number; adjustments: number };
  };

  beforeAll(async () => {
    env = await createTestEnvironment();
    service = await env.start(inventoryService);
  });
  afterAll(() => env.stop());

  describe('authentication and roles', () => {
    const id = randomUUID();
    const routes: { method: 'GET' | 'POST' | 'PATCH'; url: string; payload?: object }[] = [
      { method: 'POST', url: '/api/v1/products', payload: { sku: 'A-1', name: 'A', price: 1 } },
      { method: 'PATCH', url: `/api/v1/products/${id}`, payload: { name: 'B' } },
      { method: 'POST', url: `/api/v1/products/${id}/stock`, payload: { delta: 1, reason: 'count' } },
      { method: 'GET', url: `/api/v1/products/${id}` },
      { method: 'GET', url: '/api/v1/products' },
    ];

    it.each(routes.slice(0, 3))('$method $url without a token is 401 UNAUTHORIZED', async (route) => {
      const response = await service.app.inject({ ...route });
      expect(response.statusCode).toBe(401);
      expect(response.json().error).toMatchObject({ code: 'UNAUTHORIZED', message: 'Missing access token' });
    });

    it.each(routes)('$method $url with a malformed, expired or tampered token is 401 UNAUTHORIZED', async (route) => {
      for (const token of ['not-a-jwt', expiredAdminToken(), tamperedToken()]) {
        const authorization = `Bearer ${token}`;
        const response = await service.app.inject({ ...route, headers: { authorization } });
        expect(response.statusCode).toBe(401);
        expect(response.json().error.code).toBe('UNAUTHORIZED');
      }
    });

    it.each(routes.slice(0, 3))(
      '$method $url as a customer is 403 FORBIDDEN, even before the body is looked at',
      async (route) => {
        const before = await counts();
        for (const payload of [route.payload, { nonsense: true }]) {
          const response = await service.app.inject({ ...route, payload, headers: asCustomer() });
          expect(response.statusCode).toBe(403);
          expect(response.json().error).toMatchObject({
            code: 'FORBIDDEN',
            message: 'Requires one of the roles: admin',
          });
        }
        expect(await counts()).toEqual(before);
      },
    );

    it('lets anyone read the catalogue, without a token', async () => {
      const product = await addProduct(service);
      const one = await service.app.inject({ method: 'GET', url: `/api/v1/products/${product.product_id}` });
      expect(one.statusCode).toBe(200);
      expect(one.json().product_id).toBe(product.product_id);
      const all = await service.app.inject({ method: 'GET', url: '/api/v1/products?limit=100' });
      expect(all.statusCode).toBe(200);
      expect(all.json().data.map((p: { product_id: string }) => p.product_id)).toContain(product.product_id);
    });

    it('lets a customer read the catalogue', async () => {
      const product = await addProduct(service);
      const one = await service.app.inject({
        method: 'GET',
        url: `/api/v1/products/${product.product_id}`,
        headers: asCustomer(),
      });
      expect(one.statusCode).toBe(200);
      const list = await service.app.inject({ method: 'GET', url: '/api/v1/products', headers: asCustomer() });
      expect(list.statusCode).toBe(200);
    });
  });

  describe('GET /products/{id}', () => {
    it('shows support the product with on hand, reserved and available stock', async () => {
      const product = await addProduct(service, { initial_stock: 8, price: 5.5 });
      await service.db.pool.query(`UPDATE products SET reserved = 3 WHERE product_id = $1`, [product.product_id]);
      const response = await service.app.inject({
        method: 'GET',
        url: `/api/v1/products/${product.product_id}`,
        headers: bearer(signAccessToken({ roles: ['support'] })),
      });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({
        product_id: product.product_id,
        price: 5.5,
        stock: { on_hand: 8, reserved: 3, available: 5 },
      });
    });

    it('answers 404 NOT_FOUND for an unknown id and 400 for one that is not a UUID', async () => {
      const unknown = await service.app.inject({
        method: 'GET',
        url: `/api/v1/products/${randomUUID()}`,
        headers: asCustomer(),
      });
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json().error).toMatchObject({ code: 'NOT_FOUND' });
      const malformed = await service.app.inject({
        method: 'GET',
        url: '/api/v1/products/prod_abc123',
        headers: asCustomer(),
      });
      expect(malformed.statusCode).toBe(400);
      expect(malformed.json().error.code).toBe('VALIDATION_ERROR');
    });
  });
});
