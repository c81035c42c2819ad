import { describe, expect, it } from 'vitest';
import { InventoryHttp } from '@shop/contracts';
import { availabilityOf, isVisibleTo, visibleFilter } from './catalogue-audience.js';

const low = InventoryHttp.LOW_STOCK_BELOW;

describe('availability: what the public is told instead of a count', () => {
  it('is out of stock when nothing is available, however much is on hand', () => {
    expect(availabilityOf({ stockOnHand: 0, reserved: 0 })).toBe('out_of_stock');
    expect(availabilityOf({ stockOnHand: 5, reserved: 5 })).toBe('out_of_stock');
  });

  it('is low below the threshold of available units, in stock from it on', () => {
    expect(availabilityOf({ stockOnHand: 1, reserved: 0 })).toBe('low_stock');
    expect(availabilityOf({ stockOnHand: low - 1, reserved: 0 })).toBe('low_stock');
    expect(availabilityOf({ stockOnHand: low + 5, reserved: 6 })).toBe('low_stock');
    expect(availabilityOf({ stockOnHand: low, reserved: 0 })).toBe('in_stock');
    expect(availabilityOf({ stockOnHand: low + 5, reserved: 5 })).toBe('in_stock');
  });
});

describe('what each audience may see', () => {
  it('shows staff every status, the public active products only', () => {
    for (const status of ['active', 'inactive', 'discontinued'] as const) {
      expect(isVisibleTo('staff', { status })).toBe(true);
      expect(isVisibleTo('public', { status })).toBe(status === 'active');
    }
  });

  it('lists for staff as asked, and for the public only what is active', () => {
    const filter = { category: 'kitchen', status: 'inactive' as const };
    expect(visibleFilter('staff', filter)).toEqual(filter);
    expect(visibleFilter('public', { category: 'kitchen' })).toEqual({ category: 'kitchen', status: 'active' });
    expect(visibleFilter('public', { status: 'active' })).toEqual({ status: 'active' });
  });

  it('refuses the public a list of another status, naming the field', () => {
    for (const status of ['inactive', 'discontinued'] as const) {
      expect(() => visibleFilter('public', { status })).toThrow(
        expect.objectContaining({ code: 'VALIDATION_ERROR', details: { field: 'query.status' } }),
      );
    }
  });
});
