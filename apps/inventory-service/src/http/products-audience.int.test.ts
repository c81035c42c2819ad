import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InventoryHttp } from '@shop/contracts';
import { createTestEnvironment, type TestEnvironment } from '@shop/service-testing';
import { bearer, signAccessToken } from '@shop/testing';
import { inventoryService } from '../service.js';
import { addProduct, asAdmin, asCustomer, type InventoryUnderTest } from '../test-support/inventory-harness.js';

const asPartner = () => bearer(signAccessToken({ roles: ['partner'] }));
const asSupport = () => bearer(signAccessToken({ roles: ['support'] }));

/** Callers who see the public view: no token, customers, partners. */
const publicAudience: [string, () => Record<string, string>][] = [
  ['no token', () => ({})],
  ['a customer', asCustomer],
  ['a partner', asPartner],
];
/** Callers who see every product with its counts. */
const staff: [string, () => Record<string, string>][] = [
  ['support', asSupport],
  ['an admin', asAdmin],
];

describe('products API: what each audience reads', () => {
  let env: TestEnvironment;
  let service: InventoryUnderTest;
  const low = InventoryHttp.LOW_STOCK_BELOW;
  // One product per availability state, each at its edge, and two nobody outside staff may see.
  let outOfStock: InventoryHttp.ProductResponse;
  let lowStock: InventoryHttp.ProductResponse;
  let inStock: InventoryHttp.ProductResponse;
  let reservedDown: InventoryHttp.ProductResponse;
  let inactive: InventoryHttp.ProductResponse;
  let discontinued: InventoryHttp.ProductResponse;

  const get = async (url: string, headers: Record<string, string>) => {
    const response = await service.app.inject({ method: 'GET', url: `/api/v1/products${url}`, headers });
    return { status: response.statusCode, body: response.json(), vary: String(response.headers.vary ?? '') };
  };

  beforeAll(async () => {
    env = await createTestEnvironment();
    service = await env.start(inventoryService);
    outOfStock = await addProduct(service, { initial_stock: 0 });
    lowStock = await addProduct(service, { initial_stock: low - 1 });
    inStock = await addProduct(service, { initial_stock: low });
    // Enough on hand, but reservations leave fewer than the threshold available.
    reservedDown = await addProduct(service, { initial_stock: low + 2 });
    await service.db.pool.query(`UPDATE products SET reserved = 3 WHERE product_id = $1`, [reservedDown.product_id]);
    inactive = await addProduct(service, { status: 'inactive', initial_stock: 50 });
    discontinued = await addProduct(service, { status: 'discontinued', initial_stock: 50 });
  });
  afterAll(() => env.stop());

  const active = () => [outOfStock, lowStock, inStock, reservedDown];
  const expectedAvailability = () => ({
    [outOfStock.product_id]: 'out_of_stock',
    [lowStock.product_id]: 'low_stock',
    [inStock.product_id]: 'in_stock',
    [reservedDown.product_id]: 'low_stock',
  });

  describe.each(publicAudience)('%s', (_who, headers) => {
    it('lists the active products only, each with its availability and no stock counts', async () => {
      const { status, body, vary } = await get('?limit=100', headers());
      expect(status).toBe(200);
      const ids = body.data.map((p: { product_id: string }) => p.product_id);
      expect(ids.sort()).toEqual(
        active()
          .map((p) => p.product_id)
          .sort(),
      );
      for (const product of body.data) {
        expect(product).not.toHaveProperty('stock');
        expect(product.availability).toBe(expectedAvailability()[product.product_id]);
        expect(InventoryHttp.PublicProductResponse.parse(product)).toEqual(product);
      }
      expect(vary.toLowerCase()).toContain('authorization');
    });

    it('pages through the active products only', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const { status, body } = await get(`?limit=1${cursor ? `&cursor=${cursor}` : ''}`, headers());
        expect(status).toBe(200);
        seen.push(...body.data.map((p: { product_id: string }) => p.product_id));
        cursor = body.pagination.next_cursor;
      } while (cursor && seen.length < 20);
      expect(seen.sort()).toEqual(
        active()
          .map((p) => p.product_id)
          .sort(),
      );
    });

    it('reads an active product with its availability, not its counts', async () => {
      const { status, body } = await get(`/${reservedDown.product_id}`, headers());
      expect(status).toBe(200);
      expect(body).not.toHaveProperty('stock');
      expect(body).toEqual({
        ...reservedDown,
        stock: undefined,
        availability: expectedAvailability()[body.product_id],
      });
    });

    it('answers 404 NOT_FOUND for an inactive or discontinued product, as for one that does not exist', async () => {
      for (const hidden of [inactive, discontinued]) {
        const { status, body } = await get(`/${hidden.product_id}`, headers());
        expect({ status, code: body.error.code, details: body.error.details }).toEqual({
          status: 404,
          code: 'NOT_FOUND',
          details: { product_id: hidden.product_id },
        });
        expect(JSON.stringify(body)).not.toContain(hidden.sku);
      }
    });

    it('refuses another status than active (400, query.status), and lists the active ones', async () => {
      for (const other of ['inactive', 'discontinued']) {
        const { status, body } = await get(`?status=${other}`, headers());
        expect(status).toBe(400);
        expect(body.error).toMatchObject({ code: 'VALIDATION_ERROR', details: { field: 'query.status' } });
      }
      const { status, body } = await get('?status=active&limit=100', headers());
      expect(status).toBe(200);
      expect(body.data).toHaveLength(active().length);
    });
  });

  describe.each(staff)('%s', (_who, headers) => {
    it('lists every product, whatever its status, with its stock counts', async () => {
      const { status, body } = await get('?limit=100', headers());
      expect(status).toBe(200);
      const everyProduct = [...active(), inactive, discontinued];
      expect(body.data.map((p: { product_id: string }) => p.product_id).sort()).toEqual(
        everyProduct.map((p) => p.product_id).sort(),
      );
      const reserved = body.data.find((p: { product_id: string }) => p.product_id === reservedDown.product_id);
      expect(reserved.stock).toEqual({ on_hand: low + 2, reserved: 3, available: low - 1 });
      for (const product of body.data) expect(product).not.toHaveProperty('availability');
    });

    it('reads an inactive product with its counts, and filters by status', async () => {
      const one = await get(`/${inactive.product_id}`, headers());
      expect(one).toMatchObject({ status: 200, body: inactive });
      const list = await get('?status=discontinued', headers());
      expect(list.body.data.map((p: { product_id: string }) => p.product_id)).toEqual([discontinued.product_id]);
      expect(list.body.data[0].stock).toEqual(discontinued.stock);
    });
  });
});
