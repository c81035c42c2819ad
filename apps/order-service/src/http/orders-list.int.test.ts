import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningTestService, TestEnvironment } from '@shop/service-testing';
import type { OrderConfig } from '../config.js';
import {
  address,
  card,
  customer,
  seedCatalogue,
  staff,
  startOrderService,
  type CatalogueItem,
} from '../test-support/order-fixture.js';

describe('orders API: listing', () => {
  let env: TestEnvironment;
  let orders: RunningTestService<OrderConfig>;
  let mug: CatalogueItem;

  beforeAll(async () => {
    ({ env, orders } = await startOrderService());
    [mug] = (await seedCatalogue(orders, [{ name: 'Mug', price_cents: 1299 }])) as [CatalogueItem];
  });
  afterAll(() => env.stop());

  type Who = { headers: Record<string, string> };
  const basket = (quantity: number) => ({
    items: [{ product_id: mug.product_id, quantity }],
    shipping_address: address,
    payment_method: card(),
  });
  const place = async (who: Who, quantity: number): Promise<string> => {
    const response = await orders.app.inject({
      method: 'POST',
      url: '/api/v1/orders',
      headers: { ...who.headers, prefer: 'respond-async' },
      payload: basket(quantity),
    });
    return response.json().order_id;
  };
  const get = (qs: string, who: Who) =>
    orders.app.inject({ method: 'GET', url: `/api/v1/orders?${qs}`, headers: who.headers });
  /** Every page of a cursor walk, following next_cursor until the last. */
  async function walk(qs: string, who: Who): Promise<string[]> {
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 20; pages++) {
      const response = await get(cursor ? `${qs}&cursor=${cursor}` : qs, who);
      expect(response.statusCode).toBe(200);
      const page = response.json();
      seen.push(...page.data.map((o: { order_id: string }) => o.order_id));
      cursor = page.pagination.next_cursor;
      if (!cursor) return seen;
    }
    throw new Error('the cursor walk did not end');
  }

  it("lists only the caller's orders with filters, sort and both pagination styles", async () => {
    const bob = customer();
    const ids: string[] = [];
    for (let i = 1; i <= 5; i++) ids.push(await place(bob, i));

    const first = (await get('limit=2&sort=total&order=desc', bob)).json();
    const totals = first.data.map((o: { total: number }) => o.total);
    expect(totals).toEqual([...totals].sort((a, b) => b - a));
    expect(first.pagination).toMatchObject({ has_more: true, next_cursor: expect.any(String) });
    const second = (await get(`limit=2&sort=total&order=desc&cursor=${first.pagination.next_cursor}`, bob)).json();
    const third = (await get(`limit=2&sort=total&order=desc&cursor=${second.pagination.next_cursor}`, bob)).json();
    const walked = [...first.data, ...second.data, ...third.data].map((o: { order_id: string }) => o.order_id);
    expect(new Set(walked)).toEqual(new Set(ids));
    expect(third.pagination).toEqual({ next_cursor: null, has_more: false });

    const offset = (await get('page=2&limit=2', bob)).json().pagination;
    expect(offset).toEqual({ page: 2, limit: 2, total_pages: 3, total_items: 5, has_next: true, has_prev: true });
    expect((await get('status=confirmed', bob)).json().data).toEqual([]);
    expect((await get('status=pending', bob)).json().data).toHaveLength(5);
    expect((await get('from_date=2000-01-01&to_date=2000-12-31', bob)).json().data).toEqual([]);
    expect((await get('cursor=garbage', bob)).statusCode).toBe(400);
    expect((await get('sort=price', bob)).statusCode).toBe(400);
    const all = (await get(`user_id=${bob.userId}`, staff('admin'))).json();
    expect(all.data).toHaveLength(5);
  });

  it('pages through orders placed within one millisecond, each exactly once, both ways and by every sort', async () => {
    const carol = customer();
    const ids: string[] = [];
    for (let i = 1; i <= 5; i++) ids.push(await place(carol, 1));
    // Same millisecond, different microseconds; the same total and status too, so ties go to the id.
    for (const [index, id] of ids.entries()) {
      await orders.db.pool.query('UPDATE orders SET created_at = $2::timestamptz WHERE order_id = $1', [
        id,
        `2026-01-01T00:00:00.12300${index + 1}Z`,
      ]);
    }
    for (const qs of [
      'sort=created_at&order=desc',
      'sort=created_at&order=asc',
      'sort=total&order=asc',
      'sort=status&order=desc',
    ]) {
      const seen = await walk(`limit=2&${qs}`, carol);
      expect(seen, qs).toHaveLength(ids.length);
      expect(new Set(seen), qs).toEqual(new Set(ids));
    }
    const newestFirst = await walk('limit=2&sort=created_at&order=desc', carol);
    expect(newestFirst).toEqual([...ids].reverse());
  });

  it('refuses a cursor whose position cannot be one of the sort (400 VALIDATION_ERROR)', async () => {
    const dave = customer();
    const cursorOf = (position: object) => Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
    const id = '00000000-0000-4000-8000-000000000000';
    for (const [qs, v] of [
      ['sort=created_at', '2026-01-01T00:00:00.123Z'],
      ['sort=total', 'abc'],
    ] as const) {
      const response = await get(`${qs}&cursor=${cursorOf({ v, id })}`, dave);
      expect(response.statusCode, qs).toBe(400);
      expect(response.json().error.code).toBe('VALIDATION_ERROR');
    }
  });
});
