import type pg from 'pg';
import type { Logger } from '@shop/telemetry';
import { WakeLoop, type OutboxWriter } from '@shop/messaging';
import { commitTransition } from '../application/commit-transition.js';
import { callProvider, type PaymentProvider, type ProviderOutcome } from '../domain/payment-provider.port.js';
import { claimAttempt, transition, type ClaimedAttempt, type TransitionContext } from '../domain/payment-state-machine.js';
import { retryDelayMs, type RetryPolicy } from '../domain/retry-schedule.js';
import type { PaymentPrisma } from '../persistence/prisma.js';
import { prismaPaymentRepository, workChannel } from '../persistence/prisma-payment.repository.js';

export interface AuthorizationWorkerOptions {
  readonly prisma: PaymentPrisma;
  readonly schema: string;
  /** For the LISTEN connection (same database and role as the pool). */
  readonly listenConnection: pg.ClientConfig;
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
  readonly clock?: () => Date;
}

const circuitOpen: ProviderOutcome = { outcome: 'circuit_open', code: 'circuit_open', message: 'the provider circuit is open' };

/**
 * Makes the provider calls the saga asks for, outside any Kafka handler's transaction:
 * 1. claim: in a short transaction, take due payments no other replica holds (FOR UPDATE SKIP
 *    LOCKED), count the attempt and lease them (an authorization is marked sent before it leaves);
 * 2. call the provider through the circuit breaker, the payment id as idempotency key;
 * 3. record: lock the payment again, log the attempt, and apply the outcome to the status found
 *    NOW (a cancel may have come meanwhile: then the authorization is voided), with its outbox
 *    events, in one transaction.
 * While the circuit is open, due payments are not taken out: their attempt is logged as
 * circuit_open and they wait with backoff. Woken by NOTIFY on commit, and by a short poll.
 */
export class AuthorizationWorker {
  private readonly clock: () => Date;
  private readonly loop: WakeLoop;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly options: AuthorizationWorkerOptions) {
    this.clock = options.clock ?? (() => new Date());
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
   * the authorizations behind it. Each finished call wakes the worker for the next.
   */
  private async fill(): Promise<void> {
    while (!this.loop.isStopped) {
      const room = Math.min(this.options.batchSize, this.options.concurrency - this.inFlight.size);
      if (room <= 0) return;
      if (this.options.circuitOpen()) {
        await this.deferWhileOpen();
        return;
      }
      const claimed = await this.claim(room);
      for (const attempt of claimed) {
        const call: Promise<void> = this.attempt(attempt).finally(() => {
          this.inFlight.delete(call);
          this.wake();
        });
        this.inFlight.add(call);
      }
      if (claimed.length < room) return;
    }
  }

  private context(now: Date): TransitionContext {
    return { now, retryDelayMs: (failed) => retryDelayMs(failed, this.options.retry, Math.random()) };
  }

  private claim(limit: number): Promise<ClaimedAttempt[]> {
    const now = this.clock();
    return this.options.prisma.$transaction(async (tx) => {
      const repository = prismaPaymentRepository(tx, this.options.schema);
      const claimed: ClaimedAttempt[] = [];
      for (const payment of await repository.claimDue(now, limit)) {
        const attempt = claimAttempt(payment, { now, leaseMs: this.options.leaseMs, providerCalled: true });
        if (!attempt) continue;
        await repository.save(attempt.payment, now);
        claimed.push(attempt);
      }
      return claimed;
    });
  }

  private async attempt({ operation, payment }: ClaimedAttempt): Promise<void> {
    const started = performance.now();
    let result: ProviderOutcome;
    try {
      result = await callProvider(this.options.provider, operation, payment);
    } catch (error) {
      result = { outcome: 'error', code: 'unexpected', message: error instanceof Error ? error.message : String(error) };
    }
    const latencyMs = Math.round(performance.now() - started);
    try {
      await this.record(payment.paymentId, operation, result, latencyMs);
    } catch (err) {
      // The lease runs out and the call is made again; the idempotency key makes it the same call.
      this.options.logger.error({ err, paymentId: payment.paymentId, operation, outcome: result.outcome }, 'could not record a provider result');
    }
  }

  private record(paymentId: string, operation: ClaimedAttempt['operation'], result: ProviderOutcome, latencyMs: number): Promise<void> {
    const now = this.clock();
    return this.options.prisma.$transaction(async (tx) => {
      const repository = prismaPaymentRepository(tx, this.options.schema);
      const payment = await repository.findForUpdate(paymentId);
      if (!payment) return;
      await repository.recordAttempt({ paymentId, operation, outcome: result.outcome, errorCode: errorCodeOf(result), latencyMs, at: now });
      const next = transition(payment, { type: 'provider_result', operation, result }, this.context(now));
      const entry = { paymentId, operation, outcome: result.outcome, code: errorCodeOf(result), from: payment.status, to: next.payment.status, attempt: payment.attemptCount };
      if (next.ignored) this.options.logger.info({ ...entry, reason: next.ignored }, 'provider result changes nothing');
      else if (result.outcome === 'error' || result.outcome === 'timeout') this.options.logger.warn(entry, 'provider call failed; will retry');
      else this.options.logger.info(entry, 'provider result');
      await commitTransition({ tx, repository, outbox: this.options.outbox }, next, now);
    });
  }

  /** The circuit is open: due payments wait (attempt logged as circuit_open, backoff), nothing is sent. */
  private deferWhileOpen(): Promise<number> {
    const now = this.clock();
    return this.options.prisma.$transaction(async (tx) => {
      const repository = prismaPaymentRepository(tx, this.options.schema);
      const due = await repository.claimDue(now, this.options.batchSize);
      for (const payment of due) {
        const attempt = claimAttempt(payment, { now, leaseMs: this.options.leaseMs, providerCalled: false });
        if (!attempt) continue;
        await repository.recordAttempt({ paymentId: payment.paymentId, operation: attempt.operation, outcome: 'circuit_open', errorCode: 'circuit_open', latencyMs: 0, at: now });
        const next = transition(attempt.payment, { type: 'provider_result', operation: attempt.operation, result: circuitOpen }, this.context(now));
        await commitTransition({ tx, repository, outbox: this.options.outbox }, next, now);
      }
      return due.length;
    });
  }
}

const errorCodeOf = (result: ProviderOutcome): string | null => (result.outcome === 'succeeded' ? null : result.code);
