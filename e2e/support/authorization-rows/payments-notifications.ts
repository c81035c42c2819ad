import type { MatrixRows } from '../authorization-matrix.js';

/**
 * The payment and notification services' rows of the authorization matrix: both are looked up by
 * support and admins (the refunds are theirs), by nobody else — not even the customer whose order
 * it is.
 */
export type PaymentNotificationAction = 'look up payments' | 'look up a payment' | 'look up notifications';

export const paymentNotificationRows: MatrixRows<PaymentNotificationAction> = {
  operations: {
    'look up payments': 'GET /api/v1/payments',
    'look up a payment': 'GET /api/v1/payments/{payment_id}',
    'look up notifications': 'GET /api/v1/notifications',
  },
  // Written from the role matrix, row by row, not from the code.
  matrix: (['look up payments', 'look up a payment', 'look up notifications'] as const).flatMap((action) => [
    { action, who: 'support', ownership: 'other', expected: 200 } as const,
    { action, who: 'admin', ownership: 'other', expected: 200 } as const,
    { action, who: 'customer', ownership: 'own', expected: 403 } as const,
    { action, who: 'customer', ownership: 'other', expected: 403 } as const,
    { action, who: 'partner', ownership: 'own', expected: 403 } as const,
  ]),
};
