import type { Sql } from '@shop/persistence';
import type { IdempotencyKeys } from '../domain/idempotency-keys.port.js';

export function idempotencyKeys(sql: Sql): IdempotencyKeys {
  return {
    purgeExpired(now) {
      return sql.execute('DELETE FROM idempotency_keys WHERE expires_at < $1::timestamptz', now.toISOString());
    },

    async forgetCaller(callerId) {
      await sql.execute('DELETE FROM idempotency_keys WHERE caller_id = $1', callerId);
    },
  };
}
