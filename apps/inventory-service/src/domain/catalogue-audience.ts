import { DomainError, InventoryHttp } from '@shop/contracts';
import type { ProductFilter } from './product.port.js';
import { stockOf, type Product } from './product.js';

/**
 * Who reads the catalogue. `staff` (support and admins, who answer for stock) see every product
 * with its counts; `public` (no token, customers, partners) only what can be bought, and how much
 * of it only as an availability state: exact counts tell a competitor or a scalper too much.
 */
export type CatalogueAudience = 'staff' | 'public';

export type Availability = 'in_stock' | 'low_stock' | 'out_of_stock';

export function availabilityOf(product: Pick<Product, 'stockOnHand' | 'reserved'>): Availability {
  const { available } = stockOf(product);
  if (available <= 0) return 'out_of_stock';
  return available < InventoryHttp.LOW_STOCK_BELOW ? 'low_stock' : 'in_stock';
}

export const isVisibleTo = (audience: CatalogueAudience, product: Pick<Product, 'status'>): boolean =>
  audience === 'staff' || product.status === 'active';

/**
 * The filter a list runs with: the public list is of active products only. Asking it for another
 * status is refused rather than answered with an empty page, which would read as "there are none".
 */
export function visibleFilter(audience: CatalogueAudience, filter: ProductFilter): ProductFilter {
  if (audience === 'staff') return filter;
  if (filter.status && filter.status !== 'active') {
    throw new DomainError('VALIDATION_ERROR', 'Only active products are listed without a support or admin token', {
      field: 'query.status',
    });
  }
  return { ...filter, status: 'active' };
}
