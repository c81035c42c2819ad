import { PaymentStatus } from '@shop/contracts';
import type { Payment } from '../domain/payment.js';
import type { Payment as PaymentRow, Prisma } from '../generated/prisma/client.js';

/** The columns the domain needs (not the provider's raw answer nor the row's own timestamps). */
export type PaymentFields = Omit<PaymentRow, 'gateway' | 'gatewayResponse' | 'createdAt' | 'updatedAt'>;

/** Row → domain. The status column is checked by the database; parsing it here keeps the type honest. */
export function toDomain(row: PaymentFields): Payment {
  return {
    paymentId: row.paymentId,
    orderId: row.orderId,
    userId: row.userId,
    amountCents: row.amountCents,
    currency: row.currency,
    paymentMethod: row.paymentMethod,
    providerToken: row.providerToken,
    status: PaymentStatus.parse(row.status),
    transactionId: row.transactionId,
    methodDescription: row.methodDescription,
    attemptCount: row.attemptCount,
    nextAttemptAt: row.nextAttemptAt,
    authorizationSentAt: row.authorizationSentAt,
    cancelRequestedAt: row.cancelRequestedAt,
    failureCode: row.failureCode,
    failureMessage: row.failureMessage,
    authorizedAt: row.authorizedAt,
    failedAt: row.failedAt,
    cancelledAt: row.cancelledAt,
    voidedAt: row.voidedAt,
    capturedAt: row.capturedAt,
    refundedAt: row.refundedAt,
  };
}

/** Domain → the columns a transition may change (identity and amounts are written once, at insert). */
export function toPersistence(payment: Payment): Prisma.PaymentUncheckedUpdateInput {
  return {
    status: payment.status,
    transactionId: payment.transactionId,
    methodDescription: payment.methodDescription,
    attemptCount: payment.attemptCount,
    nextAttemptAt: payment.nextAttemptAt,
    authorizationSentAt: payment.authorizationSentAt,
    cancelRequestedAt: payment.cancelRequestedAt,
    failureCode: payment.failureCode,
    failureMessage: payment.failureMessage,
    authorizedAt: payment.authorizedAt,
    failedAt: payment.failedAt,
    cancelledAt: payment.cancelledAt,
    voidedAt: payment.voidedAt,
    capturedAt: payment.capturedAt,
    refundedAt: payment.refundedAt,
  };
}

export function toNewRow(payment: Payment, at: Date): Prisma.PaymentUncheckedCreateInput {
  return {
    paymentId: payment.paymentId,
    orderId: payment.orderId,
    userId: payment.userId,
    amountCents: payment.amountCents,
    currency: payment.currency,
    paymentMethod: payment.paymentMethod,
    providerToken: payment.providerToken,
    ...(toPersistence(payment) as Omit<Prisma.PaymentUncheckedCreateInput, 'paymentId' | 'orderId' | 'userId' | 'amountCents' | 'paymentMethod' | 'providerToken'>),
    // Millisecond precision on purpose: list cursors carry a JavaScript Date.
    createdAt: at,
    updatedAt: at,
  };
}
