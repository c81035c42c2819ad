import type { Decision, Page, PagePosition } from '@shop/contracts';
import type { Order, OrderState, OrderSummary } from './order.js';
import type { CancellationReason, OrderStatus } from './order-status.js';
import type { SagaRun } from './saga-run.js';

/** What the payment service said about the order's money, recorded with a transition. */
export interface PaymentDetails {
  readonly status: string;
  readonly method?: string;
  readonly transactionId?: string;
}

/**
 * One accepted transition as it is written: the new status, what it records, its timeline entry
 * and its event. `Event` is the outgoing event as the adapter writes it: the use case prepares it
 * from the domain's OrderEvent.
 */
export interface StatusChange<Event> {
  readonly orderId: string;
  readonly from: OrderStatus;
  readonly to: OrderStatus;
  readonly at: Date;
  readonly note: string | null;
  readonly cancellationReason?: CancellationReason;
  readonly shipment?: { readonly carrier: string; readonly trackingNumber: string };
  readonly payment?: PaymentDetails;
  readonly failure?: Record<string, string | number>;
  /** Tells waiting `Prefer: wait` requests on every instance, on commit: the saga's outcome. */
  readonly notifyOutcome: boolean;
  /** Written with the change, and only if the order exists. */
  readonly event: Event;
}

/** An order's reads and writes inside one transaction (or one autocommit statement each). */
export interface OrderStore<Event> {
  /** The order with its lines and timeline. */
  find(orderId: string): Promise<Order | null>;
  /** The order's state under a row lock: concurrent commands on one order are serialized here. */
  lock(orderId: string): Promise<OrderState | null>;
  /** lock for several orders in one statement, in order-id order: a saga run's orders. */
  lockAll(orderIds: readonly string[]): Promise<OrderState[]>;
  /** Writes the change in one statement; within a saga run, also keeps the run's view current. */
  writeStatusChange(change: StatusChange<Event>, run?: SagaRun): Promise<void>;
  /** Records the payment's status only; an unknown order changes nothing. */
  writePaymentStatus(orderId: string, paymentStatus: string): Promise<void>;
  /** Anonymises a user's orders, keeping the accounting record (rows, amounts, statuses, country). */
  eraseUser(userId: string, replacement: string, at: Date): Promise<void>;
}

/** The Idempotency-Key row written with the order: the response a replay of the request returns. */
export interface StoredResponse {
  readonly callerId: string;
  readonly key: string;
  readonly requestHash: string;
  readonly statusCode: number;
  readonly body: unknown;
  readonly expiresAt: Date;
}

export type PendingOrderWrite =
  | { kind: 'inserted' }
  /** Another request holds the key right now (or committed it after this statement's snapshot). */
  | { kind: 'key-in-flight' }
  /** The key is live with a response: nothing was written. */
  | { kind: 'key-stored'; requestHash: string; statusCode: number | null; body: unknown };

export interface PendingOrders<Event> {
  /**
   * Writes a PENDING order, its lines, its first timeline entry, its OrderPlaced event and, with a
   * key, the stored response, atomically; with a key stored or in flight, nothing at all.
   */
  insert(order: Order, placed: Event, stored?: StoredResponse): Promise<PendingOrderWrite>;
}

export interface OrderFilter {
  readonly userId?: string | undefined;
  readonly status?: OrderStatus | undefined;
  readonly createdFrom?: Date | undefined;
  readonly createdTo?: Date | undefined;
}

export interface OrderSort {
  readonly key: 'created_at' | 'total' | 'status';
  readonly direction: 'asc' | 'desc';
}

export interface OrderOffsetPage {
  readonly items: readonly OrderSummary[];
  readonly total: number;
}

export interface OrderList {
  /** The orders after `after` in (sort key, id) order; refused when `after` cannot be a position of this sort. */
  keysetPage(
    filter: OrderFilter,
    sort: OrderSort,
    after: PagePosition | null,
    limit: number,
  ): Promise<Decision<Page<OrderSummary>>>;
  /** Page `page` (from 1) of `limit` orders, and how many match. */
  offsetPage(filter: OrderFilter, sort: OrderSort, page: number, limit: number): Promise<OrderOffsetPage>;
}

/** A user's orders, oldest first: their share of a personal-data export. */
export interface OrderExport {
  ofUser(userId: string): Promise<Order[]>;
}
