import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditEvents, InventoryEvents, namespacedTopic, Topics } from '@shop/contracts';
import { readMessages } from '@shop/messaging/testing';
import { createTestEnvironment, type TestEnvironment } from '@shop/service-testing';
import { inventoryService } from '../service.js';
import {
  addProduct,
  adminId,
  asAdmin,
  emitted,
  stockOf,
  type InventoryUnderTest,
} from '../test-support/inventory-harness.js';

describe('products API', () => {
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

  describe('POST /products', () => {
    it('lets an admin add a product: price in cents, opening stock on record, ProductUpserted emitted', async () => {
      const response = await service.app.inject({
        method: 'POST',
        url: '/api/v1/products',
        headers: asAdmin(),
        payload: {
          sku: 'HEADPHONES-1',
          name: 'Wireless Headphones',
          description: 'Over-ear',
          category: 'audio',
          price: 29.99,
          attributes: { colour: 'black' },
          images: ['https://cdn.example.com/hp.png'],
          initial_stock: 10,
        },
      });
      expect(response.statusCode).toBe(201);
      const product = response.json();
      expect(product).toMatchObject({
        sku: 'HEADPHONES-1',
        name: 'Wireless Headphones',
        description: 'Over-ear',
        category: 'audio',
        price: 29.99,
        currency: 'USD',
        status: 'active',
        attributes: { colour: 'black' },
        images: ['https://cdn.example.com/hp.png'],
        stock: { on_hand: 10, reserved: 0, available: 10 },
      });
      expect(response.headers.location).toBe(`/api/v1/products/${product.product_id}`);

      const { rows } = await service.db.pool.query(`SELECT price_cents FROM products WHERE product_id = $1`, [
        product.product_id,
      ]);
      expect(rows).toEqual([{ price_cents: 2999 }]);
      const adjustments = await service.db.pool.query(
        `SELECT delta, reason, actor_id FROM stock_adjustments WHERE product_id = $1`,
        [product.product_id],
      );
      expect(adjustments.rows).toEqual([{ delta: 10, reason: 'initial stock', actor_id: adminId }]);
      expect(await emitted(service.db.pool, product.product_id)).toEqual([
        {
          type: InventoryEvents.ProductUpserted.type,
          key: product.product_id,
          data: {
            product_id: product.product_id,
            sku: 'HEADPHONES-1',
            name: 'Wireless Headphones',
            category: 'audio',
            price_cents: 2999,
            currency: 'USD',
            status: 'active',
            version: 0,
          },
        },
        expect.objectContaining({
          type: AuditEvents.AuditRecorded.type,
          data: expect.objectContaining({ action: 'product.created' }),
        }),
      ]);
    });

    it('answers a taken SKU with 409 DUPLICATE_REQUEST naming the existing product, and writes nothing', async () => {
      const existing = await addProduct(service, { sku: 'DUP-1' });
      const before = await counts();
      const response = await service.app.inject({
        method: 'POST',
        url: '/api/v1/products',
        headers: asAdmin(),
        payload: { sku: 'DUP-1', name: 'Other', price: 1 },
      });
      expect(response.statusCode).toBe(409);
      expect(response.json().error).toMatchObject({
        code: 'DUPLICATE_REQUEST',
        details: { field: 'sku', sku: 'DUP-1', product_id: existing.product_id },
      });
      expect(await counts()).toEqual(before);
    });

    it.each([
      ['a third decimal in the price', { sku: 'X-1', name: 'X', price: 29.999 }, 'body.price'],
      ['a negative price', { sku: 'X-2', name: 'X', price: -1 }, 'body.price'],
      ['no sku', { name: 'X', price: 1 }, 'body.sku'],
      ['a field the API does not know', { sku: 'X-3', name: 'X', price: 1, inventory_count: 5 }, 'body'],
      ['a negative initial stock', { sku: 'X-4', name: 'X', price: 1, initial_stock: -1 }, 'body.initial_stock'],
      ['an image that is not a URL', { sku: 'X-5', name: 'X', price: 1, images: ['hp.png'] }, 'body.images.0'],
      ['an unknown status', { sku: 'X-6', name: 'X', price: 1, status: 'sold_out' }, 'body.status'],
    ])('refuses %s with a 400 VALIDATION_ERROR envelope and writes nothing', async (_what, payload, field) => {
      const before = await counts();
      const response = await service.app.inject({
        method: 'POST',
        url: '/api/v1/products',
        headers: { ...asAdmin(), 'x-request-id': 'req_test-1' },
        payload,
      });
      expect(response.statusCode).toBe(400);
      const body = response.json();
      expect(body).toEqual({
        error: {
          code: 'VALIDATION_ERROR',
          message: 'Request validation failed',
          details: { issues: expect.any(Array) },
          request_id: 'req_test-1',
          timestamp: expect.any(String),
        },
      });
      expect(body.error.details.issues.map((i: { field: string }) => i.field)).toContain(field);
      expect(await counts()).toEqual(before);
    });
  });

  describe('PATCH /products/{id}', () => {
    it('changes only the given fields, bumps the version and announces the new version', async () => {
      const product = await addProduct(service, { category: 'kitchen', description: 'A mug' });
      const response = await service.app.inject({
        method: 'PATCH',
        url: `/api/v1/products/${product.product_id}`,
        headers: asAdmin(),
        payload: { name: 'Big Mug', price: 12.5, status: 'inactive', category: null },
      });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({
        product_id: product.product_id,
        sku: product.sku,
        name: 'Big Mug',
        price: 12.5,
        status: 'inactive',
        category: null,
        description: 'A mug',
      });
      const { rows } = await service.db.pool.query(`SELECT version, price_cents FROM products WHERE product_id = $1`, [
        product.product_id,
      ]);
      expect(rows).toEqual([{ version: 1, price_cents: 1250 }]);
      const events = (await emitted(service.db.pool, product.product_id)).filter(
        (e) => e.type === InventoryEvents.ProductUpserted.type,
      );
      expect(events).toHaveLength(2);
      expect(events[1]).toMatchObject({
        data: { name: 'Big Mug', price_cents: 1250, status: 'inactive', category: null },
      });
    });

    it('answers 404 NOT_FOUND for an unknown product and 400 for an empty or 3-decimal patch', async () => {
      const unknown = await service.app.inject({
        method: 'PATCH',
        url: `/api/v1/products/${randomUUID()}`,
        headers: asAdmin(),
        payload: { name: 'X' },
      });
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json().error.code).toBe('NOT_FOUND');
      const product = await addProduct(service);
      const before = await emitted(service.db.pool, product.product_id);
      for (const payload of [{}, { price: 1.001 }, { sku: 'NEW-SKU' }]) {
        const bad = await service.app.inject({
          method: 'PATCH',
          url: `/api/v1/products/${product.product_id}`,
          headers: asAdmin(),
          payload,
        });
        expect(bad.statusCode).toBe(400);
        expect(bad.json().error.code).toBe('VALIDATION_ERROR');
      }
      expect(await emitted(service.db.pool, product.product_id)).toEqual(before);
    });
  });

  describe('POST /products/{id}/stock', () => {
    it('adjusts stock on hand, records who and why, and announces the product', async () => {
      const product = await addProduct(service, { initial_stock: 10 });
      const response = await service.app.inject({
        method: 'POST',
        url: `/api/v1/products/${product.product_id}/stock`,
        headers: asAdmin(),
        payload: { delta: -4, reason: 'damaged in transit' },
      });
      expect(response.statusCode).toBe(200);
      expect(response.json().stock).toEqual({ on_hand: 6, reserved: 0, available: 6 });
      const { rows } = await service.db.pool.query(
        `SELECT delta, reason, actor_id FROM stock_adjustments WHERE product_id = $1 ORDER BY created_at`,
        [product.product_id],
      );
      expect(rows).toEqual([
        { delta: 10, reason: 'initial stock', actor_id: adminId },
        { delta: -4, reason: 'damaged in transit', actor_id: adminId },
      ]);
      const events = await emitted(service.db.pool, product.product_id);
      const [upserted, audited] = [InventoryEvents.ProductUpserted.type, AuditEvents.AuditRecorded.type];
      expect(events.map((e) => e.type)).toEqual([upserted, audited, upserted, audited]);
    });

    it('refuses reserved units: 422 INSUFFICIENT_INVENTORY, product, requested, available; no write', async () => {
      const product = await addProduct(service, { initial_stock: 10 });
      await service.db.pool.query(`UPDATE products SET reserved = 7 WHERE product_id = $1`, [product.product_id]);
      const before = await counts();
      const response = await service.app.inject({
        method: 'POST',
        url: `/api/v1/products/${product.product_id}/stock`,
        headers: asAdmin(),
        payload: { delta: -4, reason: 'recount' },
      });
      expect(response.statusCode).toBe(422);
      expect(response.json().error).toMatchObject({
        code: 'INSUFFICIENT_INVENTORY',
        details: { product_id: product.product_id, requested: 4, available: 3 },
      });
      expect(await stockOf(service.db.pool, product.product_id)).toEqual({ on_hand: 10, reserved: 7 });
      expect(await counts()).toEqual(before);

      const exact = await service.app.inject({
        method: 'POST',
        url: `/api/v1/products/${product.product_id}/stock`,
        headers: asAdmin(),
        payload: { delta: -3, reason: 'recount' },
      });
      expect(exact.json().stock).toEqual({ on_hand: 7, reserved: 7, available: 0 });
    });

    it('answers 404 for an unknown product and 400 for a zero, fractional or unexplained delta', async () => {
      const unknown = await service.app.inject({
        method: 'POST',
        url: `/api/v1/products/${randomUUID()}/stock`,
        headers: asAdmin(),
        payload: { delta: 1, reason: 'x' },
      });
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json().error.code).toBe('NOT_FOUND');
      const product = await addProduct(service);
      for (const payload of [
        { delta: 0, reason: 'x' },
        { delta: 1.5, reason: 'x' },
        { delta: 1 },
        { delta: 1, reason: '' },
      ]) {
        const bad = await service.app.inject({
          method: 'POST',
          url: `/api/v1/products/${product.product_id}/stock`,
          headers: asAdmin(),
          payload,
        });
        expect(bad.statusCode, JSON.stringify(payload)).toBe(400);
        expect(bad.json().error.code).toBe('VALIDATION_ERROR');
      }
    });
  });

  it('publishes every ProductUpserted to inventory.events, keyed by product id', async () => {
    const events = (await emitted(service.db.pool)).filter((e) => e.type === InventoryEvents.ProductUpserted.type);
    const messages = await readMessages(
      service.infra.kafka,
      namespacedTopic(Topics.inventory, env.namespace),
      events.length,
    );
    const published = messages.map((m) => ({
      key: m.key!.toString(),
      type: m.headers!.ce_type!.toString(),
      data: JSON.parse(m.value!.toString()),
    }));
    expect(published).toEqual(expect.arrayContaining(events.map((e) => ({ key: e.key, type: e.type, data: e.data }))));
    expect(published.every((m) => m.type === InventoryEvents.ProductUpserted.type && m.key === m.data.product_id)).toBe(
      true,
    );
  });
});
