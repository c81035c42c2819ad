import type { PaymentQueries, PaymentWithAttempts } from '../domain/payment-queries.port.js';

/** One payment with every provider attempt, for support (null: no such payment). */
export function getPayment(queries: PaymentQueries, paymentId: string): Promise<PaymentWithAttempts | null> {
  return queries.get(paymentId);
}
