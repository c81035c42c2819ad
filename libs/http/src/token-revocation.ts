import { once } from 'node:events';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Redis } from 'ioredis';
import { DomainError } from '@shop/contracts';

/**
 * Access-token revocation (docs/api.md, authentication): per user, the millisecond up to which every
 * access token issued is void. The user service writes it when a role, a tier or the account
 * changes, or on logout-everywhere; every service reads it, cached briefly, on each request.
 */
export const accessTokenNotBeforeKey = (keyPrefix: string, userId: string): string =>
  `${keyPrefix}auth:not-before:${userId}`;

/** The value only moves forward (replicas' clocks differ by a little), and lives as long as the tokens it voids. */
const recordNotBeforeScript = `
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
local at = tonumber(ARGV[1])
if at > current then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
else
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 1
`;

/** Voids every access token of `userId` issued at or before `atMs`, for `ttlMs` (at least the tokens' lifetime). */
export async function recordAccessTokenNotBefore(
  redis: Redis,
  keyPrefix: string,
  userId: string,
  atMs: number,
  ttlMs: number,
): Promise<void> {
  await redis.eval(recordNotBeforeScript, 1, accessTokenNotBeforeKey(keyPrefix, userId), atMs, ttlMs);
}

export interface TokenRevocationOptions {
  readonly redis: Redis;
  /** Prefix of the keys (a deployment or a test run): the one the user service writes with. */
  readonly keyPrefix?: string;
  /** How long a user's value is believed without asking Redis again; revocation takes at most this long. */
  readonly cacheMs?: number;
  readonly now?: () => number;
}

/** Users whose value is cached at most; the oldest entry makes room. */
const cachedUsers = 100_000;

interface Cached {
  readonly notBefore: number;
  readonly fetchedAt: number;
}

/**
 * The services' client queues nothing while offline, so a lookup during its first connection would
 * fail at once: connect a lazy client, and give one that is connecting a moment to get there.
 */
async function connected(redis: Redis): Promise<void> {
  if (redis.status === 'wait') await redis.connect();
  else if (redis.status === 'connecting' || redis.status === 'connect') {
    await Promise.race([once(redis, 'ready'), new Promise((resolve) => setTimeout(resolve, 1_000))]);
  }
}

/**
 * Whether an access token was revoked: the user's not-before from Redis, cached in-process for
 * `cacheMs` (2 s by default) so most requests cost no round trip, one lookup at a time per user.
 *
 * When Redis cannot answer and the cached value is older than `cacheMs`, the request is refused
 * with 503 (fail closed): unlike the rate limiter, this check guards an invariant — a demoted
 * admin is no admin, an erased account places no order — and a Redis outage already makes every
 * service unready, so failing open would buy little availability for a hole.
 */
export class AccessTokenRevocations {
  readonly #cache = new Map<string, Cached>();
  readonly #lookups = new Map<string, Promise<number>>();
  readonly #keyPrefix: string;
  readonly #cacheMs: number;
  readonly #now: () => number;

  constructor(
    private readonly redis: Redis,
    options: Omit<TokenRevocationOptions, 'redis'> = {},
  ) {
    this.#keyPrefix = options.keyPrefix ?? '';
    this.#cacheMs = options.cacheMs ?? 2_000;
    this.#now = options.now ?? Date.now;
  }

  /** True when the token of `userId` issued at `issuedAtMs` was revoked; 503 when that cannot be known. */
  async isRevoked(userId: string, issuedAtMs: number): Promise<boolean> {
    return issuedAtMs <= (await this.#notBefore(userId));
  }

  async #notBefore(userId: string): Promise<number> {
    const cached = this.#cache.get(userId);
    if (cached && this.#now() - cached.fetchedAt < this.#cacheMs) return cached.notBefore;
    let lookup = this.#lookups.get(userId);
    if (!lookup) {
      lookup = this.#fetch(userId).finally(() => this.#lookups.delete(userId));
      this.#lookups.set(userId, lookup);
    }
    return lookup;
  }

  async #fetch(userId: string): Promise<number> {
    const fetchedAt = this.#now();
    let stored: string | null;
    try {
      await connected(this.redis);
      stored = await this.redis.get(accessTokenNotBeforeKey(this.#keyPrefix, userId));
    } catch {
      throw new DomainError('SERVICE_UNAVAILABLE', 'Cannot check the access token now; try again shortly');
    }
    const notBefore = Number(stored ?? 0) || 0;
    this.#cache.delete(userId);
    this.#cache.set(userId, { notBefore, fetchedAt });
    if (this.#cache.size > cachedUsers) {
      const oldest = this.#cache.keys().next().value;
      if (oldest !== undefined) this.#cache.delete(oldest);
    }
    return notBefore;
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    accessTokenRevocations: AccessTokenRevocations | undefined;
  }
}

/**
 * `shop-token-revocation`: `authenticate` refuses, with 401, an access token issued at or before
 * its user's not-before. Without this plugin tokens are checked for signature and claims only.
 */
export const tokenRevocationPlugin = fp(
  (app: FastifyInstance, options: TokenRevocationOptions, done: (error?: Error) => void) => {
    app.decorate('accessTokenRevocations', new AccessTokenRevocations(options.redis, options));
    done();
  },
  { name: 'shop-token-revocation', fastify: '5.x', dependencies: ['shop-auth'] },
);
