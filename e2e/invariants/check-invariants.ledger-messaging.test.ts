import { randomUUID } from 'node:crypto';
import { services, Topics } from '@shop/contracts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runChecker } from './checker-run.js';
import { authorizeAtProvider } from './clean-world.js';
import { expectViolation } from './expect-violation.js';
import { createInvariantWorld, outboxAgeSeconds, type InvariantWorld } from './invariant-world.js';

/**
 * npm run check:invariants against the provider's ledger, the outboxes and the dead-letter topics:
 * each broken invariant, planted alone on the clean platform, fails the run and is named.
 */
describe("check:invariants — the provider's ledger, outboxes and dead letters", () => {
  let world: InvariantWorld;
  beforeAll(async () => {
    world = await createInvariantWorld();
  });
  afterAll(async () => {
    await world?.close();
  });
  beforeEach(async () => {
    await world.reset();
  });

  /** A second payment for an order, voided in the payment service's books. */
  const voidedPaymentFor = async (orderId: string) => {
    const [row] = await world.query<{ payment_id: string; amount_cents: number }>(
      'payment-service',
      `INSERT INTO payments (order_id, user_id, amount_cents, status, payment_method, provider_token)
       SELECT order_id, user_id, amount_cents, 'voided', payment_method, provider_token FROM payments
        WHERE order_id = $1 LIMIT 1
       RETURNING payment_id, amount_cents`,
      orderId,
    );
    return row!;
  };

  it('flags an authorization at the provider that no payment made', async () => {
    const key = randomUUID();
    await authorizeAtProvider(world.provider.url, key, 4200);
    expectViolation(await runChecker(world.args()), 'ledger', 'ledger_money_without_confirmed_order', key);
  });

  it('flags money the provider holds for a cancelled order whose payment says it was voided', async () => {
    const payment = await voidedPaymentFor(world.seed.orders.cancelled);
    await authorizeAtProvider(world.provider.url, payment.payment_id, payment.amount_cents);
    const run = await runChecker(world.args());
    expectViolation(run, 'ledger', 'ledger_money_without_confirmed_order', payment.payment_id);
  });

  it('flags an order with two live authorizations at the provider', async () => {
    const orderId = world.seed.orders.confirmed;
    const payment = await voidedPaymentFor(orderId);
    await authorizeAtProvider(world.provider.url, payment.payment_id, payment.amount_cents);
    expectViolation(await runChecker(world.args()), 'ledger', 'order_charged_twice', orderId);
  });

  /** The provider's own record of an authorization, to plant what a correct processor refuses to do. */
  const ledgerEntry = (transactionId: string) => {
    const entry = world.provider.controls.ledger.view().authorizations.find((a) => a.transaction_id === transactionId);
    if (!entry) throw new Error(`no authorization ${transactionId} in the ledger`);
    return entry;
  };

  it('flags an authorization the provider captured twice', async () => {
    const txn = world.seed.transactions.delivered;
    const entry = ledgerEntry(txn);
    const at = new Date().toISOString();
    entry.operations.push({ operation: 'capture', idempotency_key: null, amount_cents: entry.captured_cents, at });
    expectViolation(await runChecker(world.args()), 'ledger', 'order_charged_twice', txn);
  });

  it('flags a refund above what the provider captured', async () => {
    const txn = world.seed.transactions.returned;
    const entry = ledgerEntry(txn);
    entry.refunded_cents = entry.captured_cents + 1;
    expectViolation(await runChecker(world.args()), 'ledger', 'refund_above_capture', txn);
  });

  it.each(services.map((s) => s.name))('flags an unpublished outbox row older than the limit in %s', async (name) => {
    await world.query(
      name,
      `INSERT INTO outbox (event_id, topic, message_key, event_type, headers, payload, created_at)
       VALUES (gen_random_uuid(), 'test.events', 'k', 'test.event', '{}', '{}', now() - make_interval(secs => $1))`,
      outboxAgeSeconds + 5,
    );
    expectViolation(await runChecker(world.args()), 'outbox', 'outbox_unpublished', name);
  });

  it('reports dead letters by reason, and fails on them only with --strict-dlq', async () => {
    const topic = await world.deadLetter(Topics.orders, ['unknown_type', 'malformed', 'unknown_type']);
    const reported = await runChecker(world.args());
    expect(reported.code, reported.stdout + reported.stderr).toBe(0);
    const dlq = reported.section('dlq');
    expect(dlq.violations).toEqual([]);
    expect(dlq.numbers.sizes).toMatchObject({ [topic]: 3 });
    expect(dlq.numbers.unknown_type).toMatchObject({ [topic]: 2 });
    expect(dlq.numbers[`reasons ${topic}`]).toEqual({ unknown_type: 2, malformed: 1 });
    expect(dlq.notes.join('\n')).toContain(topic);

    expectViolation(await runChecker(world.args('--strict-dlq')), 'dlq', 'dead_letters', topic);
  });

  it('says which source it could not read and exits 2 when nothing was found broken', async () => {
    const run = await runChecker(world.args('--provider-url', 'http://127.0.0.1:9'));
    expect(run.code, run.stdout + run.stderr).toBe(2);
    expect(run.sections.filter((s) => s.error !== undefined).map((s) => s.id)).toEqual(['ledger']);
  });
});
