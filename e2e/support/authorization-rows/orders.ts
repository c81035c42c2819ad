import type { MatrixRows } from '../authorization-matrix.js';

/**
 * The order service's rows of the authorization matrix. "Refund Order" is read as cancelling an
 * order whose payment was captured (at shipment); the payment service refunds it.
 */
export type OrderAction =
  | 'create order'
  | 'view order'
  | 'list orders'
  | 'cancel order'
  | 'cancel order after the window'
  | 'refund order'
  | 'update order status';

export const orderRows: MatrixRows<OrderAction> = {
  operations: {
    'create order': 'POST /api/v1/orders',
    'view order': 'GET /api/v1/orders/{id}',
    'list orders': 'GET /api/v1/orders',
    'cancel order': 'POST /api/v1/orders/{id}/cancel',
    'cancel order after the window': 'POST /api/v1/orders/{id}/cancel',
    'refund order': 'POST /api/v1/orders/{id}/cancel',
    'update order status': 'PATCH /api/v1/orders/{id}/status',
  },
  // Written from the role matrix, row by row, not from the code.
  matrix: [
    // Create Order: customer own, admin all, support ❌, partner own.
    { action: 'create order', who: 'customer', ownership: 'own', expected: 201 },
    { action: 'create order', who: 'partner', ownership: 'own', expected: 201 },
    { action: 'create order', who: 'admin', ownership: 'own', expected: 201 },
    { action: 'create order', who: 'support', ownership: 'none', expected: 403 },
    // View Order: customer own, admin all, support all, partner own; someone else's is 404, not 403.
    { action: 'view order', who: 'customer', ownership: 'own', expected: 200 },
    { action: 'view order', who: 'customer', ownership: 'other', expected: 404 },
    { action: 'view order', who: 'partner', ownership: 'own', expected: 200 },
    { action: 'view order', who: 'partner', ownership: 'other', expected: 404 },
    { action: 'view order', who: 'support', ownership: 'other', expected: 200 },
    { action: 'view order', who: 'admin', ownership: 'other', expected: 200 },
    { action: 'list orders', who: 'customer', ownership: 'own', expected: 200 },
    { action: 'list orders', who: 'partner', ownership: 'own', expected: 200 },
    { action: 'list orders', who: 'support', ownership: 'other', expected: 200 },
    { action: 'list orders', who: 'admin', ownership: 'other', expected: 200 },
    // Cancel Order: customer own (within the window), admin all, support all, partner ❌.
    { action: 'cancel order', who: 'customer', ownership: 'own', expected: 200 },
    { action: 'cancel order', who: 'customer', ownership: 'other', expected: 404 },
    { action: 'cancel order', who: 'support', ownership: 'other', expected: 200 },
    { action: 'cancel order', who: 'admin', ownership: 'other', expected: 200 },
    { action: 'cancel order', who: 'partner', ownership: 'own', expected: 403 },
    { action: 'cancel order', who: 'partner', ownership: 'other', expected: 403 },
    // Refund Order: admin all, support all, customer ❌, partner ❌.
    { action: 'refund order', who: 'support', ownership: 'other', expected: 200 },
    { action: 'refund order', who: 'admin', ownership: 'other', expected: 200 },
    { action: 'refund order', who: 'customer', ownership: 'own', expected: 403 },
    { action: 'refund order', who: 'partner', ownership: 'own', expected: 403 },
    // Order status updates: support may update an order's status; admin everything; nobody else, theirs or not.
    { action: 'update order status', who: 'support', ownership: 'other', expected: 200 },
    { action: 'update order status', who: 'admin', ownership: 'other', expected: 200 },
    { action: 'update order status', who: 'customer', ownership: 'own', expected: 403 },
    { action: 'update order status', who: 'customer', ownership: 'other', expected: 403 },
    { action: 'update order status', who: 'partner', ownership: 'own', expected: 403 },
    // Last: its order, placed while the stack started, must be older than the window by now.
    { action: 'cancel order after the window', who: 'customer', ownership: 'own', expected: 409 },
  ],
};
