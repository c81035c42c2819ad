import type { PaymentQueries, PaymentWithAttempts } from '../domain/payment-queries.port.js';

/**
 * The payment service's share of a GDPR export: the payments of the user's orders, oldest first,
 * each with its provider attempts.
 */
export function exportUserPayments(queries: PaymentQueries, userId: string): Promise<PaymentWithAttempts[]> {
  return queries.ofUser(userId);
}
