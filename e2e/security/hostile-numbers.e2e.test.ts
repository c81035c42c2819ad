import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, call, createProduct, newCustomer, shippingAddress, stockOf } from '../support/api.js';
import type { Stack } from '../support/stack.js';
import { badRequestCodes, expectEnvelope, rawCall } from './support/hostile.js';
import { startSecurityStack } from './support/security-stack.js';

/** Stands for a number written into the JSON text as it is (`NaN`, `1e400`), which JSON.stringify cannot. */
const RAW = '"__raw_number__"';
const jsonWith = (body: Record<string, unknown>, raw: string) => JSON.stringify(body).replace(RAW, raw);
const placeholder = JSON.parse(RAW) as string;

/** Numbers no price, quantity or stock change may be: negative, fractional, huge, not finite, not numbers. */
const notCounts = ['-1', '0.5', '1.0000001', '1e400', '-1e400', '2147483648', '9007199254740993', '1e21', '-0.0001'];
const notPrices = ['-1', '-0.01', '29.999', '1e-7', '1e400', '1e21', '1000000.01', '9007199254740993'];
const notNumbers = ['NaN', 'Infinity', '-Infinity', '0x10', '"12"', 'null', 'true', '[1]', '{"n":1}', '1_000'];

/**
 * Huge, negative, fractional, non-finite and non-numeric quantities and prices (docs/api.md, money):
 * product prices, initial stock, stock adjustments and order lines. Each is 400 in the envelope, and
 * nothing changed: the product, its stock and the customer's orders read back as before.
 */
describe('hostile quantities and prices', () => {
  let stack: Stack;
  let productId: string;
  let inventory: string;
  let orders: string;

  beforeAll(async () => {
    stack = await startSecurityStack(9300, {}, ['inventory-service', 'order-service']);
    inventory = stack.url('inventory-service');
    orders = stack.url('order-service');
    productId = await createProduct(stack, { name: 'Number probe', price: 12.5, stock: 40 });
  }, 240_000);
  afterAll(() => stack?.stop());

  const jsonHeaders = { ...admin, 'content-type': 'application/json' };
  const productRows = (sku: string) =>
    stack.query(`SELECT 1 FROM "${stack.schemas['inventory-service']}".products WHERE sku = $1`, [sku]);

  it('a product is not created with a price or an initial stock that is not one', async () => {
    const cases = [
      ...[...notPrices, ...notNumbers].map((raw) => ({ field: 'price', raw })),
      ...[...notCounts, ...notNumbers].map((raw) => ({ field: 'initial_stock', raw })),
    ];
    for (const { field, raw } of cases) {
      const sku = `NUM-${randomUUID().slice(0, 8)}`;
      const body = { sku, name: 'Never created', price: 1, initial_stock: 1, [field]: placeholder };
      const answer = await rawCall(inventory, 'POST', '/api/v1/products', jsonHeaders, jsonWith(body, raw));
      expectEnvelope(answer, 400, badRequestCodes);
      expect(await productRows(sku), `${field}: ${raw}`).toEqual([]);
    }
  });

  it("a product's price is not changed to one that is not a price", async () => {
    const before = (await call(inventory, 'GET', `/api/v1/products/${productId}`, admin)).body;
    for (const raw of [...notPrices, ...notNumbers]) {
      const path = `/api/v1/products/${productId}`;
      const answer = await rawCall(inventory, 'PATCH', path, jsonHeaders, jsonWith({ price: placeholder }, raw));
      expectEnvelope(answer, 400, badRequestCodes);
    }
    const after = (await call(inventory, 'GET', `/api/v1/products/${productId}`, admin)).body;
    expect(after).toEqual(before);
  });

  it('stock is not adjusted by a delta that is not a count, nor past what a count can hold', async () => {
    const before = await stockOf(stack, productId);
    const path = `/api/v1/products/${productId}/stock`;
    // A negative delta is a correction downwards; only fractions, non-numbers and what overflows are not.
    const deltas = [...notCounts.filter((n) => n !== '-1'), ...notNumbers, '0', '-0', '2147483647', '-2147483648'];
    for (const raw of deltas) {
      const body = jsonWith({ delta: placeholder, reason: 'probe' }, raw);
      expectEnvelope(await rawCall(inventory, 'POST', path, jsonHeaders, body), 400, badRequestCodes);
    }
    const moreThanOnHand = JSON.stringify({ delta: -(before.on_hand + 1), reason: 'probe' });
    expectEnvelope(await rawCall(inventory, 'POST', path, jsonHeaders, moreThanOnHand), 422, [
      'INSUFFICIENT_INVENTORY',
    ]);
    expect(await stockOf(stack, productId)).toEqual(before);
  });

  it('an order is not placed with a quantity or a price that is not one', async () => {
    const customer = newCustomer();
    const line = { product_id: productId, quantity: 1, price: 12.5 };
    const cases = [
      ...[...notCounts, ...notNumbers, '0', '1001'].map((raw) => ({ field: 'quantity', raw })),
      ...[...notPrices, ...notNumbers].map((raw) => ({ field: 'price', raw })),
    ];
    for (const { field, raw } of cases) {
      const body = {
        items: [{ ...line, [field]: placeholder }],
        shipping_address: shippingAddress,
        payment_method: { type: 'card', token: 'tok_visa_4242' },
      };
      const headers = { ...customer.headers, 'content-type': 'application/json' };
      const answer = await rawCall(orders, 'POST', '/api/v1/orders', headers, jsonWith(body, raw));
      expect(answer.status, `${field}: ${raw}`).toBe(400);
      expectEnvelope(answer, 400, badRequestCodes);
    }
    const placed = await call(orders, 'GET', '/api/v1/orders', customer.headers);
    expect(placed.body.data).toEqual([]);
    expect(await stockOf(stack, productId)).toMatchObject({ reserved: 0 });
  });
});
