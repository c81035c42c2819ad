import { services, topicSpecs, deadLetterTopic, namespacedTopic } from '@shop/contracts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runChecker } from './checker-run.js';
import { expectClean, expectViolation } from './expect-violation.js';
import { createInvariantWorld, sagaTimeoutSeconds, type InvariantWorld } from './invariant-world.js';

/**
 * npm run check:invariants on a throw-away platform: clean, it passes; each broken invariant of
 * the orders, the stock and the payments, planted alone, fails it and is named.
 */
describe('check:invariants — orders, stock and payments', () => {
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

  it('passes a clean platform with exit 0 and counts what it holds', async () => {
    const run = await runChecker(world.args());
    expectClean(run);
    const { expected } = world.seed;
    expect(run.section('orders').numbers.orders_by_status).toEqual(expected.ordersByStatus);
    expect(run.section('stock').numbers).toMatchObject({
      products: 1,
      reserved: expected.reserved,
      held_quantity: expected.reserved,
      committed_quantity: expected.committed,
    });
    expect(run.section('ledger').numbers.holding_money).toBe(expected.ledgerHolding);
    expect(run.section('outbox').numbers.unpublished).toEqual(Object.fromEntries(services.map((s) => [s.name, 1])));
    const dlqs = topicSpecs.map((t) => deadLetterTopic(namespacedTopic(t.name, world.namespace)));
    expect(run.section('dlq').numbers.sizes).toEqual(Object.fromEntries(dlqs.map((t) => [t, 0])));
  });

  it('prints one section per invariant family, each with ✓, when nothing is broken', async () => {
    const run = await runChecker(world.args().filter((a) => a !== '--json'));
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const heads = run.stdout.split('\n').filter((line) => /^[✓✗] /.test(line));
    expect(heads.map((line) => line[0])).toEqual(['✓', '✓', '✓', '✓', '✓', '✓']);
  });

  it('flags an order still pending after the saga timeout', async () => {
    const orderId = world.seed.orders.waiting;
    await world.query(
      'order-service',
      'UPDATE orders SET created_at = now() - make_interval(secs => $2) WHERE order_id = $1',
      orderId,
      sagaTimeoutSeconds + 5,
    );
    expectViolation(await runChecker(world.args()), 'orders', 'pending_after_saga_timeout', orderId);
  });

  it('flags a product whose held reservations do not add up to its reserved count', async () => {
    const { productId } = world.seed;
    await world.query(
      'inventory-service',
      'UPDATE products SET reserved = reserved - 1 WHERE product_id = $1',
      productId,
    );
    expectViolation(await runChecker(world.args()), 'stock', 'holds_not_reserved', productId);
  });

  it('flags a product with more reserved than on hand (oversold)', async () => {
    const { productId } = world.seed;
    await world.query(
      'inventory-service',
      'UPDATE products SET stock_on_hand = reserved - 1 WHERE product_id = $1',
      productId,
    );
    expectViolation(await runChecker(world.args()), 'stock', 'oversold', productId);
  });

  it('flags negative stock on hand', async () => {
    const [row] = await world.query<{ product_id: string }>(
      'inventory-service',
      `INSERT INTO products (sku, name, price_cents, stock_on_hand, reserved) VALUES ('NEG-1', 'Minus', 100, -2, 0)
       RETURNING product_id`,
    );
    expectViolation(await runChecker(world.args()), 'stock', 'negative_stock', row!.product_id);
  });

  it('flags a hold the sweeper left past its expiry', async () => {
    const orderId = world.seed.orders.fresh;
    await world.query(
      'inventory-service',
      `UPDATE reservations SET expires_at = now() - interval '1 hour' WHERE order_id = $1`,
      orderId,
    );
    expectViolation(await runChecker(world.args()), 'stock', 'hold_past_expiry', orderId);
  });

  it('flags stock still committed to a cancelled order', async () => {
    const orderId = world.seed.orders.cancelled;
    await world.query('inventory-service', `UPDATE reservations SET status = 'committed' WHERE order_id = $1`, orderId);
    expectViolation(await runChecker(world.args()), 'stock', 'stock_kept_for_cancelled_order', orderId);
  });

  it('flags an authorization the payment service keeps for a cancelled order', async () => {
    const paymentId = world.seed.payments.cancelled;
    await world.query('payment-service', `UPDATE payments SET status = 'authorized' WHERE payment_id = $1`, paymentId);
    expectViolation(await runChecker(world.args()), 'payments', 'money_held_without_confirmed_order', paymentId);
  });

  it('flags an order charged by two payments', async () => {
    const orderId = world.seed.orders.confirmed;
    await world.query(
      'payment-service',
      `INSERT INTO payments (order_id, user_id, amount_cents, status, payment_method, provider_token, captured_at)
       SELECT order_id, user_id, amount_cents, 'captured', payment_method, provider_token, now()
         FROM payments WHERE order_id = $1`,
      orderId,
    );
    expectViolation(await runChecker(world.args()), 'payments', 'order_charged_twice', orderId);
  });

  it('flags a refund of a payment that was never captured', async () => {
    const paymentId = world.seed.payments.returned;
    await world.query('payment-service', 'UPDATE payments SET captured_at = NULL WHERE payment_id = $1', paymentId);
    expectViolation(await runChecker(world.args()), 'payments', 'refund_above_capture', paymentId);
  });
});
