/** Helpers for the inventory service's integration tests: real service, real servers, no fakes. */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createSigner } from 'fast-jwt';
import {
  generateCardTokenKeyPair,
  InventoryHttp,
  namespacedTopic,
  parseCardTokenPublicKey,
  sealCardToken,
  type EventDefinition,
  type EventPayload,
  type OrderEvents,
} from '@shop/contracts';
import { createCloudEvent, toKafkaHeaders, type CloudEvent } from '@shop/messaging';
import type { RunningTestService, TestEnvironment } from '@shop/service-testing';
import { bearer, signAccessToken } from '@shop/testing';
import type { InventoryConfig } from '../config.js';

export type InventoryUnderTest = RunningTestService<InventoryConfig>;

/** The test's own connection to the service's schema. */
type TestPool = InventoryUnderTest['db']['pool'];

export const adminId = randomUUID();
export const asAdmin = () => bearer(signAccessToken({ sub: adminId, roles: ['admin'] }));
export const asCustomer = () => bearer(signAccessToken({ roles: ['customer'] }));

/**
 * An admin token, correctly signed, that expired a minute ago. (signAccessToken keeps the signer
 * of its first call, so its expiresInMs cannot make an expired token once another was signed.)
 */
export function expiredAdminToken(): string {
  const keyFile =
    process.env.JWT_PRIVATE_KEY_FILE ?? resolve(import.meta.dirname, '../../../../.dev-keys/jwt-private.pem');
  const sign = createSigner({ key: readFileSync(keyFile, 'utf8'), algorithm: 'RS256' });
  const now = Math.floor(Date.now() / 1000);
  return sign({ sub: adminId, roles: ['admin'], iat: now - 3600, exp: now - 60 });
}

/** A real admin token whose payload was changed after signing (claims another role). */
export function tamperedToken(): string {
  const [header, , signature] = signAccessToken({ roles: ['customer'] }).split('.');
  const payload = Buffer.from(JSON.stringify({ sub: adminId, roles: ['admin'] })).toString('base64url');
  return `${header}.${payload}.${signature}`;
}

/** Publishes an event as its owning service would, onto this environment's topic, keyed by its order. */
export function eventPublisher(service: InventoryUnderTest, env: TestEnvironment) {
  return async <D extends EventDefinition>(
    definition: D,
    data: EventPayload<D> & { order_id: string },
    id?: string,
  ): Promise<CloudEvent> => {
    const event = createCloudEvent('order-service', {
      type: definition.type,
      subject: data.order_id,
      correlationId: data.order_id,
      data,
      ...(id ? { id } : {}),
    });
    await service.infra.publisher.publish([
      {
        topic: namespacedTopic(definition.topic, env.namespace),
        key: data.order_id,
        value: JSON.stringify(data),
        headers: toKafkaHeaders(event),
      },
    ]);
    return event;
  };
}

/** Some payment service's key: inventory holds none, it only carries the sealed token past. */
const paymentServiceKey = parseCardTokenPublicKey(generateCardTokenKeyPair().publicKey);

export const orderPlaced = (
  orderId: string,
  lines: readonly (readonly [productId: string, quantity: number])[],
): EventPayload<typeof OrderEvents.OrderPlaced> => ({
  order_id: orderId,
  user_id: randomUUID(),
  items: lines.map(([product_id, quantity]) => ({ product_id, quantity, unit_price_cents: 1000 })),
  total_cents: lines.reduce((sum, [, q]) => sum + q * 1000, 0),
  currency: 'USD',
  payment_method: { type: 'card', sealed_token: sealCardToken('tok_visa_4242', paymentServiceKey, orderId) },
});

export const orderConfirmed = (orderId: string): EventPayload<typeof OrderEvents.OrderConfirmed> => ({
  order_id: orderId,
  user_id: randomUUID(),
  total_cents: 1000,
  currency: 'USD',
});

export const orderCancelled = (
  orderId: string,
  reason: EventPayload<typeof OrderEvents.OrderCancelled>['reason'],
  previousStatus: EventPayload<typeof OrderEvents.OrderCancelled>['previous_status'] = 'pending',
): EventPayload<typeof OrderEvents.OrderCancelled> => ({
  order_id: orderId,
  user_id: randomUUID(),
  previous_status: previousStatus,
  reason,
});

/** Creates a product through the API, as an admin would. */
export async function addProduct(
  service: InventoryUnderTest,
  body: Partial<InventoryHttp.CreateProductBody> = {},
): Promise<InventoryHttp.ProductResponse> {
  const response = await service.app.inject({
    method: 'POST',
    url: '/api/v1/products',
    headers: asAdmin(),
    payload: { sku: `SKU-${randomUUID()}`, name: 'Widget', price: 10, ...body },
  });
  if (response.statusCode !== 201) throw new Error(`could not create product: ${response.statusCode} ${response.body}`);
  return response.json();
}

export interface EmittedEvent {
  readonly type: string;
  readonly key: string;
  readonly data: Record<string, unknown>;
}

/** What the service wrote to its outbox (what it emitted, in commit order), optionally for one subject. */
export async function emitted(pool: TestPool, subject?: string): Promise<EmittedEvent[]> {
  const { rows } = await pool.query<{ type: string; key: string; data: Record<string, unknown> }>(
    `SELECT event_type AS type, message_key AS key, payload AS data FROM outbox
      WHERE $1::text IS NULL OR message_key = $1 ORDER BY id`,
    [subject ?? null],
  );
  return rows;
}

export async function stockOf(pool: TestPool, productId: string): Promise<{ on_hand: number; reserved: number }> {
  const { rows } = await pool.query(`SELECT stock_on_hand AS on_hand, reserved FROM products WHERE product_id = $1`, [
    productId,
  ]);
  return rows[0];
}

export async function holdsOf(
  pool: TestPool,
  orderId: string,
): Promise<
  { product_id: string; quantity: number; status: string; release_reason: string | null; expires_at: Date }[]
> {
  const { rows } = await pool.query(
    `SELECT product_id::text, quantity, status, release_reason, expires_at FROM reservations
      WHERE order_id = $1 ORDER BY product_id`,
    [orderId],
  );
  return rows;
}

export async function processedCount(pool: TestPool, eventId: string): Promise<number> {
  const { rows } = await pool.query(`SELECT count(*)::int AS n FROM processed_events WHERE event_id = $1`, [eventId]);
  return rows[0].n;
}
