import { Counter, type Registry } from 'prom-client';
import type { Logger } from '@shop/telemetry';
import { WakeLoop, type OutboxWriter } from '@shop/messaging';
import type { connectionConfig, Sql, Transactions } from '@shop/persistence';
import { claimDuePayments } from '../application/claim-due-payments.js';
import type { UnitOfWork } from '../application/commit-transition.js';
import { deferDuePayments } from '../application/defer-due-payments.js';
import {
  errorCodeOf,
  recordProviderResults,
  type ProviderResult,
  type RecordedResult,
} from '../application/record-provider-results.js';
import { callProvider, type PaymentProvider, type ProviderOutcome } from '../domain/payment-provider.port.js';
import type { ClaimedAttempt, TransitionContext } from '../domain/payment-state-machine.js';
import { retryDelayMs, type RetryPolicy } from '../domain/retry-schedule.js';
import { paymentRepository, workChannel } from '../persistence/payment.repository.js';
import { CoalescingQueue } from './coalescing-queue.js';

export interface AuthorizationWorkerOptions {
  /** The service's transactions (persistence/database.ts): the worker's claims and results run in them. */
  readonly transactions: Transactions;
  readonly schema: string;
  /** For the LISTEN connection (same database and role as the pool). */
  readonly listenConnection: ReturnType<typeof connectionConfig>;
  readonly outbox: OutboxWriter;
  readonly provider: PaymentProvider;
  /** Whether the breaker refuses calls right now. */
  readonly circuitOpen: () => boolean;
  readonly retry: RetryPolicy;
  /** How long a claimed payment stays with its worker: longer than any provider call can take. */
  readonly leaseMs: number;
  readonly pollMs: number;
  /** Most payments claimed in one transaction. */
  readonly batchSize: number;
  /** Most provider calls under way at once; a slow call never holds up the others. */
  readonly concurrency: number;
  readonly logger: Logger;
  /** Where payments_needing_attention_total is registered. */
  readonly registry: Registry;
  readonly clock?: () => Date;
}

/**
 * Makes the provider calls the saga asks for, outside any Kafka handler's transaction:
 * 1. claim: in a short transaction, take due payments no other replica holds (FOR UPDATE SKIP
 *    LOCKED), count the attempt and lease them (an authorization is marked sent before it leaves);
 * 2. call the provider through the circuit breaker, under the operation's idempotency key (idempotencyKeyOf);
 * 3. record: lock the payment again, log the attempt, and apply the outcome to the status found
 *    NOW (a cancel may have come meanwhile: then the authorization is voided), with its outbox
 *    events, in one transaction — shared by the results that finish while the previous is recorded.
 * While the circuit is open, due payments are not taken out: their attempt is logged as
 * circuit_open and they wait with backoff. Woken by NOTIFY on commit, by a short poll, and by a
 * finished call when the last claim may have left due work behind (it filled its room).
 */
export class AuthorizationWorker {
  private readonly clock: () => Date;
  private readonly loop: WakeLoop;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly inTransaction: Transactions;
  /** Provider results waiting to be recorded: those that finish close together share a transaction. */
  private readonly results = new CoalescingQueue<ProviderResult>((results) => this.recordResults(results), 32);
  /** The last pass may have left due work unclaimed: it had no room, or filled all it had. */
  private mayHaveMore = false;
  private readonly needingAttention: Counter<'operation'>;

  constructor(private readonly options: AuthorizationWorkerOptions) {
    this.clock = options.clock ?? (() => new Date());
    this.inTransaction = options.transactions;
    this.needingAttention = new Counter({
      name: 'payments_needing_attention_total',
      help:
        'Payments parked in needs_attention because the provider refused a void, capture or refund for good, ' +
        'by operation',
      labelNames: ['operation'] as const,
      registers: [options.registry],
    });
    this.loop = new WakeLoop({
      name: 'payment worker',
      listenConnection: options.listenConnection,
      channel: workChannel(options.schema),
      pollMs: options.pollMs,
      run: () => this.fill(),
      logger: options.logger,
    });
  }

  start(): Promise<void> {
    return this.loop.start();
  }

  /** Stops claiming, then waits for the provider calls under way to be recorded. */
  async stop(): Promise<void> {
    await this.loop.stop();
    await Promise.all(this.inFlight);
  }

  /** Claims more work now, or right after the claim under way. */
  wake(): void {
    this.loop.wake();
  }

