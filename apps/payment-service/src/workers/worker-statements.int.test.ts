import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { messagingMigrationsDir, OutboxWriter } from '@shop/messaging';
import { sqlOn, transactions } from '@shop/persistence';
import { createLogger, createMetrics } from '@shop/telemetry';
import { createServiceTestSchema, eventually, type TestSchema } from '@shop/testing';
import { newPayment } from '../domain/payment.js';
import { paymentRepository } from '../persistence/payment.repository.js';
import { guardWithCircuitBreaker, type GuardedProvider } from '../adapters/circuit-breaker-provider.js';
import { HttpProviderClient } from '../adapters/http-provider-client.js';
import { startProviderSimulator, type RunningSimulator } from '@shop/card-provider-simulator';
import { observedPool, type ObservedStatement } from '../test-support/observed-pool.js';
import { AuthorizationWorker } from './authorization.worker.js';

/**
 * What the worker asks of Postgres. It claims on a NOTIFY (new work), on the poll, and after a
 * finished call only if its last claim filled its room; results that finish together are recorded
 * together. The poll is an hour here, so whatever the worker does, it does on NOTIFY or for its own calls.
 */
describe('authorization worker: statements and transactions', () => {
  let db: TestSchema;
  let simulator: RunningSimulator;
  let provider: GuardedProvider;
  let worker: AuthorizationWorker | undefined;
  const statements: ObservedStatement[] = [];

  beforeAll(async () => {
    db = await createServiceTestSchema('payment-service', messagingMigrationsDir);
    simulator = await startProviderSimulator();
    provider = guardWithCircuitBreaker(
      new HttpProviderClient({ baseUrl: simulator.url, timeoutMs: 5000 }),
      { errorThresholdPercentage: 50, volumeThreshold: 1000, rollingWindowMs: 10_000, resetTimeoutMs: 30_000 },
      createMetrics('payment-worker-test').registry,
    );
  });
  afterEach(async () => {
    simulator.controls.release();
    await worker?.stop();
    statements.length = 0;
  });
  afterAll(async () => {
    provider?.shutdown();
    await simulator?.close();
    await db?.drop();
  });

  const startWorker = async (room: { batchSize: number; concurrency: number }) => {
    worker = new AuthorizationWorker({
      transactions: transactions(observedPool(db.pool, statements)),
      schema: db.schema,
      listenConnection: db.connection,
      outbox: new OutboxWriter('payment-service', db.schema),
      provider: provider.provider,
      circuitOpen: provider.isOpen,
      retry: { baseMs: 50, maxMs: 300 },
      leaseMs: 15_000,
      pollMs: 3_600_000,
      ...room,
      logger: createLogger('payment-service', 'silent'),
      registry: createMetrics('payment-service-statements').registry,
    });
    await worker.start();
  };

  /** Payments due for authorization now, as the saga leaves them (its commit wakes the workers). */
  const dueAuthorizations = async (count: number): Promise<string[]> => {
    const now = new Date();
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const payment = {
        ...newPayment({
          paymentId: randomUUID(),
          orderId: randomUUID(),
          userId: randomUUID(),
          amountCents: 1000,
          currency: 'USD',
          paymentMethod: 'card',
          providerToken: 'tok_visa_4242',
        }),
        status: 'authorizing' as const,
        nextAttemptAt: now,
      };
      await paymentRepository(sqlOn(db.pool), db.schema).insert(payment, now, { wakeWorkers: true });
      ids.push(payment.paymentId);
    }
    return ids;
  };
  const allAuthorized = (ids: string[]) =>
    eventually(async () => {
      const { rows } = await db.pool.query<{ status: string }>(
        `SELECT status FROM payments WHERE payment_id = ANY($1::uuid[])`,
        [ids],
      );
      expect(rows.map((r) => r.status)).toEqual(ids.map(() => 'authorized'));
    });
  const claims = () => statements.filter((s) => s.sql.includes('SKIP LOCKED'));

  it('does not claim again after a finished call when its claim left nothing due', async () => {
    await startWorker({ batchSize: 10, concurrency: 10 });
    await eventually(async () => expect(claims().length).toBeGreaterThan(0)); // the pass at start: nothing due yet
    const ids = await dueAuthorizations(1);
    await allAuthorized(ids);
    await new Promise((r) => setTimeout(r, 300));

    // Every claim after the first found work: the finished call did not go looking for more.
    expect(
      claims()
        .slice(1)
        .map((c) => c.rows),
    ).toEqual(
      claims()
        .slice(1)
        .map(() => 1),
    );
    // And each transaction the worker ran did something: a claim with work, or the record of a result.
    const commits = statements.filter((s) => s.sql === 'COMMIT').length;
    expect(commits).toBe(claims().length + ids.length);
  });

  it('pulls the rest of a backlog bigger than its room as its calls finish, without a NOTIFY or a poll', async () => {
    const ids = await dueAuthorizations(5); // committed before the worker listens: only its start pass sees them
    await startWorker({ batchSize: 2, concurrency: 2 });
    await allAuthorized(ids);
    expect(claims().filter((c) => c.rows > 0).length).toBeGreaterThan(1);
  });

  it('records results that finish together in one transaction: each with its attempt and its event', async () => {
    simulator.controls.hold();
    await startWorker({ batchSize: 10, concurrency: 10 });
    const ids = await dueAuthorizations(6);
    await eventually(async () => expect(simulator.controls.held()).toBe(ids.length));
    simulator.controls.release();
    await allAuthorized(ids);

    const records = statements.filter((s) => s.sql.includes('ORDER BY p.payment_id FOR UPDATE'));
    expect(records.length).toBeLessThan(ids.length);
    // Each record writes its payments, attempts and events in one statement: no INSERT per event.
    const eventWrites = statements.filter((s) => s.sql.includes('INSERT INTO outbox'));
    expect(eventWrites.length).toBe(records.length);
    const writesAll = (s: ObservedStatement) =>
      s.sql.includes('UPDATE payments') && s.sql.includes('INSERT INTO payment_attempts');
    expect(eventWrites.every(writesAll)).toBe(true);
    const { rows: attempts } = await db.pool.query(
      `SELECT payment_id::text FROM payment_attempts WHERE payment_id = ANY($1::uuid[])`,
      [ids],
    );
    expect(attempts.map((a) => a.payment_id).sort()).toEqual([...ids].sort());
    const { rows: events } = await db.pool.query(
      `SELECT payload->>'payment_id' AS id FROM outbox WHERE payload->>'payment_id' = ANY($1::text[])`,
      [ids],
    );
    expect(events.map((e) => e.id).sort()).toEqual([...ids].sort());
  });
});
