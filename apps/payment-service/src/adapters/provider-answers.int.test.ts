import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OrderEvents } from '@shop/contracts';
import { createTestEnvironment, type TestEnvironment } from '@shop/service-testing';
import { eventually } from '@shop/testing';
import { startProviderSimulator, type RunningSimulator } from '@shop/card-provider-simulator';
import { paymentService } from '../service.js';
import {
  attemptsOf,
  eventsOf,
  fastWorkerEnv,
  orderCancelled,
  orderShipped,
  placeReservedOrder,
  publish,
  typesOf,
  type PaymentTestService,
} from '../test-support/saga-fixtures.js';

/**
 * The provider answers for another amount or currency than the payment's: the worker never records
 * it as authorized, captured or refunded. An authorization fails once what the provider holds is
 * voided; a capture or refund waits in needs_attention with the reason, for a person to settle.
 */
describe('payment worker: a provider answer for other terms than asked', () => {
  const apiKey = `sk_${randomUUID()}`;
  let env: TestEnvironment;
  let simulator: RunningSimulator;
  let service: PaymentTestService;

  beforeAll(async () => {
    simulator = await startProviderSimulator({ apiKey });
    env = await createTestEnvironment();
    service = await env.start(paymentService, {
      ...fastWorkerEnv,
      PROVIDER_URL: simulator.url,
      PROVIDER_API_KEY: apiKey,
      PROVIDER_BREAKER_VOLUME_THRESHOLD: '1000',
    });
  });
  afterEach(() => simulator.controls.answerAll());
  afterAll(async () => {
    await env?.stop();
    await simulator?.close();
  });

  const paymentRow = async (orderId: string) => {
    const { rows } = await service.infra.pool.query<{
      payment_id: string;
      status: string;
      transaction_id: string | null;
      amount_cents: number;
      failure_code: string | null;
      failure_message: string | null;
      next_attempt_at: Date | null;
    }>(
      `SELECT payment_id, status, transaction_id, amount_cents, failure_code, failure_message, next_attempt_at
         FROM payments WHERE order_id = $1`,
      [orderId],
    );
    return rows[0];
  };
  const statusBecomes = (orderId: string, status: string) =>
    eventually(async () => {
      const row = await paymentRow(orderId);
      expect(row?.status).toBe(status);
      return row!;
    });
  const entryOf = (transactionId: string) => {
    const entries = simulator.controls.ledger.view().authorizations.filter((e) => e.transaction_id === transactionId);
    expect(entries).toHaveLength(1);
    return entries[0]!;
  };
  const authorizedOrder = async () => {
    const orderId = await placeReservedOrder(service, 'tok_visa_4242');
    return { orderId, authorized: await statusBecomes(orderId, 'authorized') };
  };

  it('authorization: failed, never authorized, and the authorization the provider made is voided', async () => {
    simulator.controls.misapplyNext('authorize', { amountCents: 1 });
    const orderId = await placeReservedOrder(service, 'tok_visa_4242');
    const failed = await statusBecomes(orderId, 'failed');

    expect(failed).toMatchObject({ transaction_id: null, failure_code: 'provider_amount_mismatch' });
    expect(failed.failure_message).toMatch(/voided/);
    expect(typesOf(await eventsOf(service, orderId))).toEqual(['failed']);
    const { authorizations } = simulator.controls.ledger.view(failed.payment_id);
    expect(authorizations.map((a) => a.status)).toEqual(['voided']);
    expect(authorizations[0]!.operations.map((o) => o.idempotency_key)).toEqual([
      failed.payment_id,
      `${failed.payment_id}:void`,
    ]);
  });

  it('capture: needs_attention with the reason, never captured, no PaymentCaptured', async () => {
    const { orderId, authorized } = await authorizedOrder();
    simulator.controls.misapplyNext('capture', { amountCents: authorized.amount_cents - 1 });
    await publish(service, OrderEvents.OrderStatusChanged, orderShipped(orderId));
    const parked = await statusBecomes(orderId, 'needs_attention');

    expect(parked).toMatchObject({ failure_code: 'provider_amount_mismatch', next_attempt_at: null });
    const attempts = await attemptsOf(service, authorized.payment_id);
    expect(attempts.map((a) => `${a.operation}:${a.outcome}:${a.error_code}`)).toEqual([
      'authorize:succeeded:null',
      'capture:declined:provider_amount_mismatch',
    ]);
    expect(typesOf(await eventsOf(service, orderId))).toEqual(['authorized']);
    expect(entryOf(authorized.transaction_id!).captured_cents).toBe(authorized.amount_cents - 1);
  });

  it('refund: needs_attention with the reason, never refunded, no PaymentRefunded', async () => {
    const { orderId, authorized } = await authorizedOrder();
    await publish(service, OrderEvents.OrderStatusChanged, orderShipped(orderId));
    await statusBecomes(orderId, 'captured');
    simulator.controls.misapplyNext('refund', { amountCents: authorized.amount_cents - 1 });
    await publish(service, OrderEvents.OrderCancelled, orderCancelled(orderId, 'shipped'));
    const parked = await statusBecomes(orderId, 'needs_attention');

    expect(parked).toMatchObject({ failure_code: 'provider_amount_mismatch', next_attempt_at: null });
    expect(typesOf(await eventsOf(service, orderId))).toEqual(['authorized', 'captured']);
    const counted = await service.infra.metrics.registry.getSingleMetricAsString('payments_needing_attention_total');
    expect(counted).toMatch(/^payments_needing_attention_total\{operation="refund"[^}]*\} 1$/m);
  });
});
