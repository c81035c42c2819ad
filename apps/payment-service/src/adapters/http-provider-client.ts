import { request } from 'undici';
import { describeCard } from '../domain/card.js';
import type { AuthorizationRequest, TransactionRequest } from '../domain/payment-provider.port.js';
import { developmentProviderApiKey } from '../config.js';

/**
 * Why a call brought no answer to act on. `error` and `timeout` are the provider's trouble (they
 * count against the circuit breaker); `rejected` is a 4xx about our request (a bug, a state
 * conflict, credentials it refuses), which says nothing about the provider's health. `mismatch`:
 * the provider answered for another amount or currency than we asked, a fault of the provider's
 * that asking again under the same key only repeats; `transactionId` is what it may hold.
 */
export class ProviderCallError extends Error {
  override readonly name = 'ProviderCallError';

  constructor(
    readonly kind: 'error' | 'timeout' | 'rejected' | 'mismatch',
    readonly code: string,
    message: string,
    readonly transactionId?: string,
  ) {
    super(message);
  }
}

export type AuthorizationAnswer =
  | { readonly outcome: 'succeeded'; readonly transactionId: string; readonly methodDescription?: string }
  | { readonly outcome: 'declined'; readonly code: string; readonly message: string };

export interface HttpProviderClientOptions {
  readonly baseUrl: string;
  /** Sent as `Authorization: Bearer <key>` (default: the simulator's development key). */
  readonly apiKey?: string;
  /** Per call, headers and body included: the provider that has not answered by then timed out. */
  readonly timeoutMs: number;
}

interface ProviderBody {
  transaction_id?: string;
  /** What the provider did: an authorization's amount, or this capture's or refund's. */
  amount_cents?: number;
  currency?: string;
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
      const asked = `${input.amountCents} ${input.currency}`;
      const answered = `${String(body.amount_cents)} ${String(body.currency)}`;
      if (body.amount_cents !== input.amountCents || body.currency?.toUpperCase() !== input.currency.toUpperCase()) {
        throw mismatch('authorize', asked, answered, body.transaction_id);
      }
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

  /** A capture or refund answered for another amount than asked is not done as asked: never a success. */
  private async act(
    operation: 'void' | 'capture' | 'refund',
    { transactionId }: TransactionRequest,
    payload: { idempotency_key: string; amount_cents?: number },
  ): Promise<{ readonly transactionId: string }> {
    const path = `/v1/authorizations/${encodeURIComponent(transactionId)}/${operation}`;
    const { status, body } = await this.post(path, payload);
    if (status < 200 || status >= 300) throw failure(status, body);
    if (payload.amount_cents !== undefined && body.amount_cents !== payload.amount_cents) {
      throw mismatch(operation, String(payload.amount_cents), String(body.amount_cents), transactionId);
    }
    return { transactionId };
  }

  private async post(path: string, payload: unknown): Promise<{ status: number; body: ProviderBody }> {
    const signal = AbortSignal.timeout(this.options.timeoutMs);
    try {
      // Relative to the base URL, so a base with a path prefix (https://host/psp/) keeps it.
      const base = this.options.baseUrl.endsWith('/') ? this.options.baseUrl : `${this.options.baseUrl}/`;
      const response = await request(new URL(path.replace(/^\//, ''), base), {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          authorization: `Bearer ${this.options.apiKey ?? developmentProviderApiKey}`,
        },
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

function mismatch(operation: string, asked: string, answered: string, transactionId: string): ProviderCallError {
  const message = `the provider's ${operation} answer is for ${answered}, the request was for ${asked}`;
  return new ProviderCallError('mismatch', 'provider_amount_mismatch', message, transactionId);
}

function failure(status: number, body: ProviderBody): ProviderCallError {
  const code = body.error?.code ?? `http_${status}`;
  const message = body.error?.message ?? `provider answered ${status}`;
  if (status === 401 || status === 403) {
    // Our credentials: no retry helps until PROVIDER_API_KEY is put right.
    const refused = `the provider refused our credentials (PROVIDER_API_KEY): ${message}`;
    return new ProviderCallError('rejected', 'provider_unauthorized', refused);
  }
  if (status === 504 || status === 408) return new ProviderCallError('timeout', code, message);
  return new ProviderCallError(status >= 500 || status === 429 ? 'error' : 'rejected', code, message);
}
