import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AuditEvents, PaymentEvents, type EventDefinition } from '@shop/contracts';
import { messagingMigrationsDir, outboxChannel, OutboxWriter } from '@shop/messaging';
import { sqlOn, transactions } from '@shop/persistence';
import { createServiceTestSchema, eventually, type TestSchema } from '@shop/testing';
import { newPayment, type Payment, type ProviderOperation } from '../domain/payment.js';
import type { ProviderOutcome } from '../domain/payment-provider.port.js';
import { transition } from '../domain/payment-state-machine.js';
import { paymentRepository, workChannel } from '../persistence/payment.repository.js';
import { observedPool, type ObservedStatement } from '../test-support/observed-pool.js';
import { commitTransitions } from './commit-transition.js';

interface ProviderResult {
  readonly payment: Payment;
  readonly operation: ProviderOperation;
  readonly result: ProviderOutcome;
}

/**
 * The worker's record of provider results that finished together: the payments, their attempts,
 * their events and the NOTIFYs go to Postgres in one statement, however many results there are.
 */
describe("committing several payments' provider results", () => {
  let db: TestSchema;
  let outbox: OutboxWriter;
  let listener: pg.Client;
  const notified: string[] = [];
  const statements: ObservedStatement[] = [];
  const at = new Date('2030-01-02T03:04:05.678Z');

  beforeAll(async () => {
    db = await createServiceTestSchema('payment-service', messagingMigrationsDir);
    outbox = new OutboxWriter('payment-service', db.schema);
    listener = new pg.Client(db.connection);
    await listener.connect();
    listener.on('notification', (n) => notified.push(n.channel));
    await listener.query(`LISTEN "${workChannel(db.schema)}"`);
    await listener.query(`LISTEN "${outboxChannel(db.schema)}"`);
  });
  beforeEach(async () => {
    await db.pool.query('DELETE FROM outbox');
    notified.length = 0;
  });
  afterAll(async () => {
    await listener?.end();
    await db?.drop();
  });

  /** A payment as the worker leaves it while its provider call is out. */
  const stored = async (fields: Partial<Payment>): Promise<Payment> => {
    const intent = {
      paymentId: randomUUID(),
      orderId: randomUUID(),
      userId: randomUUID(),
      amountCents: 3405,
      currency: 'USD',
      paymentMethod: 'card',
      providerToken: 'tok_visa_4242',
    };
    const leased = { attemptCount: 1, nextAttemptAt: new Date(at.getTime() + 15_000), authorizationSentAt: at };
    const payment: Payment = { ...newPayment(intent), ...leased, ...fields };
    await paymentRepository(sqlOn(db.pool), db.schema).insert(payment, at);
    return payment;
  };

  /** Commits the results as the worker does, in one transaction; returns the statements between BEGIN and COMMIT. */
  const record = async (results: readonly ProviderResult[]): Promise<ObservedStatement[]> => {
    statements.length = 0;
    await transactions(observedPool(db.pool, statements))(async (tx) => {
      const applied = results.map(({ payment, operation, result }) => ({
        transition: transition(
          payment,
          { type: 'provider_result', operation, result },
          { now: at, retryDelayMs: () => 1000 },
        ),
        attempt: {
          paymentId: payment.paymentId,
          operation,
          outcome: result.outcome,
          errorCode: result.outcome === 'succeeded' ? null : result.code,
          latencyMs: 7,
          at,
        },
      }));
      await commitTransitions({ repository: paymentRepository(tx, db.schema), outbox }, applied, at);
    });
    return statements.filter((s) => s.sql !== 'BEGIN' && s.sql !== 'COMMIT');
  };

  const outboxRows = async () =>
    (await db.pool.query(`SELECT topic, message_key, event_type, headers, payload FROM outbox ORDER BY id`)).rows.map(
      ({ headers, ...row }) => ({
        ...row,
        // What the consumers read from the envelope; the event id and time are the event's own.
        headers: {
          type: headers.ce_type,
          source: headers.ce_source,
          subject: headers.ce_subject,
          correlation: headers.ce_correlationid,
          causation: headers.ce_causationid,
        },
      }),
    );
  const attemptsOf = async (payments: readonly Payment[]) =>
    (
      await db.pool.query(
        `SELECT payment_id::text, operation, outcome FROM payment_attempts WHERE payment_id = ANY($1::uuid[])`,
        [payments.map((p) => p.paymentId)],
      )
    ).rows;
  const statusOf = async (payment: Payment) =>
    (await db.pool.query<{ status: string }>(`SELECT status FROM payments WHERE payment_id = $1`, [payment.paymentId]))
      .rows[0]!.status;

  /** A payment event as the saga receives it: keyed and correlated by the order. */
  const paymentEvent = (definition: EventDefinition, payment: Payment, data: Record<string, unknown> = {}) => ({
    topic: definition.topic,
    message_key: payment.orderId,
    event_type: definition.type,
    headers: {
      type: definition.type,
      source: 'payment-service',
      subject: payment.orderId,
      correlation: payment.orderId,
      causation: undefined,
    },
    payload: { order_id: payment.orderId, payment_id: payment.paymentId, amount_cents: 3405, currency: 'USD', ...data },
  });
  const succeeded = (transactionId: string): ProviderOutcome => ({
    outcome: 'succeeded',
    transactionId,
    methodDescription: 'Visa ending in 4242',
  });
  const visa = { method: 'Visa ending in 4242' };

  it('writes any number of authorizations with their attempts and events in one statement', async () => {
    for (const count of [1, 6]) {
      await db.pool.query('DELETE FROM outbox');
      const payments = await Promise.all(Array.from({ length: count }, () => stored({ status: 'authorizing' })));
      const sent = await record(
        payments.map((payment, i) => ({ payment, operation: 'authorize', result: succeeded(`txn_${i}`) })),
      );

      expect(sent).toHaveLength(1);
      expect(await outboxRows()).toEqual(
        payments.map((p, i) =>
          paymentEvent(PaymentEvents.PaymentAuthorized, p, { transaction_id: `txn_${i}`, ...visa }),
        ),
      );
      expect(await attemptsOf(payments)).toHaveLength(count);
    }
  });

  it('writes every event in order, the attempts of results changing nothing, wakes workers and relay', async () => {
    const authorized = await stored({ status: 'authorizing' });
    const declined = await stored({ status: 'authorizing' });
    const voided = await stored({ status: 'voiding', transactionId: 'txn_v' });
    const captured = await stored({ status: 'capturing', transactionId: 'txn_c' });
    const refunded = await stored({ status: 'refunding', transactionId: 'txn_r' });
    const lateAuthorization = await stored({ status: 'cancelled' });
    const duplicate = await stored({ status: 'authorized', transactionId: 'txn_d' });

    const sent = await record([
      { payment: authorized, operation: 'authorize', result: succeeded('txn_a') },
      {
        payment: declined,
        operation: 'authorize',
        result: { outcome: 'declined', code: 'insufficient_funds', message: 'Insufficient funds' },
      },
      { payment: voided, operation: 'void', result: succeeded('txn_v') },
      { payment: captured, operation: 'capture', result: succeeded('txn_c') },
      { payment: refunded, operation: 'refund', result: succeeded('txn_r') },
      { payment: lateAuthorization, operation: 'authorize', result: succeeded('txn_l') },
      { payment: duplicate, operation: 'authorize', result: succeeded('txn_d') },
    ]);

    expect(sent).toHaveLength(1);
    expect(await outboxRows()).toEqual([
      paymentEvent(PaymentEvents.PaymentAuthorized, authorized, { transaction_id: 'txn_a', ...visa }),
      paymentEvent(PaymentEvents.PaymentFailed, declined, { code: 'card_declined', message: 'Insufficient funds' }),
      paymentEvent(PaymentEvents.PaymentVoided, voided),
      paymentEvent(PaymentEvents.PaymentCaptured, captured),
      paymentEvent(PaymentEvents.PaymentRefunded, refunded),
      {
        topic: AuditEvents.AuditRecorded.topic,
        message_key: refunded.paymentId,
        event_type: AuditEvents.AuditRecorded.type,
        headers: {
          type: AuditEvents.AuditRecorded.type,
          source: 'payment-service',
          subject: refunded.paymentId,
          correlation: undefined,
          causation: undefined,
        },
        payload: {
          action: 'payment.refunded',
          actor_id: null,
          target_type: 'payment',
          target_id: refunded.paymentId,
          request_id: null,
          at: at.toISOString(),
          service: 'payment-service',
          details: {
            order_id: refunded.orderId,
            amount_cents: 3405,
            currency: 'USD',
            provider_reference: 'txn_r',
            initiated_by: 'saga',
          },
        },
      },
    ]);
    const all = [authorized, declined, voided, captured, refunded, lateAuthorization, duplicate];
    expect(await attemptsOf(all)).toHaveLength(7);
    expect(await statusOf(lateAuthorization)).toBe('voiding');
    expect(await statusOf(duplicate)).toBe('authorized');
    const channels = [outboxChannel(db.schema), workChannel(db.schema)].sort();
    await eventually(async () => expect([...new Set(notified)].sort()).toEqual(channels));
  });

  it('sends no NOTIFY when nothing is due and no event is written', async () => {
    const failing = await stored({ status: 'authorizing' });
    const result = { outcome: 'error', code: 'processing_error', message: 'try again' } as const;
    const sent = await record([{ payment: failing, operation: 'authorize', result }]);

    expect(sent).toHaveLength(1);
    expect(await outboxRows()).toEqual([]);
    const attempt = { payment_id: failing.paymentId, operation: 'authorize', outcome: 'error' };
    expect(await attemptsOf([failing])).toEqual([attempt]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(notified).toEqual([]);
  });
});
