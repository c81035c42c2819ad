import CircuitBreaker from 'opossum';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { PaymentProvider, ProviderOutcome } from '../domain/payment-provider.port.js';
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
 * 'declined': final, never retried). The timeout is the HTTP
 * client's (it aborts the request), so the breaker's own is off. The state is exported as the
 * gauge payment_provider_circuit_state (0 closed, 1 half-open, 2 open).
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

  async function guarded(operation: ProviderOperation, call: () => Promise<ProviderOutcome>): Promise<ProviderOutcome> {
    let outcome: ProviderOutcome;
    try {
      outcome = (await breaker.fire(call)) as ProviderOutcome;
    } catch (error) {
      outcome = toOutcome(error);
    }
    calls.inc({ operation, outcome: outcome.outcome });
    return outcome;
  }

  const settled = (p: Promise<{ transactionId: string }>): Promise<ProviderOutcome> =>
    p.then(({ transactionId }) => ({ outcome: 'succeeded' as const, transactionId }));

  return {
    provider: {
      authorize: (request) => guarded('authorize', () => client.authorize(request)),
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
    // authorization, a key reused with other parameters): asking again gets the same answer.
    const outcome = error.kind === 'rejected' ? 'declined' : error.kind;
    return { outcome, code: error.code, message: error.message };
  }
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'EOPENBREAKER' || code === 'ESEMLOCKED') {
    return { outcome: 'circuit_open', code: 'circuit_open', message: 'the provider circuit is open' };
  }
  return { outcome: 'error', code: 'unexpected', message: error instanceof Error ? error.message : String(error) };
}
