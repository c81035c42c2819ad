import type { IdempotencyKeys } from '../domain/idempotency-keys.port.js';

/** Keys live 24 h; expired ones are also ignored on read, this only reclaims the space. */
export function purgeExpiredKeys(keys: IdempotencyKeys, now = new Date()): Promise<number> {
  return keys.purgeExpired(now);
}
