import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { amountToCents, centsToAmount, CreateOrderBody } from '@shop/contracts';
import type { CatalogueProduct } from './catalogue.port.js';
import { decidePlacement, type PlacementRequest } from './placement.js';
import { largestOrderCents, priceOrder } from './pricing.js';

/**
 * The basket is the client's: any number of lines, quantities and prices the API's schemas let
 * through. Whatever it is, the order is either refused with a 4xx or priced into amounts the
 * orders table can hold (INTEGER cents) — never a total the write would fail on with a 500.
 */

const at = new Date('2026-01-01T12:00:00Z');
const largestPriceCents = 100_000_000; // the catalogue's largest price, 1 000 000.00 (libs/contracts inventory)
const address = { name: 'A', street: 'B', city: 'C', state: 'D', zip: '1', country: 'GB' };
const sealed = {
  type: 'card',
  sealed_token: { alg: 'X25519-HKDF-SHA256-A256GCM', kid: 'k1', epk: 'e', iv: 'i', ciphertext: 'c', tag: 't' },
} as const;

const basket = fc.uniqueArray(
  fc.record({
    productId: fc.uuid(),
    quantity: fc.integer({ min: 1, max: 1000 }),
    priceCents: fc.oneof(fc.integer({ min: 0, max: largestPriceCents }), fc.constant(largestPriceCents)),
  }),
  { minLength: 1, maxLength: 100, selector: (l) => l.productId },
);
const rules = fc.record({
  taxRateBps: fc.integer({ min: 0, max: 2500 }),
  shippingCents: fc.integer({ min: 0, max: 10_000 }),
});

function placementOf(
  lines: readonly { productId: string; quantity: number; priceCents: number }[],
  pricing: PlacementRequest['pricing'],
) {
  const items = lines.map((l) => ({ product_id: l.productId, quantity: l.quantity }));
  // The body really is one the API accepts.
  const parsed = CreateOrderBody.parse({
    items,
    shipping_address: address,
    payment_method: { type: 'card', token: 't' },
  });
  const { payment_method: _card, ...body } = parsed;
  const products: CatalogueProduct[] = lines.map((l) => ({
    productId: l.productId,
    sku: `SKU-${l.productId}`,
    name: 'p',
    category: null,
    priceCents: l.priceCents,
    currency: 'USD',
    status: 'active',
    updatedAt: at,
  }));
  let line = 0;
  const request: PlacementRequest = {
    orderId: 'order-1',
    userId: 'user-1',
    at,
    deliveryDays: 5,
    body,
    paymentMethod: sealed,
    newLineId: () => `line-${++line}`,
    pricing,
  };
  return decidePlacement(request, products);
}

describe('pricing any basket the API accepts', () => {
  it('either refuses it with a 4xx or gives amounts an INTEGER column holds', () => {
    fc.assert(
      fc.property(basket, rules, (lines, pricing) => {
        const decision = placementOf(lines, pricing);
        if (!decision.ok) {
          expect(decision.error.statusCode).toBeGreaterThanOrEqual(400);
          expect(decision.error.statusCode).toBeLessThan(500);
          return;
        }
        const { order } = decision.value;
        const amounts = [order.subtotalCents, order.taxCents, order.shippingCents, order.totalCents];
        for (const cents of [...amounts, ...order.items.map((i) => i.totalCents)]) {
          expect(Number.isSafeInteger(cents)).toBe(true);
          expect(cents).toBeGreaterThanOrEqual(0);
          expect(cents).toBeLessThanOrEqual(largestOrderCents);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('does not depend on the order of the lines', () => {
    fc.assert(
      fc.property(basket, rules, (lines, pricing) => {
        const totalsOf = (ls: typeof lines) =>
          priceOrder(
            ls.map((l) => ({ productId: l.productId, name: 'p', quantity: l.quantity, unitPriceCents: l.priceCents })),
            pricing,
          );
        const { lines: _a, ...forward } = totalsOf(lines);
        const { lines: _b, ...backward } = totalsOf([...lines].reverse());
        expect(backward).toEqual(forward);
      }),
    );
  });

  it('renders every amount as a decimal that reads back as the same cents', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: largestOrderCents }), (cents) => {
        expect(amountToCents(centsToAmount(cents))).toBe(cents);
      }),
    );
  });
});
