import type { Page, PagePosition, PaymentStatus } from '@shop/contracts';
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

export interface PaymentListFilter {
  readonly orderId?: string;
  readonly status?: PaymentStatus;
  readonly limit: number;
  readonly after?: PagePosition | null;
}

/** The read side of the HTTP API and the GDPR export (no locks, no transitions). */
export interface PaymentQueries {
  get(paymentId: string): Promise<PaymentWithAttempts | null>;
  list(filter: PaymentListFilter): Promise<Page<PaymentRecord>>;
  /** The payments of the user's orders, oldest first, each with its attempts. */
  ofUser(userId: string): Promise<PaymentWithAttempts[]>;
}
