import { describe, expect, it } from 'vitest';
import { decideCancellation, decideConfirmation, decideExpiry, type Hold } from './hold.js';
import type { StockLevel } from './stock.js';

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const deadline = new Date('2026-01-15T10:45:00.000Z');
const hold = (productId: string, quantity: number, status: Hold['status'] = 'held'): Hold => ({
  productId,
  quantity,
  status,
  expiresAt: deadline,
});
const level = (productId: string, onHand: number, reserved = 0): StockLevel => ({
  productId,
  onHand,
  reserved,
  status: 'active',
});

describe('decideConfirmation', () => {
  it('given live holds, then each becomes a sale: on hand and reserved both drop', () => {
    expect(decideConfirmation([hold(A, 2), hold(B, 1)], [level(A, 10, 2), level(B, 1, 1)])).toEqual({
      outcome: 'committed',
      status: 'committed',
      productIds: [A, B],
      movements: [
        { productId: A, onHand: -2, reserved: -2 },
        { productId: B, onHand: -1, reserved: -1 },
      ],
    });
  });

  it('given the hold expired but the stock is still there, then it is taken again from available', () => {
    expect(decideConfirmation([hold(A, 2, 'expired')], [level(A, 3, 1)])).toEqual({
      outcome: 'committed',
      status: 'committed',
      productIds: [A],
      movements: [{ productId: A, onHand: -2, reserved: 0 }],
    });
  });

  it('given the hold expired and the stock was sold meanwhile, then nothing is committed, shortfall named', () => {
    expect(decideConfirmation([hold(A, 1, 'expired'), hold(B, 2, 'expired')], [level(A, 5), level(B, 3, 2)])).toEqual({
      outcome: 'rejected',
      failure: { reason: 'insufficient_inventory', productId: B, requested: 2, available: 1 },
    });
  });

  it('given the order is already committed or was cancelled, then a confirmation changes nothing', () => {
    expect(decideConfirmation([hold(A, 1, 'committed')], [])).toEqual({ outcome: 'unchanged' });
    expect(decideConfirmation([hold(A, 1, 'released')], [level(A, 5)])).toEqual({ outcome: 'unchanged' });
  });
});

describe('decideCancellation', () => {
  it('given a hold, then it goes back to available', () => {
    expect(decideCancellation([hold(A, 2)])).toEqual({
      outcome: 'released',
      status: 'released',
      productIds: [A],
      movements: [{ productId: A, onHand: 0, reserved: -2 }],
    });
  });

  it('given a committed order, then its units go back on the shelf', () => {
    expect(decideCancellation([hold(A, 2, 'committed')])).toEqual({
      outcome: 'released',
      status: 'released',
      productIds: [A],
      movements: [{ productId: A, onHand: 2, reserved: 0 }],
    });
  });

  it('given nothing held (no reservation, expired or released), then nothing changes', () => {
    expect(decideCancellation([])).toEqual({ outcome: 'unchanged' });
    expect(decideCancellation([hold(A, 1, 'expired'), hold(B, 1, 'released')])).toEqual({ outcome: 'unchanged' });
  });
});

describe('decideExpiry', () => {
  it('given holds past their deadline, then they are given back, stamped with the deadline they passed', () => {
    expect(decideExpiry([hold(A, 2), hold(B, 1)], new Date(deadline.getTime() + 5_000))).toEqual({
      outcome: 'expired',
      status: 'expired',
      expiredAt: deadline,
      productIds: [A, B],
      movements: [
        { productId: A, onHand: 0, reserved: -2 },
        { productId: B, onHand: 0, reserved: -1 },
      ],
    });
  });

  it('given holds not yet due, or no longer held, then nothing expires', () => {
    expect(decideExpiry([hold(A, 2)], new Date(deadline.getTime() - 1))).toEqual({ outcome: 'unchanged' });
    expect(decideExpiry([hold(A, 2, 'committed')], new Date(deadline.getTime() + 1))).toEqual({ outcome: 'unchanged' });
  });
});
