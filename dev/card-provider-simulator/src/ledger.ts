import { randomBytes } from 'node:crypto';

export type AuthorizationStatus = 'authorized' | 'voided' | 'captured' | 'partially_refunded' | 'refunded';
export type ProcessorOperation = 'authorize' | 'void' | 'capture' | 'refund';
/** The operations that act on an existing authorization. */
export type SettlementOperation = Exclude<ProcessorOperation, 'authorize'>;

/** One effect the processor applied (a replayed answer is not one: it changes nothing). */
export interface LedgerOperation {
  readonly operation: ProcessorOperation;
  /** The key the request carried; null for a request without one. */
  readonly idempotency_key: string | null;
  readonly amount_cents: number;
  readonly at: string;
}

export interface LedgerEntry {
  readonly transaction_id: string;
  /** The authorization's key. */
  readonly idempotency_key: string;
  /** The amount authorized (kept beside authorized_cents for the readers that know only this name). */
  readonly amount_cents: number;
  readonly currency: string;
  readonly brand: string;
  readonly last4: string;
  readonly authorized_cents: number;
  captured_cents: number;
  /** Accumulates over partial refunds; never above captured_cents. */
  refunded_cents: number;
  status: AuthorizationStatus;
  readonly history: { status: AuthorizationStatus; at: string }[];
  readonly operations: LedgerOperation[];
}

/** What a processor at fault applies instead of what was asked (see SimulatorControls.misapplyNext). */
export interface MisappliedTerms {
  readonly amountCents?: number;
  /** An authorization's only. */
  readonly currency?: string;
}

/** Why the processor refused an operation on an authorization. */
export interface LedgerRefusal {
  readonly refused: 'resource_missing' | 'invalid_state' | 'amount_too_large';
  readonly message: string;
}

export interface SettlementRequest {
  /** Capture: at most the amount authorized (default all of it). Refund: at most what is left (default all). */
  readonly amountCents?: number;
  readonly idempotencyKey?: string;
}

export interface StoredAnswer {
  readonly statusCode: number;
  readonly body: unknown;
  /** What the first request asked for: the same key with other parameters is a conflict. */
  readonly fingerprint: string;
}

/** The statuses each operation may start from. */
const startsFrom: Record<SettlementOperation, readonly AuthorizationStatus[]> = {
  void: ['authorized'],
  capture: ['authorized'],
  refund: ['captured', 'partially_refunded'],
};

/**
 * The simulated processor's books: every authorization it ever made with every effect applied to
 * it, the final answer per idempotency key (so a repeated request is never a second effect), and
 * how many requests each key brought (tests read it to prove an effect happened exactly once).
 * Like a real processor it forgives nothing without a key: a repeated void or capture is refused,
 * a repeated refund refunds again.
 */
export class Ledger {
  private readonly entries = new Map<string, LedgerEntry>();
  private readonly answers = new Map<string, StoredAnswer>();
  private readonly requests = new Map<string, number>();

  countRequest(key: string): number {
    const n = (this.requests.get(key) ?? 0) + 1;
    this.requests.set(key, n);
    return n;
  }

  answerFor(key: string): StoredAnswer | undefined {
    return this.answers.get(key);
  }

  remember(key: string, answer: StoredAnswer): void {
    this.answers.set(key, answer);
  }

  authorize(key: string, amountCents: number, currency: string, brand: string, last4: string): LedgerEntry {
    const at = new Date().toISOString();
    const entry: LedgerEntry = {
      transaction_id: `txn_${randomBytes(12).toString('hex')}`,
      idempotency_key: key,
      amount_cents: amountCents,
      currency,
      brand,
      last4,
      authorized_cents: amountCents,
      captured_cents: 0,
      refunded_cents: 0,
      status: 'authorized',
      history: [{ status: 'authorized', at }],
      operations: [{ operation: 'authorize', idempotency_key: key, amount_cents: amountCents, at }],
    };
    this.entries.set(entry.transaction_id, entry);
    return entry;
  }

  /** Applies a void, capture or refund as a processor would: once per request, whatever came before. */
  apply(
    transactionId: string,
    operation: SettlementOperation,
    request: SettlementRequest = {},
  ): LedgerEntry | LedgerRefusal {
    const entry = this.entries.get(transactionId);
    if (!entry) return { refused: 'resource_missing', message: 'No such authorization' };
    if (!startsFrom[operation].includes(entry.status)) {
      return { refused: 'invalid_state', message: `Cannot ${operation} an authorization that is ${entry.status}` };
    }
    const amount = amountOf(entry, operation, request.amountCents);
    if (typeof amount !== 'number') return amount;

    const at = new Date().toISOString();
    if (operation === 'capture') entry.captured_cents = amount;
    if (operation === 'refund') entry.refunded_cents += amount;
    const status = statusAfter(entry, operation);
    if (status !== entry.status) {
      entry.status = status;
      entry.history.push({ status, at });
    }
    entry.operations.push({ operation, idempotency_key: request.idempotencyKey ?? null, amount_cents: amount, at });
    return entry;
  }

  /** The books, or those one key touched: the authorization made under it, or acted on under it. */
  view(key?: string): { requests: number; authorizations: LedgerEntry[] } {
    const touched = (e: LedgerEntry) => e.operations.some((o) => o.idempotency_key === key);
    const authorizations = [...this.entries.values()].filter((e) => key === undefined || touched(e));
    const requests =
      key === undefined ? [...this.requests.values()].reduce((a, b) => a + b, 0) : (this.requests.get(key) ?? 0);
    return { requests, authorizations };
  }
}

function amountOf(entry: LedgerEntry, operation: SettlementOperation, asked?: number): number | LedgerRefusal {
  if (operation === 'void') return entry.authorized_cents;
  const left = operation === 'capture' ? entry.authorized_cents : entry.captured_cents - entry.refunded_cents;
  const amount = asked ?? left;
  if (amount > left) {
    return { refused: 'amount_too_large', message: `Cannot ${operation} ${amount}: at most ${left} is left` };
  }
  return amount;
}

function statusAfter(entry: LedgerEntry, operation: SettlementOperation): AuthorizationStatus {
  if (operation === 'void') return 'voided';
  if (operation === 'capture') return 'captured';
  return entry.refunded_cents === entry.captured_cents ? 'refunded' : 'partially_refunded';
}
