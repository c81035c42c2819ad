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
  readonly amountCents: number;
  readonly currency: string;
  readonly token: string;
}

export interface PaymentProvider {
  authorize(request: AuthorizationRequest): Promise<ProviderOutcome>;
  void(transactionId: string): Promise<ProviderOutcome>;
  capture(transactionId: string): Promise<ProviderOutcome>;
  refund(transactionId: string): Promise<ProviderOutcome>;
}

/** The provider call an operation on a payment means (void/capture/refund act on its transaction). */
export function callProvider(
  provider: PaymentProvider,
  operation: ProviderOperation,
  payment: Pick<Payment, 'paymentId' | 'amountCents' | 'currency' | 'providerToken' | 'transactionId'>,
): Promise<ProviderOutcome> {
  if (operation === 'authorize') {
    const { paymentId, amountCents, currency, providerToken } = payment;
    return provider.authorize({ idempotencyKey: paymentId, amountCents, currency, token: providerToken });
  }
  if (!payment.transactionId) throw new Error(`${operation} needs the transaction of payment ${payment.paymentId}`);
  return provider[operation](payment.transactionId);
}
