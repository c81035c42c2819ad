import { describe, expect, it } from 'vitest';
import { InventoryHttp } from '@shop/contracts';
import type { Product } from '../domain/product.js';
import { availabilityOf } from '../domain/catalogue-audience.js';
import { toChanges, toNewProduct, toPublicResponse, toResponse } from './products.response.js';

describe('price on the wire', () => {
  it('accepts at most two decimals and rejects a third', () => {
    for (const ok of [0, 1, 29.9, 29.99, 0.29, 1_000_000])
      expect(InventoryHttp.Price.safeParse(ok).success, String(ok)).toBe(true);
    for (const bad of [29.999, 0.001, -1, 1_000_000.01, 0.1 + 0.2])
      expect(InventoryHttp.Price.safeParse(bad).success, String(bad)).toBe(false);
  });
});

describe('product mapper', () => {
  it('turns a create body into cents and defaults', () => {
    const body = InventoryHttp.CreateProductBody.parse({ sku: 'MUG-1', name: 'Mug', price: 12.99 });
    expect(toNewProduct(body)).toEqual({
      sku: 'MUG-1',
      name: 'Mug',
      description: null,
      category: null,
      priceCents: 1299,
      currency: 'USD',
      status: 'active',
      attributes: {},
      images: [],
      initialStock: 0,
    });
  });

  it('changes only what the patch names, price in cents', () => {
    expect(toChanges({ price: 0.29, category: null })).toEqual({ priceCents: 29, category: null });
    expect(toChanges({ name: 'Cup' })).toEqual({ name: 'Cup' });
  });

  const product: Product = {
    productId: '00000000-0000-4000-8000-000000000001',
    sku: 'MUG-1',
    name: 'Mug',
    description: null,
    category: 'kitchen',
    priceCents: 2999,
    currency: 'USD',
    status: 'active',
    attributes: { colour: 'blue' },
    images: [],
    stockOnHand: 10,
    reserved: 4,
    version: 3,
    createdAt: new Date('2026-01-15T10:30:00.000Z'),
    updatedAt: new Date('2026-01-15T10:31:00.000Z'),
  };

  it('renders cents as a decimal price and stock as on hand, reserved and available', () => {
    const response = toResponse(product);
    expect(response).toMatchObject({
      price: 29.99,
      stock: { on_hand: 10, reserved: 4, available: 6 },
      created_at: '2026-01-15T10:30:00.000Z',
    });
    expect(InventoryHttp.ProductResponse.parse(response)).toEqual(response);
  });

  it('renders the public view with an availability state and no stock counts', () => {
    const response = toPublicResponse(product);
    expect(response).not.toHaveProperty('stock');
    expect(response).toMatchObject({ price: 29.99, status: 'active', availability: availabilityOf(product) });
    expect(InventoryHttp.PublicProductResponse.parse(response)).toEqual(response);
    expect(() => toPublicResponse({ ...product, status: 'inactive' })).toThrow();
  });
});
