import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { priceOrder } from './pricing.js';

const rules = { taxRateBps: 880, shippingCents: 599 };

describe('pricing', () => {
  it('prices the worked example of the orders API exactly', () => {
    const totals = priceOrder(
      [
        { productId: 'a', name: 'Wireless Headphones', quantity: 2, unitPriceCents: 2999 },
        { productId: 'b', name: 'Phone Case', quantity: 1, unitPriceCents: 4999 },
      ],
      rules,
      1000,
    );
    expect(totals).toMatchObject({
      subtotalCents: 10997,
      discountCents: 1000,
      taxCents: 880,
      shippingCents: 599,
      totalCents: 11476,
    });
  });

  it('keeps money exact in integer cents for any basket (no float error)', () => {
    const line = fc.record({
      productId: fc.uuid(),
      name: fc.string(),
      quantity: fc.integer({ min: 1, max: 1000 }),
      unitPriceCents: fc.integer({ min: 0, max: 500_000 }),
    });
    fc.assert(
      fc.property(
        fc.array(line, { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.integer({ min: 0, max: 2500 }),
        (lines, discount, taxRateBps) => {
          const t = priceOrder(lines, { taxRateBps, shippingCents: 599 }, discount);
          for (const v of [t.subtotalCents, t.discountCents, t.taxCents, t.shippingCents, t.totalCents]) {
            expect(Number.isSafeInteger(v)).toBe(true);
            expect(v).toBeGreaterThanOrEqual(0);
          }
          expect(t.subtotalCents).toBe(lines.reduce((s, l) => s + l.unitPriceCents * l.quantity, 0));
          expect(t.totalCents).toBe(t.subtotalCents - t.discountCents + t.taxCents + t.shippingCents);
          // Tax is the exact rational rounded half up: within half a cent of it.
          const exactTax = ((t.subtotalCents - t.discountCents) * taxRateBps) / 10_000;
          expect(Math.abs(t.taxCents - exactTax)).toBeLessThanOrEqual(0.5);
          // Rendering as decimals and summing back in cents loses nothing.
          expect(Math.round((t.totalCents / 100) * 100)).toBe(t.totalCents);
        },
      ),
    );
  });

  it('never discounts below zero and ships free from the threshold', () => {
    const line = { productId: 'a', name: 'x', quantity: 1, unitPriceCents: 500 };
    expect(priceOrder([line], rules, 9999)).toMatchObject({
      discountCents: 500,
      taxCents: 0,
      shippingCents: 599,
      totalCents: 599,
    });
    const free = { ...rules, freeShippingFromCents: 500 };
    expect(priceOrder([line], free)).toMatchObject({ shippingCents: 0, totalCents: 544 });
    expect(priceOrder([line], free, 1)).toMatchObject({ shippingCents: 599 });
  });
});
