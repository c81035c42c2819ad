import type { Redis } from 'ioredis';
import { DomainError } from '@shop/contracts';
import { recordAccessTokenNotBefore } from '@shop/http';
import { ACCESS_TOKEN_TTL_SECONDS } from '../domain/access-token.js';
import type { AccessTokenRevocations } from '../domain/access-token-revocation.port.js';

/** Kept a minute beyond the lifetime of the last token it voids: by then that token has expired anyway. */
const notBeforeTtlMs = (ACCESS_TOKEN_TTL_SECONDS + 60) * 1000;

/**
 * The not-before every service's `authenticate` reads (`auth:not-before:<userId>` under the
 * deployment's shared prefix, the one the rate limiter uses).
 */
export function redisAccessTokenRevocations(redis: Redis, sharedKeyPrefix: string): AccessTokenRevocations {
  return {
    async revokeIssuedUntil(userId, at) {
      try {
        await recordAccessTokenNotBefore(redis, sharedKeyPrefix, userId, at.getTime(), notBeforeTtlMs);
      } catch (cause) {
        const unavailable = new DomainError('SERVICE_UNAVAILABLE', 'Cannot revoke access tokens now; nothing changed');
        unavailable.cause = cause;
        throw unavailable;
      }
    },
  };
}
