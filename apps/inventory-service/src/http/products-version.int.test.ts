import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InventoryEvents } from '@shop/contracts';
import { createTestEnvironment, type TestEnvironment } from '@shop/service-testing';
import { inventoryService } from '../service.js';
import { addProduct, asAdmin, emitted, type InventoryUnderTest } from '../test-support/inventory-harness.js';

describe("ProductUpserted carries the product row's version", () => {
  let env: TestEnvironment;
  let service: InventoryUnderTest;

  beforeAll(async () => {
    env = await createTestEnvironment();
    service = await env.start(inventoryService);
  });
  afterAll(() => env.stop());

  const rowVersion = async (productId: string): Promise<number> =>
    (await service.db.pool.query(`SELECT version FROM products WHERE product_id = $1`, [productId])).rows[0].version;
  const announcedVersions = async (productId: string): Promise<unknown[]> =>
    (await emitted(service.db.pool, productId))
      .filter((e) => e.type === InventoryEvents.ProductUpserted.type)
      .map((e) => e.data.version);

  it('announces each change with the version it wrote, so that every announcement is newer than the last', async () => {
    const product = await addProduct(service, { initial_stock: 3 });
    const versions = [await rowVersion(product.product_id)];
    const changes = [
      { method: 'PATCH' as const, url: `/api/v1/products/${product.product_id}`, payload: { price: 12.5 } },
      {
        method: 'POST' as const,
        url: `/api/v1/products/${product.product_id}/stock`,
        payload: { delta: 2, reason: 'delivery' },
      },
      { method: 'PATCH' as const, url: `/api/v1/products/${product.product_id}`, payload: { status: 'inactive' } },
    ];
    for (const change of changes) {
      const response = await service.app.inject({ ...change, headers: asAdmin() });
      expect(response.statusCode).toBe(200);
      versions.push(await rowVersion(product.product_id));
    }

    expect(await announcedVersions(product.product_id)).toEqual(versions);
    expect(versions.every((v, i) => i === 0 || v > versions[i - 1]!)).toBe(true);
  });
});
