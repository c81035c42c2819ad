import { randomBytes } from 'node:crypto';

export type AuthorizationStatus = 'authorized' | 'voided' | 'captured' | 'refunded';

export interface LedgerEntry {
  readonly transaction_id: string;
  readonly idempotency_key: string;
  readonly amount_cents: number;
  readonly currency: string;
  readonly brand: string;
  readonly last4: string;
  status: AuthorizationStatus;
  readonly history: { status: AuthorizationStatus; at: string }[];
}

export interface StoredAnswer {
  readonly statusCode: number;
  readonly body: unknown;
  /** What the first request asked for: the same key with other parameters is a conflict. */
  readonly fingerprint: string;
}

/** The transitions a processor allows on an authorization (a repeat of the same one is a no-op). */
const allowed: Record<'void' | 'capture' | 'refund', { from: AuthorizationStatus; to: AuthorizationStatus }> = {
  void: { from: 'authorized', to: 'voided' },
  capture: { from: 'authorized', to: 'captured' },
  refund: { from: 'captured', to: 'refunded' },
};

/**
 * The simulated processor's books: every authorization it ever made, the final answer per
 * idempotency key (so a repeated request is never a second charge), and how many requests
 * each key brought (tests read it to prove a charge happened exactly once).
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
    const entry: LedgerEntry = {
      transaction_id: `txn_${randomBytes(12).toString('hex')}`,
      idempotency_key: key,
      amount_cents: amountCents,
      currency,
      brand,
      last4,
      status: 'authorized',
      history: [{ status: 'authorized', at: new Date().toISOString() }],
    };
    this.entries.set(entry.transaction_id, entry);
    return entry;
  }

  /** Applies void/capture/refund. `missing` for an unknown transaction, `conflict` when its state forbids it. */
  apply(transactionId: string, operation: keyof typeof allowed): LedgerEntry | 'missing' | 'conflict' {
    const entry = this.entries.get(transactionId);
    if (!entry) return 'missing';
    const { from, to } = allowed[operation];
    if (entry.status === to) return entry;
    if (entry.status !== from) return 'conflict';
    entry.status = to;
    entry.history.push({ status: to, at: new Date().toISOString() });
    return entry;
  }

  /** The books, or one key's page of them. */
  view(key?: string): { requests: number; authorizations: LedgerEntry[] } {
    const authorizations = [...this.entries.values()].filter((e) => key === undefined || e.idempotency_key === key);
    const requests =
      key === undefined ? [...this.requests.values()].reduce((a, b) => a + b, 0) : (this.requests.get(key) ?? 0);
    return { requests, authorizations };
  }
}
