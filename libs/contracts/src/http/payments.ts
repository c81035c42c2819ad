import { z } from 'zod';
import { Uuid } from '../events/common.js';

/**
 * Payments as support and admins see them (`GET /api/v1/payments/{payment_id}`,
 * `GET /api/v1/payments?order_id=`): snake_case, money as decimals (cents / 100), times ISO 8601.
 */

/**
 * The lifecycle of one payment; a status ending in -ing has a provider call under way or due.
 * needs_attention: the provider refused a void, capture or refund for good (e.g. the authorization
 * was captured or has gone at the provider); no retry can help, so a person takes it from there.
 */
export const PaymentStatus = z.enum([
  'pending',
  'authorizing',
  'authorized',
  'failed',
  'cancelled',
  'voiding',
  'voided',
  'capturing',
  'captured',
  'refunding',
  'refunded',
  'needs_attention',
]);
export type PaymentStatus = z.infer<typeof PaymentStatus>;

export const ProviderOperation = z.enum(['authorize', 'void', 'capture', 'refund']);
export type ProviderOperation = z.infer<typeof ProviderOperation>;

const ProviderCallOutcome = z.enum(['succeeded', 'declined', 'error', 'timeout', 'circuit_open']);

const Timestamp = z.iso.datetime({ offset: true });
const Money = z.number().nonnegative();

export const PaymentParams = z.object({ payment_id: Uuid }).strict();

export const PaymentListQuery = z
  .object({
    order_id: Uuid.optional(),
    status: PaymentStatus.optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: z.string().min(1).max(512).optional(),
  })
  .strict();
export type PaymentListQuery = z.infer<typeof PaymentListQuery>;

/** One call to the card provider (or one that the open circuit breaker refused). */
const PaymentAttemptResponse = z.object({
  attempt_id: Uuid,
  operation: ProviderOperation,
  outcome: ProviderCallOutcome,
  error_code: z.string().nullable(),
  latency_ms: z.number().int().nonnegative(),
  created_at: Timestamp,
});

export const PaymentSummaryResponse = z.object({
  payment_id: Uuid,
  order_id: Uuid,
  user_id: Uuid,
  amount: Money,
  currency: z.string().length(3),
  status: PaymentStatus,
  payment_method: z.string(),
  /** "Visa ending in 4242", once the provider described the card. */
  method: z.string().nullable(),
  transaction_id: z.string().nullable(),
  gateway: z.string(),
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type PaymentSummaryResponse = z.infer<typeof PaymentSummaryResponse>;

export const PaymentResponse = PaymentSummaryResponse.extend({
  failure: z.object({ code: z.string(), message: z.string().nullable() }).nullable(),
  /** Attempts at the provider operation under way, and when the next one is due (null: none). */
  attempt_count: z.number().int().nonnegative(),
  next_attempt_at: Timestamp.nullable(),
  authorized_at: Timestamp.nullable(),
  captured_at: Timestamp.nullable(),
  failed_at: Timestamp.nullable(),
  cancelled_at: Timestamp.nullable(),
  voided_at: Timestamp.nullable(),
  refunded_at: Timestamp.nullable(),
  attempts: z.array(PaymentAttemptResponse),
});
export type PaymentResponse = z.infer<typeof PaymentResponse>;

export const PaymentListResponse = z.object({
  data: z.array(PaymentSummaryResponse),
  pagination: z.object({ next_cursor: z.string().nullable(), has_more: z.boolean() }),
});
export type PaymentListResponse = z.infer<typeof PaymentListResponse>;
