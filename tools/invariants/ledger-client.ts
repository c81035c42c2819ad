/**
 * The card provider's books as the checker reads them (GET /v1/ledger on the simulator). The
 * route's shape is read defensively: today an authorization has `amount_cents`, `status` and a
 * `history` of statuses; a richer ledger may add `authorized_cents`, `captured_cents`,
 * `refunded_cents` and `operations` (`{ operation, idempotency_key, amount_cents }`), which win
 * when present. Missing amounts are derived from the status and its history.
 */
export interface LedgerAuthorization {
  readonly transactionId: string;
  readonly idempotencyKey: string;
  readonly status: string;
  readonly authorizedCents: number;
  readonly capturedCents: number;
  readonly refundedCents: number;
  /** How many captures the provider made on it. */
  readonly captures: number;
  /** Money the provider still holds for the customer: an open authorization or a capture not refunded. */
  readonly heldCents: number;
  /** When it last changed, if the ledger says. */
  readonly changedAt: Date | undefined;
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const list = (v: unknown): Json[] | undefined => (Array.isArray(v) ? v.filter(isObject) : undefined);

function operationsOf(entry: Json, name: string): Json[] | undefined {
  const operations = list(entry.operations);
  return operations?.filter((op) => (str(op.operation) ?? str(op.type) ?? str(op.kind)) === name);
}

const sumCents = (ops: Json[], fallback: number) =>
  ops.reduce((sum, op) => sum + (num(op.amount_cents) ?? fallback), 0);

export function toLedgerAuthorization(entry: Json): LedgerAuthorization {
  const status = str(entry.status) ?? 'unknown';
  const authorizedCents = num(entry.authorized_cents) ?? num(entry.amount_cents) ?? 0;
  const history = list(entry.history) ?? [];
  const statuses = history.map((h) => str(h.status));
  const captureOps = operationsOf(entry, 'capture');
  const refundOps = operationsOf(entry, 'refund');
  const historyCaptures = statuses.filter((s) => s === 'captured').length;
  const impliedCaptures = history.length > 0 ? historyCaptures : ['captured', 'refunded'].includes(status) ? 1 : 0;
  const captures = captureOps?.length ?? impliedCaptures;
  const capturedCents =
    num(entry.captured_cents) ?? (captureOps ? sumCents(captureOps, authorizedCents) : captures * authorizedCents);
  const refundedCents =
    num(entry.refunded_cents) ??
    (refundOps ? sumCents(refundOps, authorizedCents) : status === 'refunded' ? authorizedCents : 0);
  let heldCents = 0;
  if (status !== 'voided') {
    heldCents =
      capturedCents > 0 ? Math.max(capturedCents - refundedCents, 0) : status === 'authorized' ? authorizedCents : 0;
  }
  const lastChange = str(history.at(-1)?.at) ?? str(entry.updated_at) ?? str(entry.created_at);
  return {
    transactionId: str(entry.transaction_id) ?? '(no transaction id)',
    idempotencyKey: str(entry.idempotency_key) ?? '',
    status,
    authorizedCents,
    capturedCents,
    refundedCents,
    captures,
    heldCents,
    changedAt: lastChange ? new Date(lastChange) : undefined,
  };
}

/** Reads the whole ledger; throws with the reason when the provider does not answer with one. */
export async function readLedger(providerUrl: string, timeoutMs = 10_000): Promise<LedgerAuthorization[]> {
  const response = await fetch(`${providerUrl}/v1/ledger`, { signal: AbortSignal.timeout(timeoutMs) });
  if (!response.ok) throw new Error(`GET ${providerUrl}/v1/ledger answered ${response.status}`);
  const body: unknown = await response.json();
  const entries = Array.isArray(body) ? body : isObject(body) ? body.authorizations : undefined;
  if (!Array.isArray(entries)) throw new Error(`GET ${providerUrl}/v1/ledger: no authorizations list in the answer`);
  return entries.filter(isObject).map(toLedgerAuthorization);
}

const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/** The payment an authorization was made for: the payment service's idempotency key is its payment id. */
export const paymentIdOf = (a: LedgerAuthorization): string | undefined =>
  uuid.exec(a.idempotencyKey)?.[0].toLowerCase();
