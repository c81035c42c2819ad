import { PaymentStatus } from '@shop/contracts';
import type { Payment } from '../domain/payment.js';

/**
 * The columns the domain needs, under the domain's field names (not the provider's raw answer nor
 * the row's own timestamps). A Prisma `Payment` row has this shape, and so does a row the SQL
 * repository selects with `paymentColumns`.
 */
export type PaymentFields = Omit<Payment, 'status'> & { readonly status: string };

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

/** Column → field for every column toDomain reads. */
const fieldOfColumn = {
  payment_id: 'paymentId',
  order_id: 'orderId',
  user_id: 'userId',
  amount_cents: 'amountCents',
  currency: 'currency',
  payment_method: 'paymentMethod',
  provider_token: 'providerToken',
  status: 'status',
  transaction_id: 'transactionId',
  method_description: 'methodDescription',
  attempt_count: 'attemptCount',
  next_attempt_at: 'nextAttemptAt',
  authorization_sent_at: 'authorizationSentAt',
  cancel_requested_at: 'cancelRequestedAt',
  failure_code: 'failureCode',
  failure_message: 'failureMessage',
  authorized_at: 'authorizedAt',
  failed_at: 'failedAt',
  cancelled_at: 'cancelledAt',
  voided_at: 'voidedAt',
  captured_at: 'capturedAt',
  refunded_at: 'refundedAt',
} as const satisfies Record<string, keyof PaymentFields>;

/** The select list that reads a payments row (alias `p`) as PaymentFields. */
export const paymentColumns = Object.entries(fieldOfColumn)
  .map(([column, field]) => `p.${column}${column.endsWith('_id') ? '::text' : ''} AS "${field}"`)
  .join(', ');

/**
 * The columns a transition may change (identity and amounts are written once, at insert), with
 * their SQL types, in the order `toMutableValues` gives their values.
 */
export const mutableColumns = [
  ['status', 'text'],
  ['transaction_id', 'text'],
  ['method_description', 'text'],
  ['attempt_count', 'int'],
  ['next_attempt_at', 'timestamptz'],
  ['authorization_sent_at', 'timestamptz'],
  ['cancel_requested_at', 'timestamptz'],
  ['failure_code', 'text'],
  ['failure_message', 'text'],
  ['authorized_at', 'timestamptz'],
  ['failed_at', 'timestamptz'],
  ['cancelled_at', 'timestamptz'],
  ['voided_at', 'timestamptz'],
  ['captured_at', 'timestamptz'],
  ['refunded_at', 'timestamptz'],
] as const;

/** Domain → the values of mutableColumns, in that order. */
export function toMutableValues(payment: Payment): unknown[] {
  return mutableColumns.map(([column]) => payment[fieldOfColumn[column]]);
}

/** The columns written only at insert, in the order `toIdentityValues` gives their values. */
export const identityColumns = [
  'payment_id',
  'order_id',
  'user_id',
  'amount_cents',
  'currency',
  'payment_method',
  'provider_token',
] as const;

export function toIdentityValues(payment: Payment): unknown[] {
  return identityColumns.map((column) => payment[fieldOfColumn[column]]);
}
