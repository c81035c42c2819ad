import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnvironment, type TestEnvironment } from '@shop/service-testing';
import { createMetrics } from '@shop/telemetry';
import { eventually } from '@shop/testing';
import { startProviderSimulator, type RunningSimulator } from '@shop/card-provider-simulator';
import { buildPaymentParts, paymentService, type PaymentParts } from '../service.js';
import {
  attemptsOf,
  eventsOf,
  fastWorkerEnv,
  ledgerOf,
  paymentOf,
  placeReservedOrder,
  typesOf,
  type PaymentTestService,
} from '../test-support/saga-fixtures.js';

describe('authorization worker with two replicas', () => {
  let env: TestEnvironment;
  let simulator: RunningSimulator;
  let service: PaymentTestService;
  let replica: PaymentParts;
  const replicaMetrics = createMetrics('payment-service-replica');

  beforeAll(async () => {
    simulator = await startProviderSimulator();
    env = await createTestEnvironment();
    // Four calls in flight per worker at most: while the provider holds its answers, neither replica
    // can take all twelve, so both must claim — and the test shows they never claim the same one.
    service = await env.start(paymentService, {
      ...fastWorkerEnv,
      PAYMENT_WORKER_CONCURRENCY: '4',
      PROVIDER_URL: simulator.url,
      PROVIDER_TIMEOUT_MS: '5000',
      PROVIDER_BREAKER_VOLUME_THRESHOLD: '1000',
    });
    // A second worker on the same schema, as another replica of the service would run it.
    replica = buildPaymentParts({ ...service.infra, metrics: replicaMetrics }, service.config);
    await replica.worker.start();
  });
  afterAll(async () => {
    simulator?.controls.release();
    await replica?.worker.stop();
    replica?.provider.shutdown();
    await replica?.database.close();
    await env?.stop();
    await simulator?.close();
  });

  it('claims each due payment once: one provider request, one attempt, one PaymentAuthorized per order', async () => {
    // Slow answers keep both workers busy at once, so they really compete for the due payments.
    simulator.controls.hold();
    const orders = await Promise.all(Array.from({ length: 12 }, () => placeReservedOrder(service, 'tok_visa_4242')));
    await eventually(async () => {
      for (const orderId of orders) expect((await paymentOf(service, orderId))?.status).toBe('authorizing');
      expect(simulator.controls.held()).toBeGreaterThan(0);
    });
    await new Promise((r) => setTimeout(r, 300)).finally(() => simulator.controls.release());

    for (const orderId of orders) {
      const payment = await eventually(async () => {
        const row = await paymentOf(service, orderId);
        expect(row?.status).toBe('authorized');
        return row!;
      });
      const books = await ledgerOf(simulator.url, payment.payment_id);
      const charged = { requests: books.requests, authorizations: books.authorizations.length };
      expect(charged).toEqual({ requests: 1, authorizations: 1 });
      expect(await attemptsOf(service, payment.payment_id)).toHaveLength(1);
      expect(typesOf(await eventsOf(service, orderId))).toEqual(['authorized']);
    }
    // Both replicas did part of the work.
    const calls = async (registry: typeof replicaMetrics.registry) =>
      (await registry.getSingleMetric('payment_provider_calls_total')!.get()).values.reduce((n, v) => n + v.value, 0);
    const [mine, theirs] = [await calls(service.infra.metrics.registry), await calls(replicaMetrics.registry)];
    expect(mine + theirs).toBe(orders.length);
    expect(mine).toBeGreaterThan(0);
    expect(theirs).toBeGreaterThan(0);
  });
});

describe('authorization worker alone', () => {
  let env: TestEnvironment;
  let simulator: RunningSimulator;
  let service: PaymentTestService;

  beforeAll(async () => {
    simulator = await startProviderSimulator();
    env = await createTestEnvironment();
    service = await env.start(paymentService, {
      ...fastWorkerEnv,
      PROVIDER_URL: simulator.url,
      PROVIDER_TIMEOUT_MS: '5000',
      PROVIDER_BREAKER_VOLUME_THRESHOLD: '1000',
    });
  });
  afterAll(async () => {
    await env?.stop();
    await simulator?.close();
  });

  it('does not let a hanging provider call hold up the payments behind it', async () => {
    // tok_timeout waits out the 5 s client timeout; a good card placed after it must not wait with it.
    const hanging = await placeReservedOrder(service, 'tok_timeout');
    await eventually(async () => expect((await paymentOf(service, hanging))?.status).toBe('authorizing'));
    await new Promise((r) => setTimeout(r, 200));
    const started = Date.now();
    const good = await placeReservedOrder(service, 'tok_visa_4242');
    await eventually(async () => expect((await paymentOf(service, good))?.status).toBe('authorized'), 4000, 20);
    expect(Date.now() - started).toBeLessThan(3000);
  });
});
