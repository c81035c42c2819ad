import { createHash } from 'node:crypto';
import type { OrderTx } from '../persistence/order-repository.js';

export type IdempotencyCheck =
  | { kind: 'new' }
  | { kind: 'replay'; statusCode: number; body: unknown }
  | { kind: 'conflict'; message: string };

export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

/** The request's fingerprint: method, route and canonical body (keys sorted, so formatting doesn't matter). */
export function requestHash(method: string, route: string, body: unknown): string {
  const canonical = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(canonical) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)).map(([k, x]) => [k, canonical(x)])) : v;
  return createHash('sha256').update(`${method} ${route}\n${JSON.stringify(canonical(body))}`).digest('hex');
}

/**
 * Seed §3.7 inside the order's own transaction. A transaction-scoped advisory lock on (caller, key)
 * makes a concurrent duplicate see "in flight" (409) instead of creating a second order; the key
 * row commits together with the order it created, so a crash leaves neither.
 */
export async function checkIdempotencyKey(tx: OrderTx, callerId: string, key: string, hash: string): Promise<IdempotencyCheck> {
  const [lock] = await tx.$queryRaw<{ acquired: boolean }[]>`SELECT pg_try_advisory_xact_lock(hashtext(${callerId}), hashtext(${key})) AS acquired`;
  if (!lock?.acquired) return { kind: 'conflict', message: 'A request with this Idempotency-Key is still in progress' };
  const existing = await tx.idempotencyKey.findUnique({ where: { callerId_key: { callerId, key } } });
  if (existing && existing.expiresAt > new Date()) {
    if (existing.requestHash !== hash) return { kind: 'conflict', message: 'This Idempotency-Key was used with a different request' };
    return { kind: 'replay', statusCode: existing.statusCode ?? 200, body: existing.responseBody };
  }
  if (existing) await tx.idempotencyKey.delete({ where: { callerId_key: { callerId, key } } });
  return { kind: 'new' };
}

export async function storeIdempotentResponse(
  tx: OrderTx,
  record: { callerId: string; key: string; hash: string; statusCode: number; body: unknown; orderId: string },
): Promise<void> {
  await tx.idempotencyKey.create({
    data: {
      callerId: record.callerId,
      key: record.key,
      requestHash: record.hash,
      statusCode: record.statusCode,
      responseBody: record.body as object,
      orderId: record.orderId,
      expiresAt: new Date(Date.now() + IDEMPOTENCY_TTL_MS),
    },
  });
}

/** Keys live 24 h (seed §3.7); expired ones are also ignored on read, this only reclaims the space. */
export async function purgeExpiredKeys(db: { idempotencyKey: { deleteMany(args: { where: { expiresAt: { lt: Date } } }): Promise<{ count: number }> } }, now = new Date()): Promise<number> {
  return (await db.idempotencyKey.deleteMany({ where: { expiresAt: { lt: now } } })).count;
}
