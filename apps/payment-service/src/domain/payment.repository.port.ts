import type { OrderSignals, Payment, ProviderOperation } from './payment.js';
import type { ProviderOutcome } from './payment-provider.port.js';

/** One provider call (or one the open circuit refused), as support sees it under the payment. */
export interface AttemptRecord {
  readonly paymentId: string;
  readonly operation: ProviderOperation;
  readonly outcome: ProviderOutcome['outcome'];
  readonly errorCode: string | null;
  readonly latencyMs: number;
  readonly at: Date;
}

export type OrderSignal = { readonly type: 'inventory_reserved'; readonly expiresAt: Date } | { readonly type: 'order_cancelled' };

/**
 * The payments of this service, inside one transaction (the adapter is built per transaction, so
 * the saga's inbox row, the payment and its outbox events commit together).
 */
export interface PaymentRepository {
  /** Serializes the saga's handlers for one order: its events arrive on two topics, possibly at once. */
  lockOrder(orderId: string): Promise<void>;
  /** The order's payment, locked until the transaction ends. */
  findByOrderForUpdate(orderId: string): Promise<Payment | null>;
  findForUpdate(paymentId: string): Promise<Payment | null>;
  insert(payment: Payment, at: Date): Promise<void>;
  save(payment: Payment, at: Date): Promise<void>;
  /** Remembers what the saga said about an order whose intent has not arrived yet. */
  recordSignal(orderId: string, signal: OrderSignal, at: Date): Promise<void>;
  /** Reads and forgets the signals recorded for an order. */
  takeSignals(orderId: string): Promise<OrderSignals | null>;
  /** Due payments no other worker holds, locked until the transaction ends (FOR UPDATE SKIP LOCKED). */
  claimDue(now: Date, limit: number): Promise<Payment[]>;
  recordAttempt(attempt: AttemptRecord): Promise<void>;
  /** Wakes the authorization workers when the transaction commits. */
  wakeWorkers(): Promise<void>;
}
