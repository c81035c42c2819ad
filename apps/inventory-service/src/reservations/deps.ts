import type { LoggerLike, OutboxWriter } from '@shop/messaging';

export interface ReservationDeps {
  readonly outbox: OutboxWriter;
  /** How long a hold lives before the sweeper gives it back (RESERVATION_TTL_SECONDS). */
  readonly ttlSeconds: number;
  readonly clock: () => Date;
  readonly logger: LoggerLike;
}

/** Saga events are keyed and correlated by the order, and caused by the event being handled. */
export const sagaEnvelope = (orderId: string, causationId?: string) => ({
  subject: orderId,
  correlationId: orderId,
  ...(causationId ? { causationId } : {}),
});
