import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InventoryEvents, type EventPayload } from '@shop/contracts';
import type { CloudEvent } from '@shop/messaging';
import { publishEvent, type RunningTestService, type TestEnvironment } from '@shop/service-testing';
import { eventually } from '@shop/testing';
import type { OrderConfig } from '../config.js';
import { startOrderService } from '../test-support/order-fixture.js';

type ProductUpserted = EventPayload<typeof InventoryEvents.ProductUpserted>;

describe('the catalogue replica takes a product only when it is newer (ProductUpserted through the broker)', () => {
  let env: TestEnvironment;
  let orders: RunningTestService<OrderConfig>;

  beforeAll(async () => {
    ({ env, orders } = await startOrderService());
  });
  afterAll(() => env.stop());

  const product = (productId: string, version: number | undefined, priceCents: number): ProductUpserted => ({
    product_id: productId,
    sku: `SKU-${productId.slice(0, 8)}-${priceCents}`,
    name: `Product at ${priceCents}`,
    category: 'test',
    price_cents: priceCents,
    currency: 'USD',
    status: priceCents % 2 === 0 ? 'active' : 'inactive',
    ...(version !== undefined ? { version } : {}),
  });

  /** Publishes the event and waits until the saga consumer has committed it (its inbox row). */
  async function deliver(data: ProductUpserted): Promise<CloudEvent> {
    const event = await publishEvent(orders, InventoryEvents.ProductUpserted, data);
    await eventually(async () => {
      const { rows } = await orders.db.pool.query('SELECT 1 FROM processed_events WHERE event_id = $1', [event.id]);
      expect(rows).toHaveLength(1);
    });
    return event;
  }

  /** The replica's row in the event's own shape, so it compares with what was published. */
  async function replicaOf(productId: string): Promise<ProductUpserted | undefined> {
    const { rows } = await orders.db.pool.query(
      `SELECT product_id, sku, name, category, price_cents, currency, status, version
         FROM catalogue_products WHERE product_id = $1`,
      [productId],
    );
    if (!rows[0]) return undefined;
    const { version, ...row } = rows[0];
    return version === null ? row : { ...row, version };
  }

  it('keeps the newer product when an older version arrives after it', async () => {
    const id = randomUUID();
    const newer = product(id, 5, 900);
    await deliver(newer);
    await deliver(product(id, 3, 101));
    expect(await replicaOf(id)).toEqual(newer);
  });

  it('changes nothing on a second event of the version it holds', async () => {
    const id = randomUUID();
    const first = product(id, 2, 400);
    await deliver(first);
    await deliver(product(id, 2, 777));
    expect(await replicaOf(id)).toEqual(first);
  });

  it('replaces the product on a newer version', async () => {
    const id = randomUUID();
    await deliver(product(id, 1, 300));
    const newer = product(id, 2, 350);
    await deliver(newer);
    expect(await replicaOf(id)).toEqual(newer);
  });

  it("compares versions per product: another product's lower version still applies", async () => {
    const high = product(randomUUID(), 9, 990);
    await deliver(high);
    const other = randomUUID();
    const low = product(other, 1, 110);
    await deliver(low);
    expect(await replicaOf(other)).toEqual(low);
    expect(await replicaOf(high.product_id)).toEqual(high);
  });

  it('lets a versioned event replace a product replicated without one, and never the other way', async () => {
    const id = randomUUID();
    await deliver(product(id, undefined, 200));
    const versioned = product(id, 0, 250);
    await deliver(versioned);
    expect(await replicaOf(id)).toEqual(versioned);
    await deliver(product(id, undefined, 201));
    expect(await replicaOf(id)).toEqual(versioned);
  });
});
