import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditEvents, namespacedTopic, Topics } from '@shop/contracts';
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

describe('products API: the audit trail', () => {
  let env: TestEnvironment;
  let service: InventoryUnderTest;
  const auditsOf = async (productId?: string) =>
    (await emitted(service.db.pool, productId)).filter((e) => e.type === AuditEvents.AuditRecorded.type);
  const asAdminIn = (requestId: string) => ({ ...asAdmin(), 'x-request-id': requestId });

  beforeAll(async () => {
    env = await createTestEnvironment();
    service = await env.start(inventoryService);
  });
  afterAll(() => env.stop());

  it('records a product created by an admin: who, which request, what it is', async () => {
    const requestId = `req_${randomUUID()}`;
    const sku = `AUDIT-${randomUUID()}`;
    const response = await service.app.inject({
      method: 'POST',
      url: '/api/v1/products',
      headers: asAdminIn(requestId),
      payload: { sku, name: 'Lamp', category: 'home', price: 19.99, initial_stock: 7 },
    });
    expect(response.statusCode).toBe(201);
    const productId = response.json().product_id;
    expect(await auditsOf(productId)).toEqual([
      {
        type: AuditEvents.AuditRecorded.type,
        key: productId,
        data: {
          action: 'product.created',
          actor_id: adminId,
          actor_roles: ['admin'],
          target_type: 'product',
          target_id: productId,
          request_id: requestId,
          at: expect.any(String),
          service: 'inventory-service',
          details: {
            sku,
            name: 'Lamp',
            category: 'home',
            price_cents: 1999,
            currency: 'USD',
            status: 'active',
            initial_stock: 7,
          },
        },
      },
    ]);
  });

  it('records a product update with each changed field before and after', async () => {
    const product = await addProduct(service, { name: 'Mug', price: 10, category: 'kitchen' });
    const requestId = `req_${randomUUID()}`;
    const response = await service.app.inject({
      method: 'PATCH',
      url: `/api/v1/products/${product.product_id}`,
      headers: asAdminIn(requestId),
      payload: { price: 12.5, status: 'inactive' },
    });
    expect(response.statusCode).toBe(200);
    const audits = await auditsOf(product.product_id);
    expect(audits.map((a) => a.data.action)).toEqual(['product.created', 'product.updated']);
    expect(audits[1]!.data).toMatchObject({
      action: 'product.updated',
      actor_id: adminId,
      request_id: requestId,
      target_type: 'product',
      target_id: product.product_id,
      details: { from: { price_cents: 1000, status: 'active' }, to: { price_cents: 1250, status: 'inactive' } },
    });
  });

  it('records a stock adjustment with delta, reason and the stock before and after', async () => {
    const product = await addProduct(service, { initial_stock: 10 });
    const requestId = `req_${randomUUID()}`;
    const response = await service.app.inject({
      method: 'POST',
      url: `/api/v1/products/${product.product_id}/stock`,
      headers: asAdminIn(requestId),
      payload: { delta: -3, reason: 'damaged in transit' },
    });
    expect(response.statusCode).toBe(200);
    const adjusted = (await auditsOf(product.product_id)).filter((a) => a.data.action === 'stock.adjusted');
    expect(adjusted).toEqual([
      expect.objectContaining({
        key: product.product_id,
        data: expect.objectContaining({
          actor_id: adminId,
          actor_roles: ['admin'],
          request_id: requestId,
          target_type: 'product',
          target_id: product.product_id,
          service: 'inventory-service',
          details: { delta: -3, reason: 'damaged in transit', previous_on_hand: 10, on_hand: 7 },
        }),
      }),
    ]);
  });

  it('records nothing refused: stock below reserved (422), a taken SKU (409), an unknown product (404)', async () => {
    const product = await addProduct(service, { initial_stock: 5 });
    await service.db.pool.query(`UPDATE products SET reserved = 4 WHERE product_id = $1`, [product.product_id]);
    const before = await auditsOf();

    const belowReserved = await service.app.inject({
      method: 'POST',
      url: `/api/v1/products/${product.product_id}/stock`,
      headers: asAdmin(),
      payload: { delta: -2, reason: 'recount' },
    });
    expect(belowReserved.statusCode).toBe(422);
    const taken = await service.app.inject({
      method: 'POST',
      url: '/api/v1/products',
      headers: asAdmin(),
      payload: { sku: product.sku, name: 'Copy', price: 1 },
    });
    expect(taken.statusCode).toBe(409);
    const unknown = randomUUID();
    expect(
      (
        await service.app.inject({
          method: 'PATCH',
          url: `/api/v1/products/${unknown}`,
          headers: asAdmin(),
          payload: { name: 'X' },
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (
        await service.app.inject({
          method: 'POST',
          url: `/api/v1/products/${unknown}/stock`,
          headers: asAdmin(),
          payload: { delta: 1, reason: 'x' },
        })
      ).statusCode,
    ).toBe(404);

    expect(await auditsOf()).toEqual(before);
    expect(await stockOf(service.db.pool, product.product_id)).toEqual({ on_hand: 5, reserved: 4 });
  });

  it('publishes the records to audit.events, keyed by the product', async () => {
    const audits = await auditsOf();
    const messages = await readMessages(
      service.infra.kafka,
      namespacedTopic(Topics.audit, env.namespace),
      audits.length,
    );
    const published = messages.map((m) => ({
      key: m.key!.toString(),
      type: m.headers!.ce_type!.toString(),
      source: m.headers!.ce_source!.toString(),
      data: JSON.parse(m.value!.toString()),
    }));
    expect(published).toEqual(
      expect.arrayContaining(
        audits.map((a) => ({ key: a.key, type: a.type, source: 'inventory-service', data: a.data })),
      ),
    );
  });
});
