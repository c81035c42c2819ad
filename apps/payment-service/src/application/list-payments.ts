import type { Page } from '@shop/contracts';
import type { PaymentListFilter, PaymentQueries, PaymentRecord } from '../domain/payment-queries.port.js';

/** A page of payments, newest first, by order or status, and where the next page starts (null: the last). */
export function listPayments(queries: PaymentQueries, filter: PaymentListFilter): Promise<Page<PaymentRecord>> {
  return queries.list(filter);
}
