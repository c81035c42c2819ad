import { randomUUID } from 'node:crypto';
import { bearer, eventually, signAccessToken } from '@shop/testing';
import type { Stack } from './stack.js';

export const admin = bearer(signAccessToken({ roles: ['admin'] }));
export const support = bearer(signAccessToken({ roles: ['support'] }));
export const newCustomer = () => {
  const userId = randomUUID();
  return { userId, headers: bearer(signAccessToken({ sub: userId, roles: ['customer'] })) };
};

export async function call(
  base: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: unknown,
) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

/** Creates a product through the inventory API and waits until the order service can price it. */
export async function createProduct(stack: Stack, fields: { name: string; price: number; stock: number }) {
  const sku = `E2E-${randomUUID().slice(0, 12)}`;
  const created = await call(stack.url('inventory-service'), 'POST', '/api/v1/products', admin, {
    sku,
    name: fields.name,
    category: 'e2e',
    price: fields.price,
    initial_stock: fields.stock,
  });
  if (created.status !== 201) throw new Error(`product not created: ${JSON.stringify(created.body)}`);
  const productId = created.body.product_id as string;
  await eventually(
    async () => {
      const rows = await stack.query(
        `SELECT 1 FROM "${stack.schemas['order-service']}".catalogue_products WHERE product_id = $1`,
        [productId],
      );
      if (rows.length === 0) throw new Error('not replicated yet');
    },
    30_000,
    100,
  );
  return productId;
}

export async function stockOf(stack: Stack, productId: string) {
  const r = await call(stack.url('inventory-service'), 'GET', `/api/v1/products/${productId}`, admin);
  return r.body.stock as { on_hand: number; reserved: number; available: number };
}

export const shippingAddress = {
  name: 'Grace Hopper',
  street: '1 Compiler Way',
  city: 'Arlington',
  state: 'VA',
  zip: '22201',
  country: 'US',
};
