import type { EventPayload, OrderEvents } from '@shop/contracts';
import { PermanentError, type CloudEvent } from '@shop/messaging';
import type { Sql } from '@shop/persistence';
import { decideConfirmation } from '../domain/hold.js';
import { inventoryReservationFailed } from '../domain/inventory-events.js';
import { emptyRun, type ReservationRun } from '../domain/reservation-run.js';
import { holdStore } from '../persistence/hold.repository.js';
import { stockStore } from '../persistence/stock.repository.js';
import { addSagaEvent, type ReservationDeps } from './reservation-deps.js';

type OrderConfirmed = EventPayload<typeof OrderEvents.OrderConfirmed>;

/**
 * OrderConfirmed → the hold becomes a sale: stock_on_hand and reserved both drop; rows 'committed'.
 * A hold the sweeper already expired is taken again from what is available now; if it is gone,
 * nothing is committed and InventoryReservationFailed tells the order service (which cancels and
 * voids the payment) — never an oversell.
 * A confirmation of an order whose reservation was released (it was cancelled) is refused: counted
 * in saga_events_refused_total, nothing changes.
 * Undone by: order-cancelled (OrderCancelled restocks committed lines).
 */
export const orderConfirmedConsumer =
  (deps: ReservationDeps) =>
  async (tx: Sql, event: CloudEvent<OrderConfirmed>, run: ReservationRun = emptyRun()): Promise<void> => {
    const orderId = event.data.order_id;
    const holds = holdStore(tx);
    const lines = await holds.lockOrder(orderId, run);
    // Payment is only authorised after InventoryReserved, so a confirmed order without any
    // reservation is a broken saga: park it in the dead-letter topic for a human.
    if (lines.length === 0) throw new PermanentError(`OrderConfirmed for order ${orderId}, which has no reservation`);

    const pending = lines.filter((h) => h.status === 'held' || h.status === 'expired').map((h) => h.productId);
    const decision = decideConfirmation(lines, await stockStore(tx).lock(pending, run));
    switch (decision.outcome) {
      case 'unchanged':
        // Committed lines: a repeated confirmation, nothing to do. Released lines: the order was
        // cancelled, and a cancelled order's stock is never taken again — a refusal, counted.
        if (lines.some((h) => h.status === 'released')) {
          deps.refusals.inc({ type: event.type, reason: 'reservation_released' });
          deps.logger.warn({ orderId }, 'OrderConfirmed for an order whose reservation was released; refused');
        }
        return;
      case 'rejected': {
        const { productId, requested, available } = decision.failure;
        deps.logger.warn(
          { orderId, productId, requested, available },
          'confirmed order lost its expired hold and the stock is gone',
        );
        await addSagaEvent(deps.outbox, tx, inventoryReservationFailed(orderId, decision.failure), orderId, event.id);
        return;
      }
      case 'committed':
        await holds.write(
          {
            orderId,
            movements: decision.movements,
            holds: { kind: 'status', productIds: decision.productIds, status: decision.status },
          },
          undefined,
          run,
        );
    }
  };
