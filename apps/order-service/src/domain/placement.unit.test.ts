import { describe, expect, it } from 'vitest';
import type { CatalogueProduct } from './catalogue.port.js';
import { decidePlacement, type PlacementRequest } from './placement.js';

const at = new Date('2026-01-01T12:00:00Z');
const product = (id: string, overrides: Partial<CatalogueProduct> = {}): CatalogueProduct => ({
  productId: id,
  sku: `SKU-${id}`,
  name: `Product ${id}`,
  category: null,
  priceCents: 1299,
  currency: 'USD',
  status: 'active',
  updatedAt: at,
  ...overrides,
});
const address = { name: 'A', street: 'B', city: 'C', state: 'D', zip: '1', country: 'GB' };
/** What the sealer hands the domain; the decision only carries it (sealing is tested in contracts). */
const sealed = {
  type: 'card',
  sealed_token: { alg: 'X25519-HKDF-SHA256-A256GCM', kid: 'k1', epk: 'e', iv: 'i', ciphertext: 'c', tag: 't' },
} as const;
const request = (items: PlacementRequest['body']['items']): PlacementRequest => {
  let line = 0;
  return {
    orderId: 'order-1',
    userId: 'user-1',
    at,
    deliveryDays: 5,
    body: { items, shipping_address: address },
    paymentMethod: sealed,
    newLineId: () => `line-${++line}`,
    pricing: { taxRateBps: 880, shippingCents: 599 },
  };
};

describe('placing an order', () => {
  it('gives the PENDING order priced from the catalogue, and its OrderPlaced event', () => {
    const decision = decidePlacement(request([{ product_id: 'p', quantity: 2, price: 12.99 }]), [product('p')]);
    expect(decision).toMatchObject({
      ok: true,
      value: {
        order: {
          status: 'pending',
          subtotalCents: 2598,
          totalCents: 2598 + 229 + 599,
          paymentMethod: { type: 'card' },
          estimatedDelivery: new Date('2026-01-06T12:00:00Z'),
          items: [{ orderItemId: 'line-1', productId: 'p', quantity: 2, unitPriceCents: 1299, totalCents: 2598 }],
          timeline: [{ status: 'pending', occurredAt: at }],
        },
        event: { data: { order_id: 'order-1', total_cents: 3426, payment_method: sealed } },
      },
    });
  });

  it('refuses an unknown or inactive product, a changed price, and mixed currencies', () => {
    const refusal = (items: PlacementRequest['body']['items'], products: CatalogueProduct[]) => {
      const decision = decidePlacement(request(items), products);
      return decision.ok ? null : decision.error;
    };
    expect(refusal([{ product_id: 'x', quantity: 1 }], [])).toMatchObject({
      code: 'VALIDATION_ERROR',
      details: { issues: [{ field: 'body.items.0.product_id', message: 'unknown product' }] },
    });
    expect(refusal([{ product_id: 'p', quantity: 1 }], [product('p', { status: 'inactive' })])).toMatchObject({
      code: 'VALIDATION_ERROR',
      details: { issues: [{ message: 'product is not active' }] },
    });
    expect(refusal([{ product_id: 'p', quantity: 1, price: 9.99 }], [product('p')])).toMatchObject({
      code: 'PRICE_CHANGED',
      details: { product_id: 'p', submitted_price: 9.99, current_price: 12.99 },
    });
    const mixed = [product('p'), product('q', { currency: 'EUR' })];
    expect(
      refusal(
        [
          { product_id: 'p', quantity: 1 },
          { product_id: 'q', quantity: 1 },
        ],
        mixed,
      ),
    ).toMatchObject({
      code: 'VALIDATION_ERROR',
      message: 'All items of an order must share one currency',
    });
  });
});
