import { InventoryEvents, type EventDefinition, type EventPayload } from '@shop/contracts';
import type { OrderLine } from './reservation.js';
import type { ShortfallFailure } from './stock.js';

/** An event a decision produces: what it is and what it says; the caller hands it to the outbox. */
export interface InventoryEvent<D extends EventDefinition = EventDefinition> {
  readonly definition: D;
  readonly data: EventPayload<D>;
}

const event = <D extends EventDefinition>(definition: D, data: EventPayload<D>): InventoryEvent<D> => ({
  definition,
  data,
});

/** Every line of the order is held until `expiresAt`. */
export const inventoryReserved = (orderId: string, lines: readonly OrderLine[], expiresAt: Date) =>
  event(InventoryEvents.InventoryReserved, {
    order_id: orderId,
    lines: lines.map((l) => ({ product_id: l.productId, quantity: l.quantity })),
    expires_at: expiresAt.toISOString(),
  });

/** The order cannot be held (or, confirmed after its hold expired, no longer fits): the first line that does not. */
export const inventoryReservationFailed = (
  orderId: string,
  { reason, productId, requested, available }: ShortfallFailure,
) =>
  event(InventoryEvents.InventoryReservationFailed, {
    order_id: orderId,
    reason,
    product_id: productId,
    requested,
    available,
  });

/** The order's holds (or sold lines) went back on the shelf because the order was cancelled. */
export const reservationReleased = (
  orderId: string,
  reason: EventPayload<typeof InventoryEvents.ReservationReleased>['reason'],
) => event(InventoryEvents.ReservationReleased, { order_id: orderId, reason });

/** The order's holds lapsed at `expiredAt` and went back to available. */
export const reservationExpired = (orderId: string, expiredAt: Date) =>
  event(InventoryEvents.ReservationExpired, { order_id: orderId, expired_at: expiredAt.toISOString() });
