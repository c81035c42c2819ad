import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messagingMigrationsDir } from '@shop/messaging';
import { sqlOn, transactions } from '@shop/persistence';
import { createServiceTestSchema, eventually, type TestSchema } from '@shop/testing';
import { newPayment, type Payment } from '../domain/payment.js';
import { paymentRepository, workChannel } from './payment.repository.js';

describe('SQL payment repository against the migrated schema', () => {
  let db: TestSchema;
  let listener: pg.Client;
  const notifications: string[] = [];
  const repository = () => paymentRepository(sqlOn(db.pool), db.schema);
  const at = new Date('2030-01-02T03:04:05.678Z');

  beforeAll(async () => {
    db = await createServiceTestSchema('payment-service', messagingMigrationsDir);
    listener = new pg.Client(db.connection);
    await listener.connect();
    listener.on('notification', (n) => notifications.push(n.channel));
    await listener.query(`LISTEN "${workChannel(db.schema)}"`);
  });
  afterAll(async () => {
    await listener?.end();
    await db?.drop();
  });

  const intent = (): Payment =>
    newPayment({
      paymentId: randomUUID(),
      orderId: randomUUID(),
      userId: randomUUID(),
      amountCents: 3405,
      currency: 'USD',
      paymentMethod: 'card',
      providerToken: 'tok_visa_4242',
    });
  const attemptsOf = async (paymentId: string) =>
    (
      await db.pool.query(
        `SELECT operation, outcome, error_code, latency_ms, created_at FROM payment_attempts WHERE payment_id = $1`,
        [paymentId],
      )
    ).rows;

  it('inserts and saves every field the domain has, and reads them back as they were', async () => {
    const payment = intent();
    await repository().insert(payment, at);
    expect(await repository().findForUpdate(payment.paymentId)).toEqual(payment);

    const changed: Payment = {
      ...payment,
      status: 'voiding',
      transactionId: 'txn_1',
      methodDescription: 'Visa ending in 4242',
      attemptCount: 2,
      nextAttemptAt: at,
      authorizationSentAt: at,
      cancelRequestedAt: at,
      failureCode: 'x',
      failureMessage: 'y',
      authorizedAt: at,
      failedAt: at,
      cancelledAt: at,
      voidedAt: at,
      capturedAt: at,
      refundedAt: at,
    };
    await repository().save(changed, at);
    expect(await repository().findByOrderForUpdate(payment.orderId)).toEqual(changed);

    const other = intent();
    await repository().insert(other, at);
    const due = { ...other, status: 'authorizing', nextAttemptAt: at } as const;
    await repository().saveAll([{ ...payment, attemptCount: 5 }, due], at);
    expect(await repository().findForUpdate(payment.paymentId)).toEqual({ ...payment, attemptCount: 5 });
    expect(await repository().findForUpdate(other.paymentId)).toEqual(due);
  });

  it('logs the attempt with the write and wakes the workers on commit only when asked', async () => {
    const payment = intent();
    await repository().insert(payment, at);
    const before = notifications.length;
    const attempt = {
      paymentId: payment.paymentId,
      operation: 'authorize',
      outcome: 'error',
      errorCode: 'processing_error',
      latencyMs: 12,
      at,
    } as const;
    await repository().save({ ...payment, status: 'authorizing', attemptCount: 1 }, at, { attempt, wakeWorkers: true });
    await eventually(async () => expect(notifications.length).toBe(before + 1));
    expect(await attemptsOf(payment.paymentId)).toEqual([
      { operation: 'authorize', outcome: 'error', error_code: 'processing_error', latency_ms: 12, created_at: at },
    ]);

    await repository().recordAttempt({ ...attempt, outcome: 'succeeded', errorCode: null });
    const capture = { ...attempt, operation: 'capture' } as const;
    await repository().save({ ...payment, status: 'authorized' }, at, { attempt: capture });
    expect(await attemptsOf(payment.paymentId)).toHaveLength(3);
    await new Promise((r) => setTimeout(r, 100));
    expect(notifications.length).toBe(before + 1);
  });

  it('remembers early signals for an order without a payment and hands them to its intent once', async () => {
    const orderId = randomUUID();
    expect(await repository().startIntent(orderId)).toEqual({ paymentExists: false, signals: null });
    await repository().recordSignal(orderId, { type: 'inventory_reserved', expiresAt: at }, at);
    await repository().recordSignal(orderId, { type: 'order_cancelled' }, at);
    const signals = { inventoryReserved: true, orderCancelled: true };
    expect(await repository().startIntent(orderId)).toEqual({ paymentExists: false, signals });
    expect(await repository().startIntent(orderId)).toEqual({ paymentExists: false, signals: null });

    const payment = intent();
    await repository().insert(payment, at);
    expect(await repository().startIntent(payment.orderId)).toEqual({ paymentExists: true });
  });

  it('claims due working payments no other transaction holds', async () => {
    const due = { ...intent(), status: 'authorizing' as const, nextAttemptAt: new Date(Date.now() - 1000) };
    const later = { ...intent(), status: 'authorizing' as const, nextAttemptAt: new Date(Date.now() + 60_000) };
    await repository().insert(due, at);
    await repository().insert(later, at);
    const inTransaction = transactions(db.pool);
    await inTransaction(async (holder) => {
      const held = await paymentRepository(holder, db.schema).claimDue(new Date(), 100);
      expect(held.map((p) => p.paymentId)).toContain(due.paymentId);
      expect(held.map((p) => p.paymentId)).not.toContain(later.paymentId);
      // Another worker meanwhile skips what this one holds.
      const skipped = await inTransaction((tx) => paymentRepository(tx, db.schema).claimDue(new Date(), 100));
      expect(skipped.map((p) => p.paymentId)).not.toContain(due.paymentId);
    });
  });
});
