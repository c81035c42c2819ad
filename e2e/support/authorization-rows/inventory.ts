import type { MatrixRows, Who } from '../authorization-matrix.js';

/**
 * The inventory service's rows of the authorization matrix. Reading the catalogue is not "Manage
 * Inventory": anyone, signed in or not, may. What they read depends on who they are: support and
 * admins every product with its stock counts, everyone else active products and their availability.
 */
export type InventoryAction =
  | 'create product'
  | 'update product'
  | 'adjust stock'
  | 'read products'
  | 'read a product'
  | 'read an inactive product';

/** Who reads the catalogue as staff: every status, exact counts. */
export const staff: readonly Who[] = ['support', 'admin'];
const everyone = ['anonymous', 'customer', 'partner', 'support', 'admin'] as const;

export const inventoryRows: MatrixRows<InventoryAction> = {
  operations: {
    'create product': 'POST /api/v1/products',
    'update product': 'PATCH /api/v1/products/{id}',
    'adjust stock': 'POST /api/v1/products/{id}/stock',
    'read products': 'GET /api/v1/products',
    'read a product': 'GET /api/v1/products/{id}',
    'read an inactive product': 'GET /api/v1/products/{id}',
  },
  // Written from the role matrix, row by row, not from the code.
  matrix: [
    // Manage Inventory: admin all, everyone else ❌; reading the catalogue is everyone's.
    ...(['create product', 'update product', 'adjust stock'] as const).flatMap((action) => [
      { action, who: 'admin', ownership: 'none', expected: action === 'create product' ? 201 : 200 } as const,
      ...(['support', 'customer', 'partner'] as const).map(
        (who) => ({ action, who, ownership: 'none', expected: 403 }) as const,
      ),
    ]),
    ...(['read products', 'read a product'] as const).flatMap((action) =>
      everyone.map((who) => ({ action, who, ownership: 'none', expected: 200 }) as const),
    ),
    // A product that is not on sale is, to anyone but staff, not there at all.
    ...everyone.map(
      (who) =>
        ({
          action: 'read an inactive product',
          who,
          ownership: 'none',
          expected: staff.includes(who) ? 200 : 404,
        }) as const,
    ),
  ],
};
