import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InventoryEvents, OrderEvents, SealedCardToken, UserEvents } from '@shop/contracts';
import { createTestEnvironment, publishEvent, type TestEnvironment } from '@shop/service-testing';
import { bearer, eventually, signAccessToken } from '@shop/testing';
import { startProviderSimulator, type RunningSimulator } from '@shop/card-provider-simulator';
import { paymentService } from '../service.js';
import {
  fastWorkerEnv,
  inventoryReserved,
  orderPlaced,
  publish,
  type PaymentTestService,
} from '../test-support/saga-fixtures.js';
import { ERASED_TOKEN } from '../domain/user-erasure.port.js';

describe('GDPR: the payment service’s share of export and erasure', () => {
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

  const tokenOf = (userId: string, roles: ('customer' | 'admin')[] = ['customer']) =>
    bearer(signAccessToken({ sub: userId, roles }));
  const exportOf = (userId: string, headers: Record<string, string> = {}) =>
    service.app.inject({ method: 'GET', url: `/internal/v1/users/${userId}/export`, headers });
  const rowOf = async (orderId: string) =>
    (await service.infra.pool.query('SELECT * FROM payments WHERE order_id = $1', [orderId])).rows[0];

  /** A payment of the user's order, authorized by the provider (the card described), or left pending. */
  async function paymentFor(userId: string, { authorized }: { authorized: boolean }) {
    const orderId = randomUUID();
    await publish(service, OrderEvents.OrderPlaced, { ...orderPlaced(orderId, 'tok_visa_4242'), user_id: userId });
    if (authorized) await publish(service, InventoryEvents.InventoryReserved, inventoryReserved(orderId));
    const status = authorized ? 'authorized' : 'pending';
    await eventually(async () => expect((await rowOf(orderId))?.status).toBe(status), 20_000);
    return orderId;
  }

  it('exports the payments of the caller’s orders with their attempts; only to them or an admin', async () => {
    const ada = randomUUID();
    const bob = randomUUID();
    const orderId = await paymentFor(ada, { authorized: true });
    await paymentFor(bob, { authorized: true });

    const response = await exportOf(ada, tokenOf(ada));
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      payments: [
        expect.objectContaining({
          order_id: orderId,
          user_id: ada,
          status: 'authorized',
          amount: 34.05,
          method: 'Visa ending in 4242',
          attempts: [expect.objectContaining({ operation: 'authorize', outcome: 'succeeded' })],
        }),
      ],
    });
    expect((await exportOf(ada, tokenOf(bob))).statusCode).toBe(403);
    expect((await exportOf(ada)).statusCode).toBe(401);
    expect((await exportOf(ada, tokenOf(randomUUID(), ['admin']))).json().payments).toHaveLength(1);
  });

  it('on UserDeleted (twice) erases the user’s settled card details, keeps the record, spares others', async () => {
    const ada = randomUUID();
    const bob = randomUUID();
    const settled = await paymentFor(ada, { authorized: true });
    const inFlight = await paymentFor(ada, { authorized: false });
    const inFlightToken = (await rowOf(inFlight)).provider_token as string;
    const bobs = await paymentFor(bob, { authorized: true });
    const before = await rowOf(settled);
    const bobBefore = await rowOf(bobs);

    const deleted = await publishEvent(service, UserEvents.UserDeleted, { user_id: ada }, { subject: ada });
    await publishEvent(service, UserEvents.UserDeleted, { user_id: ada }, { subject: ada, id: deleted.id });

    await eventually(async () => expect((await rowOf(settled)).provider_token).toBe(ERASED_TOKEN));
    expect(await rowOf(settled)).toMatchObject({
      method_description: null,
      gateway_response: null,
      payment_id: before.payment_id,
      user_id: ada,
      amount_cents: before.amount_cents,
      status: 'authorized',
      transaction_id: before.transaction_id,
    });
    // An authorization not yet sent still needs its token: dropping it would strand the order.
    expect((await rowOf(inFlight)).provider_token).toBe(inFlightToken);
    expect(SealedCardToken.safeParse(JSON.parse(inFlightToken)).success).toBe(true);
    await eventually(async () => {
      const { rows } = await service.infra.pool.query(
        `SELECT count(*)::int AS n FROM processed_events WHERE event_id = $1 AND consumer = 'payment-gdpr'`,
        [deleted.id],
      );
      expect(rows[0].n).toBe(1);
    });
    expect(await rowOf(bobs)).toEqual(bobBefore);
    expect((await exportOf(ada, tokenOf(ada))).body).not.toMatch(/Visa ending|tok_visa/);
  });
});
