import type { LoggerLike, OutboxWriter, PreparedOutboxEvent } from '@shop/messaging';
import type { Sql } from '@shop/persistence';
import type { InventoryEvent } from '../domain/inventory-events.js';
import type { SagaRefusals } from '@shop/telemetry';

export interface ReservationDeps {
  readonly outbox: OutboxWriter;
  /** How long a hold lives before the sweeper gives it back (RESERVATION_TTL_SECONDS). */
  readonly ttlSeconds: number;
  readonly clock: () => Date;
  readonly logger: LoggerLike;
  readonly refusals: SagaRefusals;
}

/** Saga events are keyed and correlated by the order, and caused by the event being handled. */
export const sagaEnvelope = (orderId: string, causationId?: string) => ({
  subject: orderId,
  correlationId: orderId,
  ...(causationId ? { causationId } : {}),
});

/** A decision's event as an outbox row of the order's saga, for the statement that writes its change. */
export const prepareSagaEvent = (
  outbox: OutboxWriter,
  event: InventoryEvent,
  orderId: string,
  causationId?: string,
): PreparedOutboxEvent<unknown> =>
  outbox.prepare(event.definition, { ...sagaEnvelope(orderId, causationId), data: event.data });

/** A decision's event written on its own, when the decision changes nothing else. */
export async function addSagaEvent(
  outbox: OutboxWriter,
  tx: Sql,
  event: InventoryEvent,
  orderId: string,
  causationId?: string,
): Promise<void> {
  await outbox.add(tx, event.definition, { ...sagaEnvelope(orderId, causationId), data: event.data });
}
