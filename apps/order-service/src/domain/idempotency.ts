import { createHash } from 'node:crypto';
import type { PendingOrderInsert } from '../persistence/pending-order-insert.js';

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
 * Seed §3.7: what the write of an order under a key (insertPendingOrder) says for the request. A key
 * still held by a concurrent request, or used with another body, is a conflict; the same body gets
 * the stored response.
 */
export function idempotencyCheckOf(written: PendingOrderInsert, hash: string): IdempotencyCheck {
  if (written.kind === 'inserted') return { kind: 'new' };
  if (written.kind === 'key-in-flight') return { kind: 'conflict', message: 'A request with this Idempotency-Key is still in progress' };
  if (written.requestHash !== hash) return { kind: 'conflict', message: 'This Idempotency-Key was used with a different request' };
  return { kind: 'replay', statusCode: written.statusCode ?? 200, body: written.body };
}

/** Keys live 24 h (seed §3.7); expired ones are also ignored on read, this only reclaims the space. */
export async function purgeExpiredKeys(db: { idempotencyKey: { deleteMany(args: { where: { expiresAt: { lt: Date } } }): Promise<{ count: number }> } }, now = new Date()): Promise<number> {
  return (await db.idempotencyKey.deleteMany({ where: { expiresAt: { lt: now } } })).count;
}
