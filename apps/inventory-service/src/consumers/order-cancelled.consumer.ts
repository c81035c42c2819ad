import type { EventPayload, OrderEvents } from '@shop/contracts';
import type { CloudEvent } from '@shop/messaging';
import type { Sql } from '@shop/persistence';
import { decideCancellation } from '../domain/hold.js';
import { reservationReleased } from '../domain/inventory-events.js';
import { emptyRun, type ReservationRun } from '../domain/reservation-run.js';
import { holdStore } from '../persistence/hold.repository.js';
import { stockStore } from '../persistence/stock.repository.js';
import { prepareSagaEvent, type ReservationDeps } from './reservation-deps.js';

type OrderCancelled = EventPayload<typeof OrderEvents.OrderCancelled>;

/**
 * OrderCancelled → the compensation of order-placed and order-confirmed: a hold goes back to
 * available (reserved -= q), a committed line back on the shelf (stock_on_hand += q); rows
 * 'released' with the cancellation's reason; emits ReservationReleased. An order holding nothing
 * (failed, expired or already released) changes nothing and emits nothing.
 * Undone by: nothing — a cancelled order stays cancelled (a later OrderConfirmed changes nothing).
 */
export const orderCancelledConsumer =
  (deps: ReservationDeps) =>
  async (tx: Sql, event: CloudEvent<OrderCancelled>, run: ReservationRun = emptyRun()): Promise<void> => {
    const orderId = event.data.order_id;
    const holds = holdStore(tx);
    const decision = decideCancellation(await holds.lockOrder(orderId, run));
    if (decision.outcome === 'unchanged') return;

    await stockStore(tx).lock(decision.productIds, run);
    const { reason } = event.data;
    await holds.write(
      {
        orderId,
        movements: decision.movements,
        holds: { kind: 'status', productIds: decision.productIds, status: decision.status, reason },
      },
      prepareSagaEvent(deps.outbox, reservationReleased(orderId, reason), orderId, event.id),
      run,
    );
  };
