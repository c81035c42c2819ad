import { InventoryEvents, type EventPayload, type OrderEvents } from '@shop/contracts';
import { PermanentError, type CloudEvent } from '@shop/messaging';
import { decideConfirmation } from '../domain/hold.js';
import { holdStore } from '../persistence/hold.repository.js';
import { writeHolds } from '../persistence/hold-writes.js';
import { stockStore } from '../persistence/stock.repository.js';
import type { StockSql } from '../persistence/transaction.js';
import { sagaEnvelope, type ReservationDeps } from './deps.js';

type OrderConfirmed = EventPayload<typeof OrderEvents.OrderConfirmed>;

/**
 * OrderConfirmed → the hold becomes a sale: stock_on_hand and reserved both drop; rows 'committed'.
 * A hold the sweeper already expired is taken again from what is available now; if it is gone,
 * nothing is committed and InventoryReservationFailed tells the order service (which cancels and
 * voids the payment) — never an oversell.
 * Undone by: release-order (OrderCancelled restocks committed lines).
 */
export const commitOrder =
  (deps: ReservationDeps) =>
  async (tx: StockSql, event: CloudEvent<OrderConfirmed>): Promise<void> => {
    const orderId = event.data.order_id;
    const holds = holdStore(tx);
    const lines = await holds.lockOrder(orderId);
    // Payment is only authorised after InventoryReserved, so a confirmed order without any
    // reservation is a broken saga: park it in the dead-letter topic for a human.
    if (lines.length === 0) throw new PermanentError(`OrderConfirmed for order ${orderId}, which has no reservation`);

    const stock = stockStore(tx);
    const pending = lines.filter((h) => h.status === 'held' || h.status === 'expired').map((h) => h.productId);
    const decision = decideConfirmation(lines, await stock.lock(pending));
    switch (decision.outcome) {
      case 'unchanged':
        return;
      case 'rejected': {
        const { reason, productId, requested, available } = decision.failure;
        deps.logger.warn({ orderId, productId, requested, available }, 'confirmed order lost its expired hold and the stock is gone');
        await deps.outbox.add(tx, InventoryEvents.InventoryReservationFailed, {
          ...sagaEnvelope(orderId, event.id),
          data: { order_id: orderId, reason, product_id: productId, requested, available },
        });
        return;
      }
      case 'committed':
        await writeHolds(tx, { orderId, movements: decision.movements, holds: { kind: 'status', productIds: decision.productIds, status: decision.status } });
    }
  };
