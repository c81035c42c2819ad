import { InventoryEvents, type EventPayload, type OrderEvents } from '@shop/contracts';
import type { CloudEvent } from '@shop/messaging';
import { decideCancellation } from '../domain/hold.js';
import { holdStore } from '../persistence/hold.repository.js';
import { writeHolds } from '../persistence/hold-writes.js';
import { stockStore } from '../persistence/stock.repository.js';
import type { StockSql } from '../persistence/transaction.js';
import { sagaEnvelope, type ReservationDeps } from './deps.js';

type OrderCancelled = EventPayload<typeof OrderEvents.OrderCancelled>;

/**
 * OrderCancelled → the compensation of reserve-order and commit-order: a hold goes back to
 * available (reserved -= q), a committed line back on the shelf (stock_on_hand += q); rows
 * 'released' with the cancellation's reason; emits ReservationReleased. An order holding nothing
 * (failed, expired or already released) changes nothing and emits nothing.
 */
export const releaseOrder =
  (deps: ReservationDeps) =>
  async (tx: StockSql, event: CloudEvent<OrderCancelled>): Promise<void> => {
    const orderId = event.data.order_id;
    const holds = holdStore(tx);
    const decision = decideCancellation(await holds.lockOrder(orderId));
    if (decision.outcome === 'unchanged') return;

    const stock = stockStore(tx);
    await stock.lock(decision.productIds);
    await writeHolds(tx, {
      orderId,
      movements: decision.movements,
      holds: { kind: 'status', productIds: decision.productIds, status: decision.status, reason: event.data.reason },
      event: deps.outbox.prepare(InventoryEvents.ReservationReleased, {
        ...sagaEnvelope(orderId, event.id),
        data: { order_id: orderId, reason: event.data.reason },
      }),
    });
  };
