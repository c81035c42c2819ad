import type { OutboxWriter, PreparedOutboxEvent } from '@shop/messaging';
import type { Sql, Transactions } from '@shop/persistence';
import type { CardTokenSealer } from '../domain/card-token-sealer.port.js';
import type { CatalogueReplica } from '../domain/catalogue.port.js';
import type { Policy } from '../domain/decide.js';
import type { IdempotencyKeys } from '../domain/idempotency-keys.port.js';
import type { OrderOutcomes } from '../domain/order-outcomes.port.js';
import type { OrderExport, OrderList, OrderStore, PendingOrders } from '../domain/orders.port.js';
import type { PricingRules } from '../domain/pricing.js';
import type { OrderMetrics } from './order-metrics.js';

/** An outgoing event as the outbox writes it, prepared from a domain OrderEvent. */
export type OutgoingEvent = PreparedOutboxEvent<unknown>;

/** The stores a use case writes through, all on one `Sql`: a transaction's, or autocommit. */
export interface OrderStores {
  readonly orders: OrderStore<OutgoingEvent>;
  readonly catalogue: CatalogueReplica;
  readonly idempotencyKeys: IdempotencyKeys;
}

/** The service's storage, as the use cases reach it; built in src/persistence. */
export interface OrderPersistence {
  readonly transactions: Transactions;
  /** The stores on a transaction's `Sql`. */
  readonly on: (sql: Sql) => OrderStores;
  /** The stores outside a transaction: each call one autocommit statement. */
  readonly autocommit: OrderStores;
  readonly pendingOrders: PendingOrders<OutgoingEvent>;
  readonly orderList: OrderList;
}

/** What applying a transition needs besides the store. */
export interface TransitionDeps {
  readonly outbox: OutboxWriter;
  readonly policy: Policy;
  readonly now?: () => Date;
  readonly metrics?: OrderMetrics;
}

export interface PlacingDeps {
  readonly pricing: PricingRules;
  readonly deliveryDays: number;
  /** Seals the card token for the payment service before anything is stored or emitted. */
  readonly cardTokens: CardTokenSealer;
}

/** What the orders API's use cases run on. */
export interface OrderDeps {
  readonly persistence: OrderPersistence;
  readonly transitions: TransitionDeps;
  readonly placing: PlacingDeps;
  readonly outcomes: OrderOutcomes;
  readonly exports: OrderExport;
}
