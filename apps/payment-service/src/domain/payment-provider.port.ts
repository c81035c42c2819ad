import type { Payment, ProviderOperation } from './payment.js';

/**
 * The card processor, as the domain needs it. Every call answers with an outcome and never
 * throws: a decline is an answer, and so are the failures (error, timeout, open circuit) that
 * the worker retries with backoff.
 */
export type ProviderOutcome =
  | { readonly outcome: 'succeeded'; readonly transactionId: string; readonly methodDescription?: string }
  | { readonly outcome: 'declined'; readonly code: string; readonly message: string }
  | { readonly outcome: 'error' | 'timeout' | 'circuit_open'; readonly code: string; readonly message: string };

export interface AuthorizationRequest {
  /** The payment id: the provider answers a repeated key with the first result, never a second charge. */
  readonly idempotencyKey: string;
  /** The order it pays for: a sealed card token opens only for the order it was sealed for. */
  readonly orderId: string;
  readonly amountCents: number;
  readonly currency: string;
  /** The card token: sealed as stored (see PaymentIntent), opened for the provider by the adapter. */
  readonly token: string;
}

/** A void, capture or refund of the payment's authorization at the provider. */
export interface TransactionRequest {
  readonly transactionId: string;
  /** See idempotencyKeyOf: a call made again after a lost answer is answered with the first result. */
  readonly idempotencyKey: string;
  /** Captured or refunded: the whole payment (a void releases the whole authorization and ignores it). */
  readonly amountCents: number;
}

export interface PaymentProvider {
  authorize(request: AuthorizationRequest): Promise<ProviderOutcome>;
  void(request: TransactionRequest): Promise<ProviderOutcome>;
  capture(request: TransactionRequest): Promise<ProviderOutcome>;
  refund(request: TransactionRequest): Promise<ProviderOutcome>;
}

/**
 * The idempotency key of an operation on a payment, derived from what is stored so that every
 * attempt (a retry after a crash, a lease run out, a lost answer) sends the same one: the payment
 * id for its authorization, `<payment id>:<operation>` for the rest. A payment is voided, captured
 * and refunded at most once, in full (see the state machine), so the operation names the call; a
 * second, partial refund would need a refund id of its own in its key.
 */
export function idempotencyKeyOf(paymentId: string, operation: ProviderOperation): string {
  return operation === 'authorize' ? paymentId : `${paymentId}:${operation}`;
}

/** The provider call an operation on a payment means (void/capture/refund act on its transaction). */
export function callProvider(
  provider: PaymentProvider,
  operation: ProviderOperation,
  payment: Pick<Payment, 'paymentId' | 'orderId' | 'amountCents' | 'currency' | 'providerToken' | 'transactionId'>,
): Promise<ProviderOutcome> {
  const { paymentId, orderId, amountCents, currency, providerToken, transactionId } = payment;
  const idempotencyKey = idempotencyKeyOf(paymentId, operation);
  if (operation === 'authorize')
    return provider.authorize({ idempotencyKey, orderId, amountCents, currency, token: providerToken });
  if (!transactionId) throw new Error(`${operation} needs the transaction of payment ${paymentId}`);
  return provider[operation]({ transactionId, idempotencyKey, amountCents });
}
