import { randomUUID } from 'node:crypto';

/** What a benchmark's products are made with, and where the order service's replica is read. */
export interface BenchProductSettings {
  readonly inventoryUrl: string;
  readonly adminAuthorization: string;
  readonly count: number;
  readonly initialStock: number;
  /** Runs SQL as the database superuser: how the run sees the order service's catalogue replica. */
  readonly query: (text: string, values: unknown[]) => Promise<readonly (Record<string, unknown> | undefined)[]>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function createProduct(settings: BenchProductSettings, i: number): Promise<string> {
  const body = JSON.stringify({
    sku: `BENCH-${randomUUID().slice(0, 8)}`,
    name: `Bench widget ${i}`,
    category: 'bench',
    price: 9.99,
    initial_stock: settings.initialStock,
  });
  for (;;) {
    const r = await fetch(`${settings.inventoryUrl}/api/v1/products`, {
      method: 'POST',
      headers: { authorization: settings.adminAuthorization, 'content-type': 'application/json' },
      body,
    });
    // The admin's write budget is shared by back-to-back runs: wait for the bucket like any client.
    if (r.status === 429) {
      const wait = Number(r.headers.get('retry-after') ?? 1);
      console.log(`  (rate-limited creating products; waiting ${wait} s)`);
      await sleep(wait * 1000);
      continue;
    }
    const created = (await r.json()) as { product_id?: string };
    if (!r.ok || !created.product_id)
      throw new Error(`POST /api/v1/products: HTTP ${r.status} ${JSON.stringify(created)}`);
    return created.product_id;
  }
}

/** The run's own products, with stock for the whole run, once the order service's replica holds them all. */
export async function createBenchProducts(settings: BenchProductSettings): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < settings.count; i++) ids.push(await createProduct(settings, i));
  const replicated = 'SELECT count(*)::int AS n FROM orders.catalogue_products WHERE product_id = ANY($1::uuid[])';
  for (let i = 0; ; i++) {
    if ((await settings.query(replicated, [ids]))[0]?.n === ids.length) return ids;
    if (i > 300) throw new Error('the order service never saw the bench products');
    await sleep(100);
  }
}

const shippingAddress = {
  name: 'Bench',
  street: '1 Load St',
  city: 'Testville',
  state: 'TS',
  zip: '00000',
  country: 'US',
};

/** An order for one unit of one of `productIds`, at random, paid with `cardToken`. */
export const benchOrderBody = (productIds: readonly string[], cardToken = 'tok_visa_4242'): string =>
  JSON.stringify({
    items: [{ product_id: productIds[Math.floor(Math.random() * productIds.length)], quantity: 1 }],
    shipping_address: shippingAddress,
    payment_method: { type: 'card', token: cardToken },
  });
