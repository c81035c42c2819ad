import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InventoryEvents, OrderEvents, type EventDefinition, type EventPayload } from '@shop/contracts';
import { createCloudEvent } from '@shop/messaging';
import { createTestEnvironment, type TestEnvironment } from '@shop/service-testing';
import { createLogger, createMetrics } from '@shop/telemetry';
import { eventually } from '@shop/testing';
import { startProviderSimulator, type RunningSimulator } from '@shop/card-provider-simulator';
import { paymentService } from '../service.js';
import {
  fastWorkerEnv,
  inventoryReserved,
  orderCancelled,
  orderPlaced,
  orderShipped,
  paymentOf,
  type PaymentTestService,
} from '../test-support/saga-fixtures.js';
import { paymentSagaSubscriptions } from './payment-saga.subscriptions.js';
import { transactions } from '@shop/persistence';

/**
 * The saga consumer's own handlers, each in its transaction with its inbox row, on the service's
 * schema (whose worker calls the provider), counting refusals on a registry made as the service's.
 */
describe('saga events the payment refuses are counted; late or repeated ones are not', () => {
  let env: TestEnvironment;
  let simulator: RunningSimulator;
  let service: PaymentTestService;

  beforeAll(async () => {
    simulator = await startProviderSimulator();
    env = await createTestEnvironment();
    service = await env.start(paymentService, { ...fastWorkerEnv, PROVIDER_URL: simulator.url });
  });
  afterAll(async () => {
    await env?.stop();
    await simulator?.close();
  });

  /** A consumer with a registry of its own, so that each test reads only what it caused. */
  function consumer() {
    const metrics = createMetrics('payment-service');
    const { registry } = metrics;
    const subscriptions = paymentSagaSubscriptions({
      transactions: transactions(service.infra.pool),
      schema: service.config.DATABASE_SCHEMA,
      outbox: service.infra.outbox,
      retry: { baseMs: 50, maxMs: 300 },
      logger: createLogger('saga-refusals-test', 'silent'),
      refusals: metrics.sagaEventsRefused,
    });
    const handle = <D extends EventDefinition>(definition: D, data: EventPayload<D> & { order_id: string }) =>
      subscriptions
        .find((s) => s.definition.type === definition.type)!
        .handle(createCloudEvent('test', { type: definition.type, subject: data.order_id, data }));
    const refused = async () => (await registry.getSingleMetric('saga_events_refused_total')!.get()).values;
    return { handle, refused };
  }
  const statusBecomes = (orderId: string, status: string) =>
    eventually(async () => expect((await paymentOf(service, orderId))?.status).toBe(status));
  const shipped = OrderEvents.OrderStatusChanged.type;

  it('refuses a shipment without an authorization to capture, or without a payment at all', async () => {
    const { handle, refused } = consumer();
    const unpaid = randomUUID();
    await handle(OrderEvents.OrderPlaced, orderPlaced(unpaid, 'tok_visa_4242'));
    await handle(OrderEvents.OrderStatusChanged, orderShipped(unpaid));
    expect((await paymentOf(service, unpaid))?.status).toBe('pending');
    await handle(OrderEvents.OrderStatusChanged, orderShipped(randomUUID()));

    const byReason = (await refused()).sort((a, b) => String(a.labels.reason).localeCompare(String(b.labels.reason)));
    expect(byReason).toEqual([
      { labels: { type: shipped, reason: 'no_payment' }, value: 1 },
      { labels: { type: shipped, reason: 'payment_not_authorized' }, value: 1 },
    ]);
  });

  it('counts nothing for a late cancel or reservation, an order placed again, or a repeated shipment', async () => {
    const { handle, refused } = consumer();
    const cancelled = randomUUID();
    const placed = orderPlaced(cancelled, 'tok_visa_4242');
    await handle(OrderEvents.OrderPlaced, placed);
    await handle(OrderEvents.OrderCancelled, orderCancelled(cancelled));
    await handle(OrderEvents.OrderCancelled, orderCancelled(cancelled));
    await handle(InventoryEvents.InventoryReserved, inventoryReserved(cancelled));
    await handle(OrderEvents.OrderPlaced, placed);
    expect((await paymentOf(service, cancelled))?.status).toBe('cancelled');

    const captured = randomUUID();
    await handle(OrderEvents.OrderPlaced, orderPlaced(captured, 'tok_visa_4242'));
    await handle(InventoryEvents.InventoryReserved, inventoryReserved(captured));
    await statusBecomes(captured, 'authorized');
    await handle(OrderEvents.OrderStatusChanged, orderShipped(captured));
    await statusBecomes(captured, 'captured');
    await handle(OrderEvents.OrderStatusChanged, orderShipped(captured));
    expect((await paymentOf(service, captured))?.status).toBe('captured');
    expect(await refused()).toEqual([]);
  });
});
