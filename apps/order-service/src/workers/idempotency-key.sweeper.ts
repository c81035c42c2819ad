import type { Logger } from '@shop/telemetry';
import { purgeExpiredKeys } from '../application/purge-expired-keys.js';
import type { IdempotencyKeys } from '../domain/idempotency-keys.port.js';

const HOUR_MS = 3_600_000;

/** Reclaims the space of expired Idempotency-Keys once an hour (they are ignored on read anyway). */
export function idempotencyKeySweeper(keys: IdempotencyKeys, logger: Logger, intervalMs = HOUR_MS) {
  let timer: NodeJS.Timeout | undefined;
  return {
    start(): void {
      timer = setInterval(
        () => void purgeExpiredKeys(keys).catch((err) => logger.warn({ err }, 'idempotency purge failed')),
        intervalMs,
      );
      timer.unref();
    },
    stop(): void {
      clearInterval(timer);
    },
  };
}
