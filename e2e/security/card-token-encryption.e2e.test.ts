import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { namespacedTopic, OrderEvents, SealedCardToken, Topics, type ServiceName } from '@shop/contracts';
import { createKafka } from '@shop/messaging';
import { readMessages } from '@shop/messaging/testing';
import { eventually, testServers } from '@shop/testing';
import { call, createProduct, newCustomer, shippingAddress } from '../support/api.js';
import { startStack, type Stack } from '../support/stack.js';

/** Every consumer of orders.events runs, so each could have stored what it read. */
const stackServices: ServiceName[] = ['inventory-service', 'order-service', 'payment-service', 'notification-service'];

/**
 * The card token leaves the order service's edge sealed for the payment service alone
 * (docs/security.md): an order placed through the stack confirms — payment could open the token —
 * while the token appears nowhere else: not on orders.events as a plain Kafka reader sees it, not
 * in any row of any service's schema (the order, its outbox, the replicas, the payment), not in
 * the answers.
 */
describe('card tokens, end to end', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ services: stackServices, portBase: 7300 });
  }, 180_000);
  afterAll(async () => {
    await stack?.stop();
  });

  /** Every row of every table in the stack's schemas, as text. */
  async function everythingStored(): Promise<string> {
    const tables = await stack.query<{ schema: string; name: string }>(
      `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
        WHERE table_schema = ANY($1::text[]) AND table_type = 'BASE TABLE'`,
      [Object.values(stack.schemas)],
    );
    expect(tables.length).toBeGreaterThan(stackServices.length);
    const rows = await Promise.all(
      tables.map(({ schema, name }) =>
        stack.query<{ row: string }>(`SELECT to_jsonb(t)::text AS row FROM "${schema}"."${name}" t`),
      ),
    );
    return rows.flatMap((r) => r.map((x) => x.row)).join('\n');
  }

  it('confirms an order whose card token no one but the payment service can read', async () => {
    const token = `tok_visa_${String(randomInt(1000, 10_000))}`;
    const productId = await createProduct(stack, { name: 'Sealed envelope', price: 4.5, stock: 5 });
    const ada = newCustomer();
    const orders = stack.url('order-service');
    const placed = await call(
      orders,
      'POST',
      '/api/v1/orders',
      { ...ada.headers, prefer: 'wait=10' },
      {
        items: [{ product_id: productId, quantity: 1 }],
        shipping_address: shippingAddress,
        payment_method: { type: 'card', token },
      },
    );
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    expect(placed.body).toMatchObject({ status: 'confirmed', payment: { status: 'authorized' } });
    const orderId = placed.body.order_id as string;
    const read = await call(orders, 'GET', `/api/v1/orders/${orderId}`, ada.headers);
    expect(read.status).toBe(200);

    // The topic as any reader with access to it sees it: this stack's OrderPlaced and OrderConfirmed.
    const kafka = createKafka({ brokers: testServers.kafkaBrokers, clientId: `card-token-${stack.namespace}` });
    const messages = await readMessages(kafka, namespacedTopic(Topics.orders, stack.namespace), 2);
    const onTopic = messages.map((m) => ({ type: m.headers?.ce_type?.toString(), value: m.value?.toString() ?? '' }));
    const orderPlaced = onTopic.find((m) => m.type === OrderEvents.OrderPlaced.type);
    expect(orderPlaced).toBeDefined();
    const payment = JSON.parse(orderPlaced!.value).payment_method;
    expect(payment.type).toBe('card');
    expect(SealedCardToken.safeParse(payment.sealed_token).success).toBe(true);
    for (const message of onTopic) expect(message.value).not.toContain(token);

    // Every row the four services hold once each consumer of orders.events has handled OrderPlaced.
    const placedEventId = messages
      .find((m) => m.headers?.ce_type?.toString() === OrderEvents.OrderPlaced.type)!
      .headers!.ce_id!.toString();
    for (const service of ['inventory-service', 'payment-service', 'notification-service'] as const) {
      await eventually(async () => {
        const handled = await stack.query(
          `SELECT 1 FROM "${stack.schemas[service]}".processed_events WHERE event_id = $1`,
          [placedEventId],
        );
        expect(handled, service).toHaveLength(1);
      }, 30_000);
    }
    const stored = await everythingStored();
    expect(stored).toContain(orderId);
    expect(stored).not.toContain(token);
    expect(JSON.stringify(placed.body)).not.toContain(token);
    expect(JSON.stringify(read.body)).not.toContain(token);
  });
});
