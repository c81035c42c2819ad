import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InventoryHttp } from '@shop/contracts';
import { createTestEnvironment, type TestEnvironment } from '@shop/service-testing';
import { inventoryService } from '../service.js';
import { bearer, signAccessToken } from '@shop/testing';
import { addProduct, type InventoryUnderTest } from '../test-support/inventory-harness.js';

const millisecondCursor = Buffer.from(
  JSON.stringify({ created_at: '2026-01-01T00:00:00.123Z', product_id: '00000000-0000-4000-8000-000000000001' }),
).toString('base64url');

/** Support sees every status and the counts: the catalogue as staff read it (the public view: products-audience). */
const asSupport = () => bearer(signAccessToken({ roles: ['support'] }));

describe('GET /products', () => {
  let env: TestEnvironment;
  let service: InventoryUnderTest;
  const created: InventoryHttp.ProductResponse[] = [];

  const list = async (query: string) => {
    const response = await service.app.inject({
      method: 'GET',
      url: `/api/v1/products?${query}`,
      headers: asSupport(),
    });
    return { status: response.statusCode, body: response.json() };
  };

  /** Follows next_cursor until has_more is false; returns the pages. */
  const allPages = async (query: string) => {
    const pages: InventoryHttp.ProductListResponse[] = [];
    let cursor: string | null = null;
    do {
      const { status, body } = await list(`${query}${cursor ? `&cursor=${cursor}` : ''}`);
      expect(status).toBe(200);
      pages.push(body);
      cursor = body.pagination.next_cursor;
      expect(body.pagination.has_more).toBe(cursor !== null);
    } while (cursor && pages.length < 20);
    return pages;
  };

  beforeAll(async () => {
    env = await createTestEnvironment();
    service = await env.start(inventoryService);
    const specs = [
      { category: 'kitchen' },
      { category: 'garden' },
      { category: 'kitchen', status: 'inactive' as const },
      { category: 'kitchen' },
      { category: 'garden', status: 'discontinued' as const },
      { category: 'kitchen' },
      { category: 'kitchen' },
    ];
    for (const spec of specs) created.push(await addProduct(service, spec));
  });
  afterAll(() => env.stop());

  it('pages through one category newest first, every product exactly once', async () => {
    const pages = await allPages('category=kitchen&limit=2');
    expect(pages.map((p) => p.data.length)).toEqual([2, 2, 1]);
    const expected = created
      .filter((p) => p.category === 'kitchen')
      .reverse()
      .map((p) => p.product_id);
    expect(pages.flatMap((p) => p.data.map((d) => d.product_id))).toEqual(expected);
    expect(pages[0]!.data[0]).toMatchObject({ price: 10, stock: { on_hand: 0, reserved: 0, available: 0 } });
  });

  it('filters by status, and by category and status together', async () => {
    const inactive = await list('status=inactive');
    expect(inactive.body.data.map((p: InventoryHttp.ProductResponse) => p.product_id)).toEqual([
      created[2]!.product_id,
    ]);
    const activeGarden = await list('category=garden&status=active');
    expect(activeGarden.body).toEqual({
      data: [expect.objectContaining({ product_id: created[1]!.product_id })],
      pagination: { next_cursor: null, has_more: false },
    });
  });

  it('defaults to 20 a page', async () => {
    const { body } = await list('');
    expect(body.data).toHaveLength(created.length);
    expect(body.pagination).toEqual({ next_cursor: null, has_more: false });
  });

  it('neither skips nor repeats products created in the same microsecond (ties broken by product id)', async () => {
    // One statement, one now(): all twelve rows share created_at to the microsecond.
    await service.db.pool.query(
      `INSERT INTO products (sku, name, category, price_cents)
       SELECT 'TIE-' || g, 'Tie ' || g, 'ties', 100 FROM generate_series(1, 12) AS g`,
    );
    const { rows } = await service.db.pool.query(
      `SELECT product_id::text AS id FROM products WHERE category = 'ties' ORDER BY product_id DESC`,
    );
    const pages = await allPages('category=ties&limit=5');
    expect(pages.map((p) => p.data.length)).toEqual([5, 5, 2]);
    expect(pages.flatMap((p) => p.data.map((d) => d.product_id))).toEqual(rows.map((r) => r.id));
  });

  it('sees each of the products created within one millisecond exactly once, whatever the page size', async () => {
    // Seven rows a JS Date cannot tell apart: a millisecond cursor would skip or repeat them.
    const stamps = [1, 2, 3, 4, 5, 6, 7].map((us) => `2026-01-01T00:00:00.12300${us}Z`);
    for (const [i, at] of stamps.entries()) {
      await service.db.pool.query(
        `INSERT INTO products (sku, name, category, price_cents, created_at)
         VALUES ($1, 'Same ms', 'same-ms', 100, $2::timestamptz)`,
        [`SAME-MS-${i}`, at],
      );
    }
    const { rows } = await service.db.pool.query(
      `SELECT product_id::text AS id FROM products WHERE category = 'same-ms'
       ORDER BY created_at DESC, product_id DESC`,
    );
    expect(rows).toHaveLength(stamps.length);
    for (const limit of [1, 2, 3]) {
      const seen = (await allPages(`category=same-ms&limit=${limit}`)).flatMap((p) => p.data.map((d) => d.product_id));
      expect(seen).toEqual(rows.map((r) => r.id));
    }
  });

  it.each([
    ['a limit above 100', 'limit=101'],
    ['a limit of 0', 'limit=0'],
    ['an unknown status', 'status=sold'],
    ['an unknown parameter', 'page=2'],
    ['a cursor it did not issue', 'cursor=bm90LWEtY3Vyc29y'],
    ['a cursor whose position lost its microseconds', `cursor=${millisecondCursor}`],
  ])('refuses %s with 400 VALIDATION_ERROR', async (_what, query) => {
    const { status, body } = await list(query);
    expect(status).toBe(400);
    expect(body.error.code).toBe('VALIDATION_ERROR');
  });
});
