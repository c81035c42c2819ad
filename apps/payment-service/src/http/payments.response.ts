import { centsToAmount, type PaymentResponse, type PaymentSummaryResponse } from '@shop/contracts';
import type { AttemptView, PaymentRecord } from '../domain/payment-queries.port.js';

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export function toSummaryResponse(p: PaymentRecord): PaymentSummaryResponse {
  return {
    payment_id: p.paymentId,
    order_id: p.orderId,
    user_id: p.userId,
    amount: centsToAmount(p.amountCents),
    currency: p.currency,
    status: p.status,
    payment_method: p.paymentMethod,
    method: p.methodDescription,
    transaction_id: p.transactionId,
    gateway: p.gateway,
    created_at: p.createdAt.toISOString(),
    updated_at: p.updatedAt.toISOString(),
  };
}

export function toPaymentResponse(p: PaymentRecord, attempts: readonly AttemptView[]): PaymentResponse {
  return {
    ...toSummaryResponse(p),
    failure: p.failureCode ? { code: p.failureCode, message: p.failureMessage } : null,
    attempt_count: p.attemptCount,
    next_attempt_at: iso(p.nextAttemptAt),
    authorized_at: iso(p.authorizedAt),
    captured_at: iso(p.capturedAt),
    failed_at: iso(p.failedAt),
    cancelled_at: iso(p.cancelledAt),
    voided_at: iso(p.voidedAt),
    refunded_at: iso(p.refundedAt),
    attempts: attempts.map((a) => ({
      attempt_id: a.attemptId,
      operation: a.operation,
      outcome: a.outcome,
      error_code: a.errorCode,
      latency_ms: a.latencyMs,
      created_at: a.at.toISOString(),
    })),
  };
}
