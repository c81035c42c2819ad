import { request } from 'undici';
import { describeCard } from '../domain/card.js';
import type { AuthorizationRequest, TransactionRequest } from '../domain/payment-provider.port.js';

/**
 * Why a call brought no answer to act on. `error` and `timeout` are the provider's trouble (they
 * count against the circuit breaker); `rejected` is a 4xx about our request (a bug or a state
 * conflict), which says nothing about the provider's health.
 */
export class ProviderCallError extends Error {
  override readonly name = 'ProviderCallError';

  constructor(
    readonly kind: 'error' | 'timeout' | 'rejected',
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export type AuthorizationAnswer =
  | { readonly outcome: 'succeeded'; readonly transactionId: string; readonly methodDescription?: string }
  | { readonly outcome: 'declined'; readonly code: string; readonly message: string };

export interface HttpProviderClientOptions {
  readonly baseUrl: string;
  /** Per call, headers and body included: the provider that has not answered by then timed out. */
  readonly timeoutMs: number;
}

interface ProviderBody {
  transaction_id?: string;
  card?: { brand?: string; last4?: string };
  error?: { code?: string; message?: string };
}

/** The card processor's HTTP API (the simulator's, shaped like a real processor's test mode). */
export class HttpProviderClient {
  constructor(private readonly options: HttpProviderClientOptions) {}

  async authorize(input: AuthorizationRequest): Promise<AuthorizationAnswer> {
    const { status, body } = await this.post('/v1/authorizations', {
      amount_cents: input.amountCents,
      currency: input.currency,
      token: input.token,
      idempotency_key: input.idempotencyKey,
    });
    if (status >= 200 && status < 300 && body.transaction_id) {
      const card = body.card;
      return {
        outcome: 'succeeded',
        transactionId: body.transaction_id,
        ...(card?.brand && card.last4 ? { methodDescription: describeCard(card.brand, card.last4) } : {}),
      };
    }
    if (status === 402) {
      return {
        outcome: 'declined',
        code: body.error?.code ?? 'card_declined',
        message: body.error?.message ?? 'The card was declined',
      };
    }
    throw failure(status, body);
  }

  /** Like every call that changes something at the provider, under the request's idempotency key. */
  void(request: TransactionRequest): Promise<{ readonly transactionId: string }> {
    return this.act('void', request, { idempotency_key: request.idempotencyKey });
  }

  capture(request: TransactionRequest): Promise<{ readonly transactionId: string }> {
    return this.act('capture', request, { idempotency_key: request.idempotencyKey, amount_cents: request.amountCents });
  }

  refund(request: TransactionRequest): Promise<{ readonly transactionId: string }> {
    return this.act('refund', request, { idempotency_key: request.idempotencyKey, amount_cents: request.amountCents });
  }

  private async act(
    operation: 'void' | 'capture' | 'refund',
    { transactionId }: TransactionRequest,
    payload: { idempotency_key: string; amount_cents?: number },
  ): Promise<{ readonly transactionId: string }> {
    const path = `/v1/authorizations/${encodeURIComponent(transactionId)}/${operation}`;
    const { status, body } = await this.post(path, payload);
    if (status >= 200 && status < 300) return { transactionId };
    throw failure(status, body);
  }

  private async post(path: string, payload: unknown): Promise<{ status: number; body: ProviderBody }> {
    const signal = AbortSignal.timeout(this.options.timeoutMs);
    try {
      // Relative to the base URL, so a base with a path prefix (https://host/psp/) keeps it.
      const base = this.options.baseUrl.endsWith('/') ? this.options.baseUrl : `${this.options.baseUrl}/`;
      const response = await request(new URL(path.replace(/^\//, ''), base), {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(payload),
        signal,
      });
      const text = await response.body.text();
      return { status: response.statusCode, body: parse(text) };
    } catch (error) {
      if (signal.aborted) {
        throw new ProviderCallError('timeout', 'timeout', `no answer within ${this.options.timeoutMs} ms`);
      }
      throw new ProviderCallError('error', 'network_error', error instanceof Error ? error.message : String(error));
    }
  }
}

function parse(text: string): ProviderBody {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as ProviderBody) : {};
  } catch {
    return {};
  }
}

function failure(status: number, body: ProviderBody): ProviderCallError {
  const code = body.error?.code ?? `http_${status}`;
  const message = body.error?.message ?? `provider answered ${status}`;
  if (status === 504 || status === 408) return new ProviderCallError('timeout', code, message);
  return new ProviderCallError(status >= 500 || status === 429 ? 'error' : 'rejected', code, message);
}
