import CircuitBreaker from 'opossum';
import { Counter, Gauge, type Registry } from 'prom-client';
import {
  idempotencyKeyOf,
  type AuthorizationRequest,
  type PaymentProvider,
  type ProviderOutcome,
} from '../domain/payment-provider.port.js';
import type { ProviderOperation } from '../domain/payment.js';
import { ProviderCallError, type HttpProviderClient } from './http-provider-client.js';

export interface BreakerSettings {
  /** Opens when more than this share of the calls in the window failed... */
  readonly errorThresholdPercentage: number;
  /** ...once at least this many calls were made in it. */
  readonly volumeThreshold: number;
  readonly rollingWindowMs: number;
  /** Open this long, then one trial call (half-open): success closes it, failure opens it again. */
  readonly resetTimeoutMs: number;
}

export const circuitStateValue = { closed: 0, half_open: 1, open: 2 } as const;

export interface GuardedProvider {
  readonly provider: PaymentProvider;
  /** Open (not half-open): calls would be refused, so the worker does not take payments out for them. */
  isOpen(): boolean;
  shutdown(): void;
}

type Call = () => Promise<unknown>;

/**
 * The provider behind one opossum circuit breaker (the processor as a whole: when it is down, it
 * is down for every operation). Errors and timeouts count as failures; declines are answers and
 * 4xx rejections are about our request, so neither opens the circuit (both reach the worker as
 * 'declined': final, never retried). An answer for another amount or currency than asked is the
 * provider's fault (it counts against the circuit) and final too: never a success, so a capture or
 * refund waits in needs_attention and an authorization fails, once what it may hold is voided (see
 * voidMismatchedAuthorization). The timeout is the HTTP client's (it aborts the request), so the
 * breaker's own is off. The state is exported as the gauge payment_provider_circuit_state
 * (0 closed, 1 half-open, 2 open).
 */
export function guardWithCircuitBreaker(
  client: HttpProviderClient,
  settings: BreakerSettings,
  registry: Registry,
): GuardedProvider {
  const breaker = new CircuitBreaker<[Call], unknown>((call) => call(), {
    name: 'payment-provider',
    timeout: false,
    errorThresholdPercentage: settings.errorThresholdPercentage,
    volumeThreshold: settings.volumeThreshold,
    rollingCountTimeout: settings.rollingWindowMs,
    resetTimeout: settings.resetTimeoutMs,
    errorFilter: (error: unknown) => error instanceof ProviderCallError && error.kind === 'rejected',
  });

  const state = new Gauge({
    name: 'payment_provider_circuit_state',
    help: 'Card provider circuit breaker: 0 closed, 1 half-open, 2 open',
    registers: [registry],
  });
  const calls = new Counter({
    name: 'payment_provider_calls_total',
    help: 'Card provider calls by operation and outcome (circuit_open: refused by the breaker)',
    labelNames: ['operation', 'outcome'] as const,
    registers: [registry],
  });
  state.set(circuitStateValue.closed);
  breaker.on('open', () => state.set(circuitStateValue.open));
  breaker.on('halfOpen', () => state.set(circuitStateValue.half_open));
  breaker.on('close', () => state.set(circuitStateValue.closed));

  async function guarded(
    operation: ProviderOperation,
    call: () => Promise<ProviderOutcome>,
    recover: (error: unknown) => ProviderOutcome | Promise<ProviderOutcome> = toOutcome,
  ): Promise<ProviderOutcome> {
    let outcome: ProviderOutcome;
    try {
      outcome = (await breaker.fire(call)) as ProviderOutcome;
    } catch (error) {
      outcome = await recover(error);
    }
    calls.inc({ operation, outcome: outcome.outcome });
    return outcome;
  }

  const settled = (p: Promise<{ transactionId: string }>): Promise<ProviderOutcome> =>
    p.then(({ transactionId }) => ({ outcome: 'succeeded' as const, transactionId }));

  /**
   * The provider may hold an authorization for other terms than asked: it is voided under the
   * payment's void key (the one the worker would use, so a void from either side acts once) before
   * the authorization is reported declined. Until the void goes through, the authorization is a
   * failed attempt: the worker asks again, the provider replays the same answer, and the void is
   * tried again.
   */
  async function voidMismatchedAuthorization(request: AuthorizationRequest, mismatch: ProviderCallError) {
    const voided = await guarded('void', () =>
      settled(
        client.void({
          transactionId: mismatch.transactionId ?? '',
          idempotencyKey: idempotencyKeyOf(request.idempotencyKey, 'void'),
          amountCents: request.amountCents,
        }),
      ),
    );
    const { code, message } = mismatch;
    if (voided.outcome === 'succeeded') {
      return { outcome: 'declined' as const, code, message: `${message}; that authorization was voided` };
    }
    const why = `${voided.code}: ${voided.message}`;
    if (voided.outcome === 'declined') {
      return { outcome: 'declined' as const, code, message: `${message}; the provider refused to void it (${why})` };
    }
    return { outcome: 'error' as const, code, message: `${message}; voiding it failed (${why}), to be tried again` };
  }

  return {
    provider: {
      authorize: (request) =>
        guarded(
          'authorize',
          () => client.authorize(request),
          (error) =>
            error instanceof ProviderCallError && error.kind === 'mismatch' && error.transactionId
              ? voidMismatchedAuthorization(request, error)
              : toOutcome(error),
        ),
      void: (request) => guarded('void', () => settled(client.void(request))),
      capture: (request) => guarded('capture', () => settled(client.capture(request))),
      refund: (request) => guarded('refund', () => settled(client.refund(request))),
    },
    isOpen: () => breaker.opened,
    shutdown: () => breaker.shutdown(),
  };
}

function toOutcome(error: unknown): ProviderOutcome {
  if (error instanceof ProviderCallError) {
    // A 4xx is the provider's final word on this request (an unknown or already captured
    // authorization, a key reused with other parameters, our credentials), and so is an answer for
    // other terms: asking again gets the same answer.
    const outcome = error.kind === 'rejected' || error.kind === 'mismatch' ? 'declined' : error.kind;
    return { outcome, code: error.code, message: error.message };
  }
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'EOPENBREAKER' || code === 'ESEMLOCKED') {
    return { outcome: 'circuit_open', code: 'circuit_open', message: 'the provider circuit is open' };
  }
  return { outcome: 'error', code: 'unexpected', message: error instanceof Error ? error.message : String(error) };
}
