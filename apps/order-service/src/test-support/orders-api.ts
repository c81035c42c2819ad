import type { LightMyRequestResponse } from 'fastify';
import type { RunningTestService, TestEnvironment } from '@shop/service-testing';
import type { OrderConfig } from '../config.js';
import { address, card, seedCatalogue, startOrderService, type CatalogueItem } from './order-fixture.js';

type Who = { readonly headers: Record<string, string> };

/** The orders API on its own schemas, with a mug, a lamp and an inactive old lamp in its catalogue. */
export interface OrdersApi {
  readonly env: TestEnvironment;
  readonly orders: RunningTestService<OrderConfig>;
  readonly mug: CatalogueItem;
  readonly lamp: CatalogueItem;
  readonly retired: CatalogueItem;
  /** POST /api/v1/orders as `who`, answering at once unless a header says otherwise. */
  place(body: object, who: Who, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  /** Two mugs and a lamp, to the test address, by card; `overrides` replace any field. */
  basket(overrides?: object): Record<string, unknown>;
}

export async function startOrdersApi(): Promise<OrdersApi> {
  const { env, orders } = await startOrderService();
  const [mug, lamp, retired] = await seedCatalogue(orders, [
    { name: 'Mug', price_cents: 1299 },
    { name: 'Lamp', price_cents: 4999 },
    { name: 'Old lamp', price_cents: 999, status: 'inactive' },
  ]);
  return {
    env,
    orders,
    mug: mug!,
    lamp: lamp!,
    retired: retired!,
    place: (body, who, headers = {}) =>
      orders.app.inject({
        method: 'POST',
        url: '/api/v1/orders',
        headers: { ...who.headers, prefer: 'respond-async', ...headers },
        payload: body,
      }),
    basket: (overrides = {}) => ({
      items: [
        { product_id: mug!.product_id, quantity: 2 },
        { product_id: lamp!.product_id, quantity: 1 },
      ],
      shipping_address: address,
      payment_method: card(),
      ...overrides,
    }),
  };
}
