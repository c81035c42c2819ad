import { OrderEvents, type EventPayload } from '@shop/contracts';
import type { CloudEvent, LockFirst } from '@shop/messaging';
import { emptyRun, recordHolds, type ReservationRun } from '../domain/reservation-run.js';
import { holdStore } from '../persistence/hold.repository.js';
import { stockStore } from '../persistence/stock.repository.js';

type OrderPlaced = EventPayload<typeof OrderEvents.OrderPlaced>;

/**
 * Before a run of orders events is applied in one transaction: lock the run's reservations (the
 * order the handlers and the sweeper take them in: reservations before stock), then every product
 * any of its events will touch, in product-id order, in one statement. The handlers then lock
 * nothing new, so two partitions' runs queue on each other instead of deadlocking, however their
 * orders' products interleave. What the two reads return is the run's state, handed to every
 * handler of the run: they decide on it instead of reading the rows again.
 */
export const lockRunFirst: LockFirst<ReservationRun> = async (tx, events) => {
  const run = emptyRun();
  const orderIds = [...new Set(events.map((e) => (e.data as { order_id: string }).order_id))].sort();
  const holds = await holdStore(tx).lockOrders(orderIds);
  for (const [orderId, lines] of holds) recordHolds(run, orderId, lines);
  const ordered = events.filter((e) => e.type === OrderEvents.OrderPlaced.type) as CloudEvent<OrderPlaced>[];
  const held = [...holds.values()].flatMap((lines) => lines.map((h) => h.productId));
  const productIds = [...new Set([...held, ...ordered.flatMap((e) => e.data.items.map((i) => i.product_id))])];
  await stockStore(tx).lock(productIds, run);
  return run;
};
