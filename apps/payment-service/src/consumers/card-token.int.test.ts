import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  generateCardTokenKeyPair,
  InventoryEvents,
  OrderEvents,
  parseCardTokenPublicKey,
  sealCardToken,
  type SealedCardToken,
} from '@shop/contracts';
import { createTestEnvironment, type TestEnvironment } from '@shop/service-testing';
import { eventually } from '@shop/testing';
import { startProviderSimulator, type RunningSimulator } from '@shop/card-provider-simulator';
import { unreadableCardToken } from '../adapters/card-token-opening-provider.js';
import { paymentService } from '../service.js';
import {
  attemptsOf,
  eventsOf,
  fastWorkerEnv,
  inventoryReserved,
  ledgerOf,
  orderPlaced,
  paymentOf,
  publish,
  sealedFor,
  typesOf,
  type PaymentTestService,
} from '../test-support/saga-fixtures.js';

/** Flips the first character of a base64url field: the bytes change, the shape stays valid. */
const flipped = (value: string) => (value.startsWith('A') ? 'B' : 'A') + value.slice(1);

describe('payment saga: sealed card tokens', () => {
  let env: TestEnvironment;
  let simulator: RunningSimulator;
  let service: PaymentTestService;

  beforeAll(async () => {
    simulator = await startProviderSimulator();
    env = await createTestEnvironment();
    service = await env.start(paymentService, {
      ...fastWorkerEnv,
      PROVIDER_URL: simulator.url,
      PROVIDER_BREAKER_VOLUME_THRESHOLD: '1000',
    });
  });
  afterAll(async () => {
    await env?.stop();
    await simulator?.close();
  });

  /** Places an order with the stock reserved, its card token sealed as `seal` makes it. */
  async function placeWith(seal: (orderId: string) => SealedCardToken): Promise<string> {
    const orderId = randomUUID();
    const placed = orderPlaced(orderId, 'tok_visa_4242');
    await publish(service, OrderEvents.OrderPlaced, {
      ...placed,
      payment_method: { type: 'card', sealed_token: seal(orderId) },
    });
    await publish(service, InventoryEvents.InventoryReserved, inventoryReserved(orderId));
    return orderId;
  }

  it('opens a token sealed for it, authorizes, and keeps only the sealed token at rest', async () => {
    const orderId = await placeWith((id) => sealedFor(id, 'tok_visa_4242'));
    await eventually(async () => expect((await paymentOf(service, orderId))?.status).toBe('authorized'));
    const { rows } = await service.infra.pool.query(
      'SELECT to_jsonb(p)::text AS row FROM payments p WHERE order_id = $1',
      [orderId],
    );
    expect(rows[0].row).not.toContain('tok_visa_4242');
  });

  it.each([
    ['sealed with a key it does not hold', (id: string) => sealCardToken('tok_visa_4242', otherPublicKey(), id)],
    ['with its ciphertext tampered with', (id: string) => tampered(sealedFor(id, 'tok_visa_4242'), 'ciphertext')],
    ['with its tag tampered with', (id: string) => tampered(sealedFor(id, 'tok_visa_4242'), 'tag')],
    ['sealed for another order', () => sealedFor(randomUUID(), 'tok_visa_4242')],
  ])('fails a payment whose token comes %s: PaymentFailed, no provider call, and carries on', async (_, seal) => {
    const orderId = await placeWith(seal);
    const payment = await eventually(async () => {
      const row = await paymentOf(service, orderId);
      expect(row?.status).toBe('failed');
      return row!;
    });
    expect(await attemptsOf(service, payment.payment_id)).toEqual([
      { operation: 'authorize', outcome: 'declined', error_code: unreadableCardToken },
    ]);
    expect(typesOf(await eventsOf(service, orderId))).toEqual(['failed']);
    expect((await ledgerOf(simulator.url, payment.payment_id)).requests).toBe(0);

    // The consumer and the worker carry on: the next order, sealed properly, is authorized.
    const next = await placeWith((id) => sealedFor(id, 'tok_visa_4242'));
    await eventually(async () => expect((await paymentOf(service, next))?.status).toBe('authorized'));
  });
});

function otherPublicKey() {
  return parseCardTokenPublicKey(generateCardTokenKeyPair().publicKey);
}

function tampered(sealed: SealedCardToken, field: 'ciphertext' | 'tag'): SealedCardToken {
  return { ...sealed, [field]: flipped(sealed[field]) };
}
