import { newPayment, type Payment, type PaymentStatus } from './payment.js';
import type { ProviderOutcome } from './payment-provider.port.js';
import type { PaymentInput } from './payment-state-machine.js';

/** Shared fixtures of the payment state machine tests: a clock, an intent, payments in any status, provider answers. */
export const now = new Date('2025-01-15T10:30:00.000Z');
export const later = (ms: number) => new Date(now.getTime() + ms);
export const context = { now, retryDelayMs: (failed: number) => 100 * failed };

export const intent = {
  paymentId: '00000000-0000-4000-8000-000000000001',
  orderId: '00000000-0000-4000-8000-000000000002',
  userId: '00000000-0000-4000-8000-000000000003',
  amountCents: 3405,
  currency: 'USD',
  paymentMethod: 'card',
  providerToken: 'tok_visa_4242',
};

export const given = (status: PaymentStatus, fields: Partial<Payment> = {}): Payment => ({
  ...newPayment(intent),
  status,
  ...fields,
});

export const approved: ProviderOutcome = {
  outcome: 'succeeded',
  transactionId: 'txn_1',
  methodDescription: 'Visa ending in 4242',
};
export const declined: ProviderOutcome = {
  outcome: 'declined',
  code: 'card_declined',
  message: 'Your card was declined.',
};
export const timedOut: ProviderOutcome = { outcome: 'timeout', code: 'timeout', message: 'no answer in 2000 ms' };
export const circuitOpen: ProviderOutcome = {
  outcome: 'circuit_open',
  code: 'circuit_open',
  message: 'Breaker is open',
};
export const result = (
  operation: 'authorize' | 'void' | 'capture' | 'refund',
  outcome: ProviderOutcome,
): PaymentInput => ({
  type: 'provider_result',
  operation,
  result: outcome,
});
