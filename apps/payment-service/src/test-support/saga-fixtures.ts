/** Test helpers: saga events in, payments, outbox rows and the provider's books out. */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  InventoryEvents,
  namespacedTopic,
  OrderEvents,
  parseCardTokenPublicKey,
  sealCardToken,
  type EventDefinition,
  type EventPayload,
  type SealedCardToken,
} from '@shop/contracts';
import { createCloudEvent, toKafkaHeaders, type CloudEvent } from '@shop/messaging';
import type { RunningTestService } from '@shop/service-testing';
import { eventually } from '@shop/testing';
import { expect } from 'vitest';
import type { PaymentConfig } from '../config.js';

export type PaymentTestService = RunningTestService<PaymentConfig>;

/** Fast retries and polls, so a test sees a backoff in milliseconds. */
export const fastWorkerEnv = {
  PAYMENT_RETRY_BASE_MS: '50',
  PAYMENT_RETRY_MAX_MS: '300',
  PAYMENT_WORKER_POLL_MS: '100',
} as const;

/** Publishes a saga event as its producing service would (CloudEvents binary binding, keyed by order). */
export async function publish<D extends EventDefinition>(
  service: PaymentTestService,
  definition: D,
  data: EventPayload<D>,
  event?: CloudEvent<EventPayload<D>>,
): Promise<CloudEvent<EventPayload<D>>> {
  const orderId = (data as { order_id: string }).order_id;
  const cloudEvent =
    event ?? createCloudEvent('test', { type: definition.type, subject: orderId, correlationId: orderId, data });
  await service.infra.publisher.publish([
    {
      topic: namespacedTopic(definition.topic, service.config.KAFKA_TOPIC_NAMESPACE),
      key: orderId,
      value: JSON.stringify(data),
      headers: toKafkaHeaders(cloudEvent),
    },
  ]);
  return cloudEvent;
}

/** The public half of the key the service under test opens card tokens with (the development pair). */
const cardTokenPublicKey = parseCardTokenPublicKey(
  readFileSync(resolve(import.meta.dirname, '../../../../.dev-keys/card-token-public.pem'), 'utf8'),
);

/** A card token sealed for the service under test, as the order service seals it. */
export const sealedFor = (orderId: string, token: string): SealedCardToken =>
  sealCardToken(token, cardTokenPublicKey, orderId);

export const orderPlaced = (
  orderId: string,
  token: string,
  totalCents = 3405,
): EventPayload<typeof OrderEvents.OrderPlaced> => ({
  order_id: orderId,
  user_id: randomUUID(),
  items: [{ product_id: randomUUID(), quantity: 2, unit_price_cents: 1299 }],
  total_cents: totalCents,
  currency: 'USD',
  payment_method: { type: 'card', sealed_token: sealedFor(orderId, token) },
});

export const inventoryReserved = (orderId: string): EventPayload<typeof InventoryEvents.InventoryReserved> => ({
  order_id: orderId,
  lines: [{ product_id: randomUUID(), quantity: 2 }],
  expires_at: new Date(Date.now() + 15 * 60_000).toISOString(),
});

export const orderCancelled = (
  orderId: string,
  previous: 'pending' | 'confirmed' | 'shipped' = 'pending',
): EventPayload<typeof OrderEvents.OrderCancelled> => ({
  order_id: orderId,
  user_id: randomUUID(),
  previous_status: previous,
  reason: previous === 'pending' ? 'reservation_expired' : 'support_request',
});

export const orderShipped = (orderId: string): EventPayload<typeof OrderEvents.OrderStatusChanged> => ({
  order_id: orderId,
  user_id: randomUUID(),
  from: 'processing',
  to: 'shipped',
  carrier: 'UPS',
  tracking_number: '1Z999AA10123456784',
});

/** Places an order whose stock is reserved: the payment becomes due for authorization. */
export async function placeReservedOrder(service: PaymentTestService, token: string): Promise<string> {
  const orderId = randomUUID();
  await publish(service, OrderEvents.OrderPlaced, orderPlaced(orderId, token));
  await publish(service, InventoryEvents.InventoryReserved, inventoryReserved(orderId));
  return orderId;
}

export interface PaymentRow {
  payment_id: string;
  status: string;
  transaction_id: string | null;
  attempt_count: number;
  authorization_sent_at: Date | null;
  method_description: string | null;
  amount_cents: number;
}

export async function paymentOf(service: PaymentTestService, orderId: string): Promise<PaymentRow | undefined> {
  const { rows } = await service.infra.pool.query<PaymentRow>(
    `SELECT payment_id, status, transaction_id, attempt_count, authorization_sent_at, method_description, amount_cents
       FROM payments WHERE order_id = $1`,
    [orderId],
  );
  return rows[0];
}

export async function attemptsOf(
  service: PaymentTestService,
  paymentId: string,
): Promise<{ operation: string; outcome: string; error_code: string | null }[]> {
  const { rows } = await service.infra.pool.query(
    `SELECT operation, outcome, error_code FROM payment_attempts WHERE payment_id = $1 ORDER BY created_at, attempt_id`,
    [paymentId],
  );
  return rows;
}

/** The events the service wrote for an order, in order (the relay publishes exactly these). */
export async function eventsOf(
  service: PaymentTestService,
  orderId: string,
): Promise<{ type: string; payload: Record<string, unknown> }[]> {
  const { rows } = await service.infra.pool.query<{ event_type: string; payload: Record<string, unknown> }>(
    `SELECT event_type, payload FROM outbox WHERE message_key = $1 ORDER BY id`,
    [orderId],
  );
  return rows.map((r) => ({ type: r.event_type, payload: r.payload }));
}

export const typesOf = (events: readonly { type: string }[]): string[] =>
  events.map((e) => e.type.replace(/^com\.shop\.payment\.|\.v1$/g, ''));

export interface LedgerPage {
  requests: number;
  authorizations: { transaction_id: string; status: string; amount_cents: number; history: { status: string }[] }[];
}

/** The provider's books for one idempotency key (the payment id), over its HTTP test hook. */
export async function ledgerOf(providerUrl: string, paymentId: string): Promise<LedgerPage> {
  const response = await fetch(new URL(`/v1/ledger?idempotency_key=${paymentId}`, providerUrl));
  return (await response.json()) as LedgerPage;
}

/** Resolves once the service's saga consumer has applied (or skipped as a duplicate) this event. */
export async function consumed(service: PaymentTestService, event: Pick<CloudEvent, 'id'>): Promise<void> {
  await eventually(async () => {
    const { rows } = await service.infra.pool.query(`SELECT 1 FROM processed_events WHERE event_id = $1`, [event.id]);
    expect(rows).toHaveLength(1);
  });
}
