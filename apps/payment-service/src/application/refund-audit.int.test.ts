import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AuditEvents, OrderEvents } from '@shop/contracts';
import { createTestEnvironment, emittedEvents, type TestEnvironment } from '@shop/service-testing';
import { eventually } from '@shop/testing';
import { startProviderSimulator, type RunningSimulator } from '@shop/card-provider-simulator';
import { paymentService } from '../service.js';
import {
  attemptsOf,
  fastWorkerEnv,
  orderCancelled,
  orderShipped,
  paymentOf,
  placeReservedOrder,
  publish,
  type PaymentTestService,
} from '../test-support/saga-fixtures.js';

describe('payment refunds on the audit trail', () => {
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
  afterEach(() => simulator.controls.outage(false));
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
  const audits = async () => (await emittedEvents(service)).filter((e) => e.type === AuditEvents.AuditRecorded.type);

  it("records a refund once, when made, as the saga's (no actor, no request), with amount and reference", async () => {
    const orderId = await placeReservedOrder(service, 'tok_visa_4242');
    await statusBecomes(orderId, 'authorized');
    await publish(service, OrderEvents.OrderStatusChanged, orderShipped(orderId));
    await statusBecomes(orderId, 'captured');

    // The provider refuses the refund at first: retried, and nothing is on the record meanwhile.
    simulator.controls.outage(true);
    await publish(service, OrderEvents.OrderCancelled, orderCancelled(orderId, 'shipped'));
    const refunding = await statusBecomes(orderId, 'refunding');
    const failedRefunds = async () =>
      (await attemptsOf(service, refunding.payment_id)).filter(
        (a) => a.operation === 'refund' && a.outcome === 'error',
      );
    await eventually(async () => expect((await failedRefunds()).length).toBeGreaterThan(1));
    expect(await audits()).toEqual([]);
    simulator.controls.outage(false);

    const refunded = await statusBecomes(orderId, 'refunded');
    expect(await emittedEvents(service, refunded.payment_id)).toEqual([
      {
        type: AuditEvents.AuditRecorded.type,
        subject: refunded.payment_id,
        data: {
          action: 'payment.refunded',
          actor_id: null,
          target_type: 'payment',
          target_id: refunded.payment_id,
          request_id: null,
          at: expect.any(String),
          service: 'payment-service',
          details: {
            order_id: orderId,
            amount_cents: refunded.amount_cents,
            currency: 'USD',
            provider_reference: refunded.transaction_id,
            initiated_by: 'saga',
          },
        },
      },
    ]);
    expect(refunded.transaction_id).toEqual(expect.any(String));
  });

  it('records nothing for a compensation that moves no money back: a voided authorization', async () => {
    const before = await audits();
    const orderId = await placeReservedOrder(service, 'tok_visa_4242');
    await statusBecomes(orderId, 'authorized');
    await publish(service, OrderEvents.OrderCancelled, orderCancelled(orderId, 'confirmed'));
    await statusBecomes(orderId, 'voided');
    expect(await audits()).toEqual(before);
  });
});
