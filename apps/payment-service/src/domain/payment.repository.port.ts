import type { OrderSignals, Payment, ProviderOperation } from './payment.js';
import type { PaymentRun } from './payment-run.js';
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

export type OrderSignal =
  { readonly type: 'inventory_reserved'; readonly expiresAt: Date } | { readonly type: 'order_cancelled' };

/**
 * What goes with a write of payments, in the same statement. `Event` is an outgoing event as the
 * adapter writes it: the application builds them, the domain never sees one.
 */
export interface WriteOptions<Event> {
  /** The provider call (or refusal) whose outcome this write records: logged with it. */
  readonly attempt?: AttemptRecord;
  /** Wakes the authorization workers when the transaction commits (a provider call is due now). */
  readonly wakeWorkers?: boolean;
  /** The events the change produces: written with it (no change without its events, and the reverse). */
  readonly events?: readonly Event[];
  /** The saga run the write happens in: its view of the order's payment is brought up to date. */
  readonly run?: PaymentRun;
}

export interface BatchWriteOptions<Event> {
  readonly attempts?: readonly AttemptRecord[];
  readonly wakeWorkers?: boolean;
  readonly events?: readonly Event[];
}

/** OrderPlaced's view of its order: a payment already recorded, or the signals that came before it. */
export type IntentStart =
  { readonly paymentExists: true } | { readonly paymentExists: false; readonly signals: OrderSignals | null };

/**
 * The payments of this service, inside one transaction (the adapter is built per transaction, so
 * the saga's inbox row, the payment and its outbox events commit together).
 */
export interface PaymentRepository<Event = unknown> {
  /**
   * Serializes the saga's handlers for an order that has no payment yet: its events arrive on two
   * topics, possibly at once, and the intent must see every signal recorded before it.
   */
  lockOrder(orderId: string): Promise<void>;
  /**
   * Before a saga run's first event: every order's lock (in one global order), then their payments'
   * rows, in two statements. The run's handlers decide on what it returns instead of reading again.
   */
  lockRun(orderIds: readonly string[]): Promise<PaymentRun>;
  /** The order's payment, locked until the transaction ends. */
  findByOrderForUpdate(orderId: string): Promise<Payment | null>;
  findForUpdate(paymentId: string): Promise<Payment | null>;
  /** The payments found, locked in payment id order (so two such transactions never wait on each other in a cycle). */
  findAllForUpdate(paymentIds: readonly string[]): Promise<Payment[]>;
  /** Under lockOrder: whether the payment exists, and if not, reads and forgets the signals recorded for the order. */
  startIntent(orderId: string): Promise<IntentStart>;
  insert(payment: Payment, at: Date, options?: WriteOptions<Event>): Promise<void>;
  save(payment: Payment, at: Date, options?: WriteOptions<Event>): Promise<void>;
  /**
   * Several payments in one statement, with the attempts that led to them (also ones that changed
   * nothing) and their events.
   */
  saveAll(payments: readonly Payment[], at: Date, options?: BatchWriteOptions<Event>): Promise<void>;
  /** Remembers what the saga said about an order whose intent has not arrived yet. */
  recordSignal(orderId: string, signal: OrderSignal, at: Date): Promise<void>;
  /** Due payments no other worker holds, locked until the transaction ends (FOR UPDATE SKIP LOCKED). */
  claimDue(now: Date, limit: number): Promise<Payment[]>;
  /** Logs a provider call whose outcome changes nothing about the payment. */
  recordAttempt(attempt: AttemptRecord): Promise<void>;
}
