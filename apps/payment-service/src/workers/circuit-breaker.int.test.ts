import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnvironment, type TestEnvironment } from '@shop/service-testing';
import { eventually, metricValue } from '@shop/testing';
import { startProviderSimulator, type RunningSimulator } from '@shop/card-provider-simulator';
import { paymentService } from '../service.js';
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

describe('payment worker behind the circuit breaker', () => {
  let env: TestEnvironment;
  let simulator: RunningSimulator;
  let service: PaymentTestService;

  beforeAll(async () => {
    simulator = await startProviderSimulator({ timeoutDelayMs: 3000 });
    env = await createTestEnvironment();
    service = await env.start(paymentService, {
      ...fastWorkerEnv,
      PROVIDER_URL: simulator.url,
      PROVIDER_TIMEOUT_MS: '200',
      PROVIDER_BREAKER_VOLUME_THRESHOLD: '3',
      PROVIDER_BREAKER_ERROR_PERCENTAGE: '50',
      PROVIDER_BREAKER_RESET_TIMEOUT_MS: '1500',
    });
  });
  afterAll(async () => {
    await env?.stop();
    await simulator?.close();
  });

  const circuitState = async (): Promise<number> => {
    const metrics = await service.infra.metrics.registry.metrics();
    return metricValue(metrics, 'payment_provider_circuit_state');
  };

  it('timeouts are retried, the circuit opens after repeated failures, payments wait for it, not fail', async () => {
    expect(await circuitState()).toBe(0);
    const stuckOrder = await placeReservedOrder(service, 'tok_timeout');
    const stuck = await eventually(async () => {
      const row = await paymentOf(service, stuckOrder);
      const timeouts = (await attemptsOf(service, row!.payment_id)).filter((a) => a.outcome === 'timeout');
      expect(timeouts.length).toBeGreaterThanOrEqual(3);
      expect(await circuitState()).toBe(2);
      return row!;
    });
    expect(stuck.status).toBe('authorizing');

    // A good card placed while the circuit is open waits: its attempts are refused before they leave.
    const waitingOrder = await placeReservedOrder(service, 'tok_visa_4242');
    const waiting = await eventually(async () => {
      const row = await paymentOf(service, waitingOrder);
      const [first] = await attemptsOf(service, row!.payment_id);
      expect(first).toEqual({ operation: 'authorize', outcome: 'circuit_open', error_code: 'circuit_open' });
      return row!;
    });
    expect(waiting).toMatchObject({ status: 'authorizing', authorization_sent_at: null });

    // Half-open trials go out; once one of them is the good card, it is authorized and the circuit closes.
    const authorized = await eventually(
      async () => {
        const row = await paymentOf(service, waitingOrder);
        expect(row?.status).toBe('authorized');
        return row!;
      },
      40_000,
      100,
    );
    const attempts = (await attemptsOf(service, authorized.payment_id)).map((a) => a.outcome);
    expect(attempts.at(-1)).toBe('succeeded');
    expect(attempts.slice(0, -1).every((o) => o === 'circuit_open')).toBe(true);
    expect((await ledgerOf(simulator.url, authorized.payment_id)).authorizations).toHaveLength(1);

    // The timing-out payment never failed the order by itself: no PaymentFailed, still waiting.
    expect((await paymentOf(service, stuckOrder))?.status).toBe('authorizing');
    expect(typesOf(await eventsOf(service, stuckOrder))).toEqual([]);
  });
});
