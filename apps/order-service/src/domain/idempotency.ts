import type { PendingOrderWrite } from './orders.port.js';

export type IdempotencyCheck =
  { kind: 'new' } | { kind: 'replay'; statusCode: number; body: unknown } | { kind: 'conflict'; message: string };

/** How long an Idempotency-Key and its stored response live. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * What the write of an order under a key says for the request. A key still held by a concurrent
 * request, or used with another body, is a conflict; the same body gets the stored response.
 */
export function idempotencyCheckOf(written: PendingOrderWrite, hash: string): IdempotencyCheck {
  if (written.kind === 'inserted') return { kind: 'new' };
  if (written.kind === 'key-in-flight') {
    return { kind: 'conflict', message: 'A request with this Idempotency-Key is still in progress' };
  }
  if (written.requestHash !== hash) {
    return { kind: 'conflict', message: 'This Idempotency-Key was used with a different request' };
  }
  return { kind: 'replay', statusCode: written.statusCode ?? 200, body: written.body };
}
