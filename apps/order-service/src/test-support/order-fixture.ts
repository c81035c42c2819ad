import { randomUUID } from 'node:crypto';
import { InventoryEvents } from '@shop/contracts';
import {
  createTestEnvironment,
  publishEvent,
  type RunningTestService,
  type TestEnvironment,
} from '@shop/service-testing';
import { bearer, eventually, signAccessToken } from '@shop/testing';
import type { OrderConfig } from '../config.js';
import { orderService } from '../service.js';

export interface CatalogueItem {
  readonly product_id: string;
  readonly name: string;
  readonly price_cents: number;
}

/** The order service alone on the real servers, with a catalogue fed through its own consumer. */
export async function startOrderService(
  env: Record<string, string> = {},
): Promise<{ env: TestEnvironment; orders: RunningTestService<OrderConfig> }> {
  const environment = await createTestEnvironment();
  const orders = await environment.start(orderService, env);
  return { env: environment, orders };
}

export async function seedCatalogue(
  orders: RunningTestService,
  items: { name: string; price_cents: number; status?: 'active' | 'inactive' }[],
): Promise<CatalogueItem[]> {
  const seeded = items.map((i) => ({
    product_id: randomUUID(),
    name: i.name,
    price_cents: i.price_cents,
    status: i.status ?? 'active',
  }));
  for (const p of seeded) {
    await publishEvent(orders, InventoryEvents.ProductUpserted, {
      ...p,
      sku: `SKU-${p.product_id.slice(0, 8)}`,
      category: 'test',
      currency: 'USD',
    });
  }
  await eventually(async () => {
    const { rows } = await orders.db.pool.query(
      'SELECT count(*)::int AS n FROM catalogue_products WHERE product_id = ANY($1::uuid[])',
      [seeded.map((p) => p.product_id)],
    );
    if (rows[0].n !== seeded.length) throw new Error('catalogue not replicated yet');
  });
  return seeded;
}

export const customer = (userId = randomUUID()) => ({
  userId,
  headers: bearer(signAccessToken({ sub: userId, roles: ['customer'] })),
});
export const staff = (role: 'support' | 'admin') => ({ headers: bearer(signAccessToken({ roles: [role] })) });

export const address = {
  name: 'Ada Lovelace',
  street: '12 Analytical Row',
  city: 'London',
  state: 'LDN',
  zip: 'N1 9GU',
  country: 'GB',
};
export const card = (token = 'tok_visa_4242') => ({ type: 'card' as const, token });
