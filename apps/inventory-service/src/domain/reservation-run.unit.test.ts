import { describe, expect, it } from 'vitest';
import type { Hold } from './hold.js';
import { applyHoldWrite, emptyRun, lockedHolds, lockedLevels, recordHolds, recordLevels } from './reservation-run.js';
import type { StockLevel } from './stock.js';

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const level = (productId: string, onHand: number, reserved = 0): StockLevel => ({
  productId,
  onHand,
  reserved,
  status: 'active',
});
const expiresAt = new Date('2026-01-01T00:15:00Z');
const hold = (productId: string, quantity: number): Hold => ({ productId, quantity, status: 'held', expiresAt });

describe('a reservation run', () => {
  it('given nothing locked, then it knows no order and no product', () => {
    const run = emptyRun();
    expect(lockedHolds(run, 'order-1')).toBeUndefined();
    expect(lockedLevels(run, [A])).toBeUndefined();
    expect(lockedLevels(run, [])).toEqual([]);
  });

  it('given locked rows, then it answers for them whatever the ids’ case, unknown products absent', () => {
    const run = emptyRun();
    recordLevels(run, [A, B], [level(A, 5)]);
    recordHolds(run, 'ORDER-1', []);
    expect(lockedLevels(run, [B.toUpperCase(), A])).toEqual([level(A, 5)]);
    expect(lockedHolds(run, 'order-1')).toEqual([]);
    expect(lockedLevels(run, [A, '00000000-0000-4000-8000-00000000000c'])).toBeUndefined();
  });

  it('when a reservation is written, then a later decision sees the new holds and the moved stock', () => {
    const run = emptyRun();
    recordLevels(run, [A, B], [level(A, 5), level(B, 3, 1)]);
    applyHoldWrite(run, {
      orderId: 'order-1',
      movements: [
        { productId: B, onHand: 0, reserved: 2 },
        { productId: A, onHand: 0, reserved: 1 },
      ],
      holds: {
        kind: 'new',
        lines: [
          { productId: B, quantity: 2 },
          { productId: A, quantity: 1 },
        ],
        expiresAt,
      },
    });
    expect(lockedLevels(run, [A, B])).toEqual([level(A, 5, 1), level(B, 3, 3)]);
    expect(lockedHolds(run, 'order-1')).toEqual([hold(A, 1), hold(B, 2)]);
  });

  it('when a status change is written, then only the named lines change', () => {
    const run = emptyRun();
    recordHolds(run, 'order-1', [hold(A, 1), hold(B, 2)]);
    recordLevels(run, [A], [level(A, 5, 1)]);
    applyHoldWrite(run, {
      orderId: 'order-1',
      movements: [{ productId: A, onHand: -1, reserved: -1 }],
      holds: { kind: 'status', productIds: [A], status: 'committed' },
    });
    expect(lockedHolds(run, 'order-1')?.map((h) => h.status)).toEqual(['committed', 'held']);
    expect(lockedLevels(run, [A])).toEqual([level(A, 4, 0)]);
  });
});
