import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { InventoryEvents, OrderEvents } from '@shop/contracts';
import { createTestEnvironment, type TestEnvironment } from '@shop/service-testing';
import { eventually } from '@shop/testing';
import { startProviderSimulator, type RunningSimulator } from '@shop/card-provider-simulator';
import { paymentService } from '../service.js';
import {
  attemptsOf,
  consumed,
  eventsOf,
  fastWorkerEnv,
  inventoryReserved,
  ledgerOf,
  orderCancelled,
  orderPlaced,
  orderShipped,
  paymentOf,
  placeReservedOrder,
  publish,
  typesOf,
  type PaymentTestService,
} from '../test-support/saga-fixtures.js';

describe('payment saga: capture and compensations', () => {
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
  afterEach(() => {
    // A failed test must not leave the provider held or down for the next one.
    simulator.controls.release();
    simulator.controls.outage(false);
  });
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

  it('cancel before authorization: the intent is dropped and nothing is ever charged', async () => {
    const orderId = randomUUID();
    await publish(service, OrderEvents.OrderPlaced, orderPlaced(orderId, 'tok_visa_4242'));
    await statusBecomes(orderId, 'pending');
    await publish(service, OrderEvents.OrderCancelled, orderCancelled(orderId));
    const payment = await statusBecomes(orderId, 'cancelled');

    // A late reservation (the other topic) must not revive it.
    await consumed(service, await publish(service, InventoryEvents.InventoryReserved, inventoryReserved(orderId)));
    await new Promise((r) => setTimeout(r, 300));
    expect(await paymentOf(service, orderId)).toMatchObject({ status: 'cancelled', authorization_sent_at: null });
    expect(await attemptsOf(service, payment.payment_id)).toEqual([]);
    expect((await ledgerOf(simulator.url, payment.payment_id)).requests).toBe(0);
    expect(await eventsOf(service, orderId)).toEqual([]);
  });

  it('cancel after authorization: the authorization is voided at the provider, PaymentVoided published', async () => {
    const orderId = await placeReservedOrder(service, 'tok_visa_4242');
    const authorized = await statusBecomes(orderId, 'authorized');
    await publish(service, OrderEvents.OrderCancelled, orderCancelled(orderId, 'confirmed'));
    await statusBecomes(orderId, 'voided');

    expect(typesOf(await eventsOf(service, orderId))).toEqual(['authorized', 'voided']);
    const books = await ledgerOf(simulator.url, authorized.payment_id);
    const voided = { transaction_id: authorized.transaction_id, status: 'voided' };
    expect(books.authorizations).toEqual([expect.objectContaining(voided)]);
    const attempts = (await attemptsOf(service, authorized.payment_id)).map((a) => `${a.operation}:${a.outcome}`);
    expect(attempts).toEqual(['authorize:succeeded', 'void:succeeded']);
  });

  it('an authorization completing after the cancel was recorded is voided (never reported authorized)', async () => {
    simulator.controls.hold();
    const orderId = await placeReservedOrder(service, 'tok_visa_4242');
    // The worker's request is at the provider, unanswered...
    await eventually(() => expect(simulator.controls.held()).toBe(1));
    const inFlight = await paymentOf(service, orderId);
    expect(inFlight).toMatchObject({ status: 'authorizing', authorization_sent_at: expect.any(Date) });
    // ...when the order is cancelled.
    await publish(service, OrderEvents.OrderCancelled, orderCancelled(orderId));
    await statusBecomes(orderId, 'voiding');
    simulator.controls.release();

    const voided = await statusBecomes(orderId, 'voided');
    expect(typesOf(await eventsOf(service, orderId))).toEqual(['voided']);
    const books = await ledgerOf(simulator.url, voided.payment_id);
    expect(books.authorizations).toHaveLength(1);
    expect(books.authorizations[0]).toMatchObject({ status: 'voided' });
  });

  it('cancel after a request whose outcome we never learned: replayed under the same key, then voided', async () => {
    simulator.controls.outage(true);
    const orderId = await placeReservedOrder(service, 'tok_visa_4242');
    const sent = await eventually(async () => {
      const row = await paymentOf(service, orderId);
      expect(row?.authorization_sent_at).toBeInstanceOf(Date);
      const [first] = await attemptsOf(service, row!.payment_id);
      expect(first).toMatchObject({ operation: 'authorize', outcome: 'error' });
      return row!;
    });
    await publish(service, OrderEvents.OrderCancelled, orderCancelled(orderId));
    await statusBecomes(orderId, 'voiding');
    simulator.controls.outage(false);

    await statusBecomes(orderId, 'voided');
    const books = await ledgerOf(simulator.url, sent.payment_id);
    expect(books.authorizations).toEqual([expect.objectContaining({ status: 'voided' })]);
    expect(typesOf(await eventsOf(service, orderId))).toEqual(['voided']);
  });

  it('shipped: the authorization is captured and PaymentCaptured is published', async () => {
    const orderId = await placeReservedOrder(service, 'tok_visa_4242');
    const authorized = await statusBecomes(orderId, 'authorized');
    const processing = { ...orderShipped(orderId), from: 'confirmed', to: 'processing' } as const;
    await consumed(service, await publish(service, OrderEvents.OrderStatusChanged, processing));
    expect((await paymentOf(service, orderId))?.status).toBe('authorized');
    await publish(service, OrderEvents.OrderStatusChanged, orderShipped(orderId));
    await statusBecomes(orderId, 'captured');

    expect(typesOf(await eventsOf(service, orderId))).toEqual(['authorized', 'captured']);
    const [booked] = (await ledgerOf(simulator.url, authorized.payment_id)).authorizations;
    expect(booked).toMatchObject({ status: 'captured' });
  });

  it('cancel after capture (a return): the capture is refunded and PaymentRefunded is published', async () => {
    const orderId = await placeReservedOrder(service, 'tok_visa_4242');
    const authorized = await statusBecomes(orderId, 'authorized');
    await publish(service, OrderEvents.OrderStatusChanged, orderShipped(orderId));
    await statusBecomes(orderId, 'captured');
    await publish(service, OrderEvents.OrderCancelled, orderCancelled(orderId, 'shipped'));
    await statusBecomes(orderId, 'refunded');

    expect(typesOf(await eventsOf(service, orderId))).toEqual(['authorized', 'captured', 'refunded']);
    const [entry] = (await ledgerOf(simulator.url, authorized.payment_id)).authorizations;
    expect(entry!.history.map((h) => h.status)).toEqual(['authorized', 'captured', 'refunded']);
  });

  it('a void the provider refuses for good (captured there meanwhile): needs_attention, counted, once', async () => {
    const orderId = await placeReservedOrder(service, 'tok_visa_4242');
    const authorized = await statusBecomes(orderId, 'authorized');
    // Captured outside our system (the provider's dashboard): a void can never succeed now.
    const capturedThere = simulator.controls.ledger.apply(authorized.transaction_id!, 'capture');
    expect(capturedThere).toMatchObject({ status: 'captured' });
    await publish(service, OrderEvents.OrderCancelled, orderCancelled(orderId, 'confirmed'));
    await statusBecomes(orderId, 'needs_attention');

    // Backoff here is 50–300 ms: a retried void would have come back several times by now.
    await new Promise((r) => setTimeout(r, 800));
    const attempts = await attemptsOf(service, authorized.payment_id);
    expect(attempts.map((a) => `${a.operation}:${a.outcome}:${a.error_code}`)).toEqual([
      'authorize:succeeded:null',
      'void:declined:invalid_state',
    ]);
    const { rows } = await service.infra.pool.query(
      `SELECT status, failure_code, next_attempt_at FROM payments WHERE payment_id = $1`,
      [authorized.payment_id],
    );
    expect(rows[0]).toEqual({ status: 'needs_attention', failure_code: 'invalid_state', next_attempt_at: null });
    expect(typesOf(await eventsOf(service, orderId))).toEqual(['authorized']);
    const counted = await service.infra.metrics.registry.getSingleMetricAsString('payments_needing_attention_total');
    expect(counted).toMatch(/^payments_needing_attention_total\{operation="void"[^}]*\} 1$/m);
  });

  it('a decline followed by the order cancelled for it changes nothing more', async () => {
    const orderId = await placeReservedOrder(service, 'tok_chargeDeclined');
    await statusBecomes(orderId, 'failed');
    const cancelled = { ...orderCancelled(orderId), reason: 'payment_failed' } as const;
    await consumed(service, await publish(service, OrderEvents.OrderCancelled, cancelled));
    await new Promise((r) => setTimeout(r, 300));
    expect(await paymentOf(service, orderId)).toMatchObject({ status: 'failed' });
    expect(typesOf(await eventsOf(service, orderId))).toEqual(['failed']);
  });
});
