import type { EventPayload, OrderEvents } from '@shop/contracts';

interface Emitted<D> {
  readonly definition: D;
  readonly data: EventPayload<D>;
}

/**
 * An event a decision produces, as data: the use case that persists the decision hands it to the
 * outbox (which gives it its id, time and envelope) in the same transaction.
 */
export type OrderEvent =
  | Emitted<typeof OrderEvents.OrderPlaced>
  | Emitted<typeof OrderEvents.OrderConfirmed>
  | Emitted<typeof OrderEvents.OrderCancelled>
  | Emitted<typeof OrderEvents.OrderStatusChanged>;
