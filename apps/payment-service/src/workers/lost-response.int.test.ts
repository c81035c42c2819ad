import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OrderEvents } from '@shop/contracts';
import { createTestEnvironment, type TestEnvironment } from '@shop/service-testing';
import { eventually } from '@shop/testing';
import { startProviderSimulator, type LedgerEntry, type RunningSimulator } from '@shop/card-provider-simulator';
import { paymentService } from '../service.js';
import {
  attemptsOf,
  eventsOf,
  fastWorkerEnv,
  orderCancelled,
  orderShipped,
  paymentOf,
  placeReservedOrder,
  publish,
  typesOf,
  type PaymentTestService,
} from '../test-support/saga-fixtures.js';

/**
 * The provider acts, and its answer never comes back (the connection is cut): the worker sees a
 * network error and calls again. Under the same idempotency key the provider answers with what it
 * did the first time; without one it would act twice, or refuse the repeat and park the payment.
 */
describe('payment worker: a provider answer lost after the provider acted', () => {
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
  afterEach(() => simulator.controls.answerAll());
  afterAll(async () => {
    await env?.stop();
    await simulator?.close();
  });

  const statusBecomes = (orderId: string, status: string) =>
    eventually(async () => {
      const row = await paymentOf(service, orderId);
      expect(row?.status).toBe(status);
      return row!;
    });
  const entryOf = (transactionId: string): LedgerEntry => {
    const entries = simulator.controls.ledger.view().authorizations.filter((e) => e.transaction_id === transactionId);
    expect(entries).toHaveLength(1);
    return entries[0]!;
  };
  /** The operation reached the provider twice (the lost call and its retry), and took effect once. */
  const expectOneEffect = async (
    paymentId: string,
    transactionId: string,
    operation: 'void' | 'capture' | 'refund',
  ) => {
    const attempts = (await attemptsOf(service, paymentId)).filter((a) => a.operation === operation);
    expect(attempts.map((a) => `${a.outcome}:${a.error_code}`)).toEqual(['error:network_error', 'succeeded:null']);
    const effects = entryOf(transactionId).operations.filter((o) => o.operation === operation);
    expect(effects).toEqual([expect.objectContaining({ idempotency_key: `${paymentId}:${operation}` })]);
    expect(simulator.controls.ledger.view(`${paymentId}:${operation}`).requests).toBe(2);
  };

  it('void: voided once, PaymentVoided once', async () => {
    const orderId = await placeReservedOrder(service, 'tok_visa_4242');
    const authorized = await statusBecomes(orderId, 'authorized');
    simulator.controls.dropNextResponse('void');
    await publish(service, OrderEvents.OrderCancelled, orderCancelled(orderId, 'confirmed'));
    await statusBecomes(orderId, 'voided');

    await expectOneEffect(authorized.payment_id, authorized.transaction_id!, 'void');
    expect(entryOf(authorized.transaction_id!).status).toBe('voided');
    expect(typesOf(await eventsOf(service, orderId))).toEqual(['authorized', 'voided']);
  });

  it('capture: captured once, for the amount of the payment, PaymentCaptured once', async () => {
    const orderId = await placeReservedOrder(service, 'tok_visa_4242');
    const authorized = await statusBecomes(orderId, 'authorized');
    simulator.controls.dropNextResponse('capture');
    await publish(service, OrderEvents.OrderStatusChanged, orderShipped(orderId));
    await statusBecomes(orderId, 'captured');

    await expectOneEffect(authorized.payment_id, authorized.transaction_id!, 'capture');
    const entry = entryOf(authorized.transaction_id!);
    expect(entry).toMatchObject({ status: 'captured', captured_cents: authorized.amount_cents });
    expect(typesOf(await eventsOf(service, orderId))).toEqual(['authorized', 'captured']);
  });

  it('refund: refunded once, never more than was captured, PaymentRefunded once', async () => {
    const orderId = await placeReservedOrder(service, 'tok_visa_4242');
    const authorized = await statusBecomes(orderId, 'authorized');
    await publish(service, OrderEvents.OrderStatusChanged, orderShipped(orderId));
    await statusBecomes(orderId, 'captured');
    simulator.controls.dropNextResponse('refund');
    await publish(service, OrderEvents.OrderCancelled, orderCancelled(orderId, 'shipped'));
    await statusBecomes(orderId, 'refunded');

    await expectOneEffect(authorized.payment_id, authorized.transaction_id!, 'refund');
    const entry = entryOf(authorized.transaction_id!);
    const amount = authorized.amount_cents;
    expect(entry).toMatchObject({ status: 'refunded', captured_cents: amount, refunded_cents: amount });
    expect(typesOf(await eventsOf(service, orderId))).toEqual(['authorized', 'captured', 'refunded']);
  });
});
