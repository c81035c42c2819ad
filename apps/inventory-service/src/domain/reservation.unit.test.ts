import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { consolidateLines, decideReservation } from './reservation.js';
import type { StockLevel } from './stock.js';

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const C = '00000000-0000-4000-8000-00000000000c';
const now = new Date('2026-01-15T10:30:00.000Z');
const level = (
  productId: string,
  onHand: number,
  reserved = 0,
  status: StockLevel['status'] = 'active',
): StockLevel => ({ productId, onHand, reserved, status });

describe('consolidateLines', () => {
  it('sums repeated products and keeps the order they first appear in', () => {
    expect(
      consolidateLines([
        { productId: B, quantity: 1 },
        { productId: A, quantity: 2 },
        { productId: B, quantity: 3 },
      ]),
    ).toEqual([
      { productId: B, quantity: 4 },
      { productId: A, quantity: 2 },
    ]);
  });
});

describe('decideReservation', () => {
  it('given enough of every product, when the order is placed, then every line is held until now + TTL', () => {
    const decision = decideReservation({
      lines: [
        { productId: A, quantity: 2 },
        { productId: B, quantity: 1 },
      ],
      stock: [level(A, 5, 3), level(B, 1)],
      now,
      ttlSeconds: 900,
    });
    expect(decision).toEqual({
      outcome: 'reserved',
      lines: [
        { productId: A, quantity: 2 },
        { productId: B, quantity: 1 },
      ],
      movements: [
        { productId: A, onHand: 0, reserved: 2 },
        { productId: B, onHand: 0, reserved: 1 },
      ],
      expiresAt: new Date('2026-01-15T10:45:00.000Z'),
    });
  });

  it('given the second line lacks stock, then nothing is held and the failure names that line', () => {
    const decision = decideReservation({
      lines: [
        { productId: A, quantity: 1 },
        { productId: B, quantity: 3 },
      ],
      stock: [level(A, 5), level(B, 4, 2)],
      now,
      ttlSeconds: 900,
    });
    expect(decision).toEqual({
      outcome: 'rejected',
      failure: { reason: 'insufficient_inventory', productId: B, requested: 3, available: 2 },
    });
  });

  it('given a product that does not exist, then the failure says unknown_product', () => {
    const decision = decideReservation({
      lines: [
        { productId: A, quantity: 1 },
        { productId: C, quantity: 1 },
      ],
      stock: [level(A, 5)],
      now,
      ttlSeconds: 900,
    });
    expect(decision).toEqual({
      outcome: 'rejected',
      failure: { reason: 'unknown_product', productId: C, requested: 1, available: 0 },
    });
  });

  it('given an inactive or discontinued product, then none of it is available', () => {
    for (const status of ['inactive', 'discontinued'] as const) {
      const decision = decideReservation({
        lines: [{ productId: A, quantity: 1 }],
        stock: [level(A, 5, 0, status)],
        now,
        ttlSeconds: 900,
      });
      expect(decision).toEqual({
        outcome: 'rejected',
        failure: { reason: 'insufficient_inventory', productId: A, requested: 1, available: 0 },
      });
    }
  });

  it('given the same product on two lines, then their sum must fit', () => {
    const decision = decideReservation({
      lines: [
        { productId: A, quantity: 2 },
        { productId: A, quantity: 2 },
      ],
      stock: [level(A, 3)],
      now,
      ttlSeconds: 900,
    });
    expect(decision).toMatchObject({ outcome: 'rejected', failure: { productId: A, requested: 4, available: 3 } });
  });

  it('holds an order exactly when every line fits, and a hold never exceeds what was available', () => {
    const ids = [A, B, C];
    fc.assert(
      fc.property(
        fc.array(fc.record({ product: fc.constantFrom(...ids), quantity: fc.integer({ min: 1, max: 20 }) }), {
          minLength: 1,
          maxLength: 6,
        }),
        fc.tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 40 })),
        (rawLines, onHands) => {
          const lines = rawLines.map((l) => ({ productId: l.product, quantity: l.quantity }));
          const stock = ids.map((id, i) => level(id, onHands[i]!, Math.floor(onHands[i]! / 3)));
          const decision = decideReservation({ lines, stock, now, ttlSeconds: 60 });
          const wanted = consolidateLines(lines);
          const fits = wanted.every((l) => {
            const s = stock.find((x) => x.productId === l.productId)!;
            return l.quantity <= s.onHand - s.reserved;
          });
          expect(decision.outcome).toBe(fits ? 'reserved' : 'rejected');
          if (decision.outcome === 'reserved') {
            for (const m of decision.movements) {
              const s = stock.find((x) => x.productId === m.productId)!;
              expect(s.reserved + m.reserved).toBeLessThanOrEqual(s.onHand);
            }
          }
        },
      ),
    );
  });
});
