/**
 * npm run demo — after `make up`: a small catalogue, one order followed to CONFIRMED with its
 * timeline, then a declined card compensated and the stock back where it was.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { loginAdmin, registerCustomer } from './auth-client.js';

const base = {
  inventory: process.env.INVENTORY_URL ?? 'http://127.0.0.1:3002',
  orders: process.env.ORDER_URL ?? 'http://127.0.0.1:3003',
};
// Real tokens from the user service: the set-up's admin, and a customer who signs up now.
const admin = await loginAdmin();
const ada = await registerCustomer('Ada');
const customer = ada.authorization;

async function call(url: string, method: string, auth: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method,
    headers: { authorization: auth, ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a demo prints what the API answers
  return { status: response.status, body: (await response.json()) as any };
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const say = (s: string) => console.log(s);
const money = (n: number) => `$${n.toFixed(2)}`;

async function createProduct(name: string, price: number, stock: number) {
  const r = await call(`${base.inventory}/api/v1/products`, 'POST', admin, {
    sku: `DEMO-${randomUUID().slice(0, 8)}`,
    name,
    category: 'demo',
    price,
    initial_stock: stock,
  });
  if (r.status !== 201) throw new Error(`creating ${name}: ${JSON.stringify(r.body)}`);
  say(`  + ${name.padEnd(22)} ${money(price).padStart(8)}   stock ${stock}`);
  return r.body.product_id as string;
}
const stockOf = async (id: string) => (await call(`${base.inventory}/api/v1/products/${id}`, 'GET', admin)).body.stock;

/** Places an order; retries while the order service's catalogue replica has not yet seen the products. */
async function placeOrder(items: { product_id: string; quantity: number }[], cardToken: string) {
  const body = {
    items,
    shipping_address: {
      name: 'Ada Lovelace',
      street: '12 Analytical Row',
      city: 'London',
      state: 'LDN',
      zip: 'N1 9GU',
      country: 'GB',
    },
    payment_method: { type: 'card', token: cardToken },
  };
  for (let attempt = 0; ; attempt++) {
    const r = await call(`${base.orders}/api/v1/orders`, 'POST', customer, body, {
      prefer: 'wait=5',
      'idempotency-key': randomUUID(),
    });
    if (r.status !== 400 || attempt > 50) return r;
    await sleep(100);
  }
}

say('1. A small catalogue (inventory service, as admin):');
const headphones = await createProduct('Wireless Headphones', 29.99, 10);
const phoneCase = await createProduct('Phone Case', 49.99, 5);

say('\n2. An order for 2 headphones and 1 case, card tok_visa_4242, Prefer: wait=5');
const started = Date.now();
const placed = await placeOrder(
  [
    { product_id: headphones, quantity: 2 },
    { product_id: phoneCase, quantity: 1 },
  ],
  'tok_visa_4242',
);
const order = placed.body;
say(
  `  HTTP ${placed.status} after ${Date.now() - started} ms: ` +
    `order ${order.order_id} is ${String(order.status).toUpperCase()}`,
);
say(
  `  subtotal ${money(order.subtotal)}  tax ${money(order.tax)}  shipping ${money(order.shipping)}  ` +
    `total ${money(order.total)}  paid by ${order.payment.method}`,
);
say('  timeline:');
for (const t of order.timeline) say(`    ${t.timestamp}  ${t.status}`);
await sleep(300);
say(`  headphones stock now: ${JSON.stringify(await stockOf(headphones))}`);

say('\n3. The same basket with a card that is declined (tok_chargeDeclined):');
const before = await stockOf(headphones);
const declined = await placeOrder([{ product_id: headphones, quantity: 2 }], 'tok_chargeDeclined');
say(`  HTTP ${declined.status}: ${declined.body.error?.code} — ${declined.body.error?.message}`);
say(`  order ${declined.body.error?.details?.order_id} was cancelled; compensation releases its hold…`);
let after = await stockOf(headphones);
for (let i = 0; i < 50 && after.available !== before.available; i++) {
  await sleep(100);
  after = await stockOf(headphones);
}
say(`  headphones stock before ${JSON.stringify(before)}`);
say(
  `  headphones stock after  ${JSON.stringify(after)}  ` +
    (after.available === before.available ? '✓ back where it was' : '✗ NOT restored'),
);
say('\n4. What Ada was told (the notification service mails through the local SMTP sink, .data/mail/):');
await sleep(1500);
const mailDir = '.data/mail';
const mails = existsSync(mailDir)
  ? readdirSync(mailDir)
      .filter((f) => f.endsWith('.eml'))
      .map((f) => readFileSync(`${mailDir}/${f}`, 'utf8'))
  : [];
for (const mail of mails.filter((m) => m.includes(ada.email)))
  say(`  ✉ ${/^Subject: (.*)$/m.exec(mail)?.[1] ?? '(no subject)'}`);
process.exit(after.available === before.available && order.status === 'confirmed' ? 0 : 1);
