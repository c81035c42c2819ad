import type { EventPayload, OrderEvents } from '@shop/contracts';
import type { CloudEvent } from '@shop/messaging';
import type { Sql } from '@shop/persistence';
import { inventoryReservationFailed, inventoryReserved } from '../domain/inventory-events.js';
import { decideReservation } from '../domain/reservation.js';
import { emptyRun, type ReservationRun } from '../domain/reservation-run.js';
import { holdStore } from '../persistence/hold.repository.js';
import { stockStore } from '../persistence/stock.repository.js';
import { addSagaEvent, prepareSagaEvent, type ReservationDeps } from './reservation-deps.js';

type OrderPlaced = EventPayload<typeof OrderEvents.OrderPlaced>;

/**
 * OrderPlaced → hold every line of the order, or none.
 * Does:    reserved += quantity per product; one 'held' reservation row per product until
 *          now + TTL; emits InventoryReserved.
 * Or else: changes no stock and emits InventoryReservationFailed (the order is then cancelled).
 * Undone by: order-cancelled (OrderCancelled) or the expiry sweeper (ReservationExpired).
 *
 * Why lock-then-decide rather than an optimistic retry: all of this order's product rows are
 * locked up front (SELECT … FOR UPDATE, product-id order, one statement), the decision is a
 * pure function of what they hold, and the stock moves in one UPDATE. A failed order never
 * touched a counter, so there is nothing to undo and its failure event commits normally. Under
 * contention Postgres queues writers on the row lock either way — an optimistic `UPDATE … WHERE
 * version = v` that meets an uncommitted update waits for it just the same, then finds the
 * version moved and has to re-read, back off and retry. So each contender here waits once and
 * decides on committed truth, where optimistically N contenders cost up to N² attempts, sleeps,
 * and false "out of stock" answers when the retries run out: at least as fast, never wrong.
 */
export const orderPlacedConsumer =
  (deps: ReservationDeps) =>
  async (tx: Sql, event: CloudEvent<OrderPlaced>, run: ReservationRun = emptyRun()): Promise<void> => {
    const orderId = event.data.order_id;
    const holds = holdStore(tx);
    // The same order placed again under another event id: its reservation already exists.
    if ((await holds.lockOrder(orderId, run)).length > 0) return;

    const lines = event.data.items.map((i) => ({ productId: i.product_id, quantity: i.quantity }));
    const levels = await stockStore(tx).lock(
      lines.map((l) => l.productId),
      run,
    );
    const decision = decideReservation({ lines, stock: levels, now: deps.clock(), ttlSeconds: deps.ttlSeconds });

    if (decision.outcome === 'rejected') {
      await addSagaEvent(deps.outbox, tx, inventoryReservationFailed(orderId, decision.failure), orderId, event.id);
      return;
    }
    await holds.write(
      {
        orderId,
        movements: decision.movements,
        holds: { kind: 'new', lines: decision.lines, expiresAt: decision.expiresAt },
      },
      prepareSagaEvent(deps.outbox, inventoryReserved(orderId, decision.lines, decision.expiresAt), orderId, event.id),
      run,
    );
  };
