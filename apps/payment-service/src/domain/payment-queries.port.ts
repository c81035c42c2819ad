import type { PaymentStatus } from '@shop/contracts';
import type { Payment } from './payment.js';
import type { AttemptRecord } from './payment.repository.port.js';

/** A payment as support reads it: the domain view plus its bookkeeping. */
export interface PaymentRecord extends Payment {
  readonly gateway: string;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface AttemptView extends AttemptRecord {
  readonly attemptId: string;
}

/** A payment with every provider attempt made for it, oldest first. */
export interface PaymentWithAttempts {
  readonly payment: PaymentRecord;
  readonly attempts: AttemptView[];
}

/**
 * Where a page of the list ended (newest first): the last row's creation time as Postgres prints
 * it to the microsecond, and its id. A JavaScript Date would keep milliseconds only.
 */
export interface PaymentListPosition {
  readonly createdAt: string;
  readonly paymentId: string;
}

export interface PaymentListFilter {
  readonly orderId?: string;
  readonly status?: PaymentStatus;
  readonly limit: number;
  readonly after?: PaymentListPosition;
}

/** The read side of the HTTP API and the GDPR export (no locks, no transitions). */
export interface PaymentQueries {
  get(paymentId: string): Promise<PaymentWithAttempts | null>;
  list(filter: PaymentListFilter): Promise<{ payments: PaymentRecord[]; next: PaymentListPosition | null }>;
  /** The payments of the user's orders, oldest first, each with its attempts. */
  ofUser(userId: string): Promise<PaymentWithAttempts[]>;
}
