import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InventoryEvents, PaymentEvents, type EventDefinition, type EventPayload } from '@shop/contracts';
import { createCloudEvent } from '@shop/messaging';
import { createLogger, createMetrics } from '@shop/telemetry';
import { orderDatabase } from '../persistence/database.js';
import { customer } from '../test-support/order-fixture.js';
import { startOrdersApi, type OrdersApi } from '../test-support/orders-api.js';
import { sagaSubscriptions } from './saga.subscriptions.js';

/**
 * The saga consumer's own handlers, each in its transaction with its inbox row, on the service's
 * schema, counting refusals on a registry made as the service makes its own.
 */
describe('saga events that change nothing are not counted as refused', () => {
  let api: OrdersApi;
  let registry: ReturnType<typeof createMetrics>['registry'];
  let handle: <D extends EventDefinition>(definition: D, data: EventPayload<D> & { order_id: string }) => Promise<void>;

  beforeAll(async () => {
    api = await startOrdersApi();
    const metrics = createMetrics('order-service');
    registry = metrics.registry;
    const { orders } = api;
    const subscriptions = sagaSubscriptions({
      persistence: orderDatabase(orders.infra.pool, orders.config.DATABASE_SCHEMA),
      transitions: { outbox: orders.infra.outbox, policy: { cancellationWindowMs: 3_600_000 } },
      logger: createLogger('saga-refusals-test', 'silent'),
      refusals: metrics.sagaEventsRefused,
    });
    handle = (definition, data) =>
      subscriptions
        .find((s) => s.definition.type === definition.type)!
        .handle(createCloudEvent('test', { type: definition.type, subject: data.order_id, data }));
  });
  afterAll(() => api.env.stop());

  const refused = async () => (await registry.getSingleMetric('saga_events_refused_total')!.get()).values;
  const stateOf = async (orderId: string) =>
    (await api.orders.db.pool.query('SELECT status, payment_status FROM orders WHERE order_id = $1', [orderId]))
      .rows[0];
  const placed = async () => (await api.place(api.basket(), customer())).json().order_id as string;
  const payment = (orderId: string) => ({
    order_id: orderId,
    payment_id: randomUUID(),
    amount_cents: 8865,
    currency: 'USD',
  });
  const authorized = (orderId: string) => ({
    ...payment(orderId),
    transaction_id: `txn_${randomUUID()}`,
    method: 'Visa ending in 4242',
  });

  it('a late authorization or failure of a cancelled order records the payment and counts nothing', async () => {
    const orderId = await placed();
    await handle(InventoryEvents.ReservationExpired, { order_id: orderId, expired_at: new Date().toISOString() });
    expect(await stateOf(orderId)).toMatchObject({ status: 'cancelled' });

    await handle(PaymentEvents.PaymentAuthorized, authorized(orderId));
    expect(await stateOf(orderId)).toEqual({ status: 'cancelled', payment_status: 'authorized' });
    await handle(PaymentEvents.PaymentFailed, { ...payment(orderId), code: 'card_declined', message: 'Declined' });
    expect(await stateOf(orderId)).toEqual({ status: 'cancelled', payment_status: 'failed' });
    expect(await refused()).toEqual([]);
  });

  it('a second authorization of a confirmed order counts nothing', async () => {
    const orderId = await placed();
    await handle(PaymentEvents.PaymentAuthorized, authorized(orderId));
    expect(await stateOf(orderId)).toEqual({ status: 'confirmed', payment_status: 'authorized' });
    await handle(PaymentEvents.PaymentAuthorized, authorized(orderId));
    await handle(InventoryEvents.ReservationExpired, { order_id: orderId, expired_at: new Date().toISOString() });
    expect(await stateOf(orderId)).toEqual({ status: 'confirmed', payment_status: 'authorized' });
    expect(await refused()).toEqual([]);
  });
});
