import { InventoryEvents, type EventPayload, type OrderEvents } from '@shop/contracts';
import type { CloudEvent } from '@shop/messaging';
import { decideReservation } from '../domain/reservation.js';
import { holdStore } from '../persistence/hold.repository.js';
import { writeHolds } from '../persistence/hold-writes.js';
import { stockStore } from '../persistence/stock.repository.js';
import type { StockSql } from '../persistence/transaction.js';
import { sagaEnvelope, type ReservationDeps } from './deps.js';

type OrderPlaced = EventPayload<typeof OrderEvents.OrderPlaced>;

/**
 * OrderPlaced → hold every line of the order, or none.
 * Does:    reserved += quantity per product; one 'held' reservation row per product until
 *          now + TTL; emits InventoryReserved.
 * Or else: changes no stock and emits InventoryReservationFailed (the order is then cancelled).
 * Undone by: release-order (OrderCancelled) or the expiry sweeper (ReservationExpired).
 *
 * Why lock-then-decide rather than the seed's optimistic retry: all of this order's product rows
 * are locked up front (SELECT … FOR UPDATE, product-id order, one statement), the decision is a
 * pure function of what they hold, and the stock moves in one UPDATE. A failed order never
 * touched a counter, so there is nothing to undo and its failure event commits normally. Under
 * contention Postgres queues writers on the row lock either way — an optimistic `UPDATE … WHERE
 * version = v` that meets an uncommitted update waits for it just the same, then finds the
 * version moved and has to re-read, back off and retry. So each contender here waits once and
 * decides on committed truth, where optimistically N contenders cost up to N² attempts, sleeps,
 * and false "out of stock" answers when the retries run out: at least as fast, never wrong.
 */
export const reserveOrder =
  (deps: ReservationDeps) =>
  async (tx: StockSql, event: CloudEvent<OrderPlaced>): Promise<void> => {
    const orderId = event.data.order_id;
    const holds = holdStore(tx);
    // The same order placed again under another event id: its reservation already exists.
    if ((await holds.lockOrder(orderId)).length > 0) return;

    const stock = stockStore(tx);
    const lines = event.data.items.map((i) => ({ productId: i.product_id, quantity: i.quantity }));
    const levels = await stock.lock(lines.map((l) => l.productId));
    const decision = decideReservation({ lines, stock: levels, now: deps.clock(), ttlSeconds: deps.ttlSeconds });

    if (decision.outcome === 'rejected') {
      const { reason, productId, requested, available } = decision.failure;
      await deps.outbox.add(tx, InventoryEvents.InventoryReservationFailed, {
        ...sagaEnvelope(orderId, event.id),
        data: { order_id: orderId, reason, product_id: productId, requested, available },
      });
      return;
    }
    await writeHolds(tx, {
      orderId,
      movements: decision.movements,
      holds: { kind: 'new', lines: decision.lines, expiresAt: decision.expiresAt },
      event: deps.outbox.prepare(InventoryEvents.InventoryReserved, {
        ...sagaEnvelope(orderId, event.id),
        data: {
          order_id: orderId,
          lines: decision.lines.map((l) => ({ product_id: l.productId, quantity: l.quantity })),
          expires_at: decision.expiresAt.toISOString(),
        },
      }),
    });
  };
