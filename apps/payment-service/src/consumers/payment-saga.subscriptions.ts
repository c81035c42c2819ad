import { InventoryEvents, OrderEvents } from '@shop/contracts';
import { exactlyOnce, ignoring, on, type CloudEvent, type LockFirst, type Subscription } from '@shop/messaging';
import type { Sql, Transactions } from '@shop/persistence';
import type { SagaRepository, SagaStepDeps } from '../application/apply-saga-event.js';
import type { PaymentRun } from '../domain/payment-run.js';
import { paymentRepository } from '../persistence/payment.repository.js';
import { inventoryReservedConsumer } from './inventory-reserved.consumer.js';
import { orderCancelledConsumer } from './order-cancelled.consumer.js';
import { orderPlacedConsumer } from './order-placed.consumer.js';
import { orderStatusChangedConsumer } from './order-status-changed.consumer.js';

export interface SagaDeps extends SagaStepDeps {
  /** The service's transactions (persistence/database.ts): the saga's steps run in them. */
  readonly transactions: Transactions;
  readonly schema: string;
}

/** The inbox name of the saga consumer: its processed_events rows. */
export const SAGA_CONSUMER = 'payment-saga';

/**
 * The payment's part of the order saga (orders.events and inventory.events): which event runs
 * which step. Every handler runs in one transaction with its inbox row, so a redelivered event
 * changes nothing. A run first locks its orders and reads their payments (lockFirst): that is the
 * run's state, handed to each handler, which decides on it and keeps it current as it writes.
 * The other events of those topics are declared ignored (the order's confirmation, the catalogue,
 * and the inventory outcomes the order service turns into a cancel), so any other type is parked.
 */
export function paymentSagaSubscriptions(deps: SagaDeps): Subscription[] {
  const inTransaction = deps.transactions;
  const repositoryOn = (tx: Sql): SagaRepository => paymentRepository(tx, deps.schema);
  const lockFirst: LockFirst<PaymentRun> = (tx, events) =>
    repositoryOn(tx).lockRun([...new Set(events.map((e) => (e.data as { order_id: string }).order_id))].sort());
  const once = <T>(handler: (tx: Sql, event: CloudEvent<T>, run: PaymentRun) => Promise<void>) =>
    exactlyOnce(SAGA_CONSUMER, inTransaction, handler, { lockFirst });
  return [
    on(OrderEvents.OrderPlaced, once(orderPlacedConsumer(deps, repositoryOn))),
    on(InventoryEvents.InventoryReserved, once(inventoryReservedConsumer(deps, repositoryOn))),
    on(OrderEvents.OrderCancelled, once(orderCancelledConsumer(deps, repositoryOn))),
    on(OrderEvents.OrderStatusChanged, once(orderStatusChangedConsumer(deps, repositoryOn))),
    ...ignoring(
      OrderEvents.OrderConfirmed,
      InventoryEvents.ProductUpserted,
      InventoryEvents.InventoryReservationFailed,
      InventoryEvents.ReservationReleased,
      InventoryEvents.ReservationExpired,
    ),
  ];
}