  /**
   * Claims due payments up to the concurrency limit and starts their provider calls without
   * waiting for them, so one slow or hanging call (a timeout, a late answer) never holds up
   * the authorizations behind it. A finished call makes room: it wakes the worker only when due
   * work may be waiting for that room; otherwise a NOTIFY (new work) or the poll (retries) will.
   */
  private async fill(): Promise<void> {
    while (!this.loop.isStopped) {
      const room = Math.min(this.options.batchSize, this.options.concurrency - this.inFlight.size);
      if (room <= 0) {
        this.mayHaveMore = true;
        return;
      }
      if (this.options.circuitOpen()) {
        this.mayHaveMore = (await this.deferWhileOpen()) >= this.options.batchSize;
        return;
      }
      const { claimed, found } = await this.claim(room);
      for (const attempt of claimed) {
        const call: Promise<void> = this.attempt(attempt).finally(() => {
          this.inFlight.delete(call);
          if (this.mayHaveMore) this.wake();
        });
        this.inFlight.add(call);
      }
      if (found < room) {
        this.mayHaveMore = false;
        return;
      }
    }
  }

  private context(now: Date): TransitionContext {
    return { now, retryDelayMs: (failed) => retryDelayMs(failed, this.options.retry, Math.random()) };
  }

  private work(tx: Sql): UnitOfWork {
    return { repository: paymentRepository(tx, this.options.schema), outbox: this.options.outbox };
  }

  /** Leases up to `limit` due payments in one transaction of two statements; `found` says how many were due. */
  private claim(limit: number): Promise<{ claimed: ClaimedAttempt[]; found: number }> {
    const now = this.clock();
    const { leaseMs } = this.options;
    return this.inTransaction((tx) => claimDuePayments(this.work(tx).repository, { now, limit, leaseMs }));
  }

  private async attempt({ operation, payment }: ClaimedAttempt): Promise<void> {
    const started = performance.now();
    let result: ProviderOutcome;
    try {
      result = await callProvider(this.options.provider, operation, payment);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      result = { outcome: 'error', code: 'unexpected', message };
    }
    const latencyMs = Math.round(performance.now() - started);
    await this.results.add({ paymentId: payment.paymentId, operation, result, latencyMs });
  }

  /**
   * Records provider results that finished close together in one transaction. If it fails (a lock
   * cycle with a saga transaction, one bad result), nothing of it stays and each is recorded alone.
   */
  private async recordResults(results: readonly ProviderResult[]): Promise<void> {
    // Two results for one payment (a call made again after its lease ran out) apply one after the other.
    const together = results.length > 1 && new Set(results.map((r) => r.paymentId)).size === results.length;
    if (
      together &&
      (await this.record(results).then(
        () => true,
        () => false,
      ))
    )
      return;
    for (const result of results) await this.record([result]).catch((err: unknown) => this.recordFailed(result, err));
  }

  private recordFailed({ paymentId, operation, result }: ProviderResult, err: unknown): void {
    // The lease runs out and the call is made again; the idempotency key makes it the same call.
    const failed = { err, paymentId, operation, outcome: result.outcome };
    this.options.logger.error(failed, 'could not record a provider result');
  }

  /** Records the results in one transaction: attempts, outcomes on the status found now, their events. */
  private record(results: readonly ProviderResult[]): Promise<void> {
    const context = this.context(this.clock());
    return this.inTransaction((tx) => recordProviderResults(this.work(tx), results, context, (r) => this.report(r)));
  }

  /** A provider result in the log; a payment parked for a person is an error, and counted. */
  private report({ result: { paymentId, operation, result }, before, transition: next }: RecordedResult): void {
    const { logger } = this.options;
    const entry = {
      paymentId,
      operation,
      outcome: result.outcome,
      code: errorCodeOf(result),
      from: before.status,
      to: next.payment.status,
      attempt: before.attemptCount,
    };
    if (next.ignored) return logger.info({ ...entry, reason: next.ignored }, 'provider result changes nothing');
    if (entry.to === 'needs_attention') {
      this.needingAttention.inc({ operation });
      const reason = errorMessageOf(result);
      return logger.error({ ...entry, reason }, 'payment needs attention: the provider refused the operation for good');
    }
    if (result.outcome === 'error' || result.outcome === 'timeout') {
      return logger.warn(entry, 'provider call failed; will retry');
    }
    logger.info(entry, 'provider result');
  }

  /** The circuit is open: due payments wait (attempt logged as circuit_open, backoff), nothing is sent. */
  private deferWhileOpen(): Promise<number> {
    const context = this.context(this.clock());
    const { batchSize: limit, leaseMs } = this.options;
    return this.inTransaction((tx) => deferDuePayments(this.work(tx), { limit, leaseMs, context }));
  }
}

const errorMessageOf = (result: ProviderOutcome): string | null =>
  result.outcome === 'succeeded' ? null : result.message;
