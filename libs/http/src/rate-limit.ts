import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Redis } from 'ioredis';
import { DomainError } from '@shop/contracts';
import { callerFromClaims } from './auth.js';
import { TokenBuckets } from './token-buckets.js';

/** The sustained rate per hour and the burst a client may spend at once (docs/api.md, rate limits). */
export interface Tier {
  readonly perHour: number;
  readonly burst: number;
}

export const defaultTiers = {
  anonymous: { perHour: 100, burst: 10 },
  authenticated: { perHour: 1_000, burst: 50 },
  premium: { perHour: 10_000, burst: 200 },
  partner: { perHour: 50_000, burst: 1_000 },
  // Load tests and fuzzing only: an admin grants it to the accounts that drive them, so that a run
  // measures the platform, not an ordinary caller's allowance. The edge (Kong) never opens up for it.
  load: { perHour: 100_000_000, burst: 100_000 },
} as const satisfies Record<string, Tier>;

export type TierName = keyof typeof defaultTiers;

export interface RateLimitOptions {
  readonly redis: Redis;
  /** Prefix of every bucket key (a deployment or a test run). */
  readonly keyPrefix?: string;
  readonly tiers?: Record<TierName, Tier>;
  readonly now?: () => number;
}

export { takeTokenScript } from './token-buckets.js';

const exempt = new Set(['/health', '/ready', '/metrics', '/openapi.json']);

const tierOf = (claimed: string | undefined, roles: readonly string[]): TierName => {
  if (claimed === 'load') return 'load';
  if (roles.includes('partner')) return 'partner';
  return claimed === 'premium' ? 'premium' : 'authenticated';
};

/** The tier of a request: partners and premium customers by their token, anyone verified, or anonymous by IP. */
async function identify(request: FastifyRequest): Promise<{ tier: TierName; subject: string }> {
  if (request.headers.authorization) {
    try {
      const claims = await request.jwtVerify<{ tier?: string }>();
      const caller = callerFromClaims(claims);
      if (caller) {
        request.caller = caller;
        return { tier: tierOf(claims.tier, caller.roles), subject: `user:${caller.userId}` };
      }
    } catch {
      // An invalid token is limited as anonymous here; the route itself answers 401.
    }
  }
  return { tier: 'anonymous', subject: `ip:${request.ip}` };
}

/**
 * `shop-rate-limit`: one token bucket per (caller, route) in Redis, and X-RateLimit-Limit,
 * -Remaining and -Reset on every answer; over the limit, 429 RATE_LIMIT_EXCEEDED with limit,
 * remaining and reset_at, and Retry-After. If Redis cannot answer, requests pass: the limiter
 * protects capacity, it guards no invariant. The verified caller is kept for `authenticate`.
 */
export const rateLimitPlugin = fp(
  (app: FastifyInstance, options: RateLimitOptions, done: (error?: Error) => void) => {
    const tiers = options.tiers ?? defaultTiers;
    const buckets = new TokenBuckets(options.redis, options.now ?? Date.now);
    const prefix = `${options.keyPrefix ?? ''}rate_limit:`;
    app.addHook('onRequest', async (request, reply) => {
      const route = request.routeOptions.url;
      if (!route || exempt.has(route)) return;
      const { tier, subject } = await identify(request);
      const { perHour, burst } = tiers[tier];
      let taken;
      try {
        taken = await buckets.take(`${prefix}${subject}:${request.method} ${route}`, burst, perHour / 3_600_000);
      } catch (err) {
        request.log.warn({ err }, 'rate limiter unavailable; letting the request through');
        return;
      }
      const resetAt = Math.ceil((taken.at + taken.nextTokenMs) / 1000);
      reply.header('x-ratelimit-limit', burst).header('x-ratelimit-remaining', taken.remaining);
      reply.header('x-ratelimit-reset', resetAt);
      if (!taken.allowed) {
        const seconds = Math.max(1, Math.ceil(taken.nextTokenMs / 1000));
        reply.header('retry-after', seconds);
        throw new DomainError('RATE_LIMIT_EXCEEDED', `Rate limit exceeded. Try again in ${seconds} seconds.`, {
          limit: burst,
          remaining: 0,
          reset_at: new Date(resetAt * 1000).toISOString(),
          tier,
        });
      }
    });
    done();
  },
  { name: 'shop-rate-limit', fastify: '5.x', dependencies: ['shop-auth', 'shop-errors'] },
);
