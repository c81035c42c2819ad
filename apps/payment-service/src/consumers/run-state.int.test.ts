import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InventoryEvents, OrderEvents, type EventDefinition } from '@shop/contracts';
import {
  applyRun,
  createCloudEvent,
  transactionalApplyOf,
  type RunItem,
  type TransactionalApply,
} from '@shop/messaging';
import { countingStatements } from '@shop/messaging/testing';
import { createTestEnvironment, type TestEnvironment } from '@shop/service-testing';
import { createLogger, createMetrics } from '@shop/telemetry';
import { startProviderSimulator, type RunningSimulator } from '@shop/card-provider-simulator';
import { paymentService } from '../service.js';
import {
  fastWorkerEnv,
  inventoryReserved,
  orderCancelled,
  orderPlaced,
  paymentOf,
  type PaymentTestService,
} from '../test-support/saga-fixtures.js';
import { paymentSagaSubscriptions } from './payment-saga.subscriptions.js';
import { transactions } from '@shop/persistence';

describe("a payment saga run's handlers decide on the payments locked for the run", () => {
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

  it('locks the run in two statements, then one per intent and per transition; later events see earlier', async () => {
    const count = { statements: 0 };
    const subscriptions = paymentSagaSubscriptions({
      transactions: transactions(service.infra.pool),
      schema: service.config.DATABASE_SCHEMA,
      outbox: service.infra.outbox,
      retry: { baseMs: 50, maxMs: 300 },
      logger: createLogger('run-state-test', 'silent'),
      refusals: createMetrics('payment-service').sagaEventsRefused,
    });
    const item = (definition: EventDefinition, data: { order_id: string }): RunItem => {
      const subscription = subscriptions.find((s) => s.definition.type === definition.type)!;
      const batch = transactionalApplyOf(subscription.handle)! as TransactionalApply;
      return {
        batch: {
          ...batch,
          runInTransaction: (work) => batch.runInTransaction((tx) => work(countingStatements(tx, count))),
        },
        event: createCloudEvent('test', { type: definition.type, subject: data.order_id, data }),
      };
    };
    const [first, second, third] = [randomUUID(), randomUUID(), randomUUID()];

    await applyRun([
      // The reservation of `third` comes first: it is remembered, and its intent starts authorizing.
      item(InventoryEvents.InventoryReserved, inventoryReserved(third)),
      ...[first, second, third].map((orderId) => item(OrderEvents.OrderPlaced, orderPlaced(orderId, 'tok_visa_4242'))),
      item(InventoryEvents.InventoryReserved, inventoryReserved(first)),
      item(OrderEvents.OrderCancelled, orderCancelled(second)),
    ]);

    // Claim, the orders' locks, their payments; then the early signal, three intents (each: its
    // signals taken, the insert), the authorization made due and the dropped intent.
    expect(count.statements).toBe(3 + 1 + 3 * 2 + 1 + 1);
    // Due for the worker (which may already have authorized them), or dropped.
    expect(['authorizing', 'authorized']).toContain((await paymentOf(service, first))?.status);
    expect((await paymentOf(service, second))?.status).toBe('cancelled');
    expect(['authorizing', 'authorized']).toContain((await paymentOf(service, third))?.status);
  });
});
