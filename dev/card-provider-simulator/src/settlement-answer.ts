import type { LedgerEntry } from './ledger.js';

/** What a void, capture or refund answers: its amount (the operation just applied) and the authorization's totals. */
export function settlementAnswer(entry: LedgerEntry) {
  return {
    transaction_id: entry.transaction_id,
    status: entry.status,
    amount_cents: entry.operations.at(-1)?.amount_cents ?? 0,
    captured_cents: entry.captured_cents,
    refunded_cents: entry.refunded_cents,
  };
}
