import { describe, expect, it } from 'vitest';
import { decideStockAdjustment, MAX_STOCK, stockOf } from './product.js';

const productId = '00000000-0000-4000-8000-000000000001';

describe('stock view', () => {
  it('counts as available what is on hand and not reserved', () => {
    expect(stockOf({ stockOnHand: 10, reserved: 3 })).toEqual({ onHand: 10, reserved: 3, available: 7 });
  });
});

describe('stock adjustment', () => {
  it('adds a delivery to stock on hand', () => {
    expect(decideStockAdjustment({ productId, stockOnHand: 5, reserved: 2 }, 10)).toEqual({ ok: true, value: 15 });
  });

  it('removes units down to exactly what is reserved', () => {
    expect(decideStockAdjustment({ productId, stockOnHand: 5, reserved: 2 }, -3)).toEqual({ ok: true, value: 2 });
  });

  it('refuses to take units promised to open orders, saying how many are free', () => {
    expect(decideStockAdjustment({ productId, stockOnHand: 5, reserved: 2 }, -4)).toEqual({
      ok: false,
      error: expect.objectContaining({
        code: 'INSUFFICIENT_INVENTORY',
        details: { product_id: productId, requested: 4, available: 3 },
      }),
    });
  });

  it('refuses a count the stock column cannot hold', () => {
    expect(decideStockAdjustment({ productId, stockOnHand: MAX_STOCK, reserved: 0 }, 1)).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_ERROR' },
    });
  });
});
