import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Redis } from 'ioredis';
import { DomainError } from '@shop/contracts';
import { isRevoked, verifyAccessToken } from './auth.js';
import { defaultInvalidTokenTier, InvalidTokenBudget } from './invalid-token-budget.js';
import { TokenBuckets } from './token-buckets.js';
import { tokenRevocationPlugin } from './token-revocation.js';

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
  /** Failed token verifications per source address, before its tokens are refused unverified. */
  readonly invalidTokenTier?: Tier;
  /**
   * Revocation checks on the same Redis and prefix (docs/api.md, authentication), unless `false` or
   * the app registered `shop-token-revocation` itself.
   */
  readonly tokenRevocation?: false;
  readonly now?: () => number;
}

export { takeTokenScript } from './token-buckets.js';

const exempt = new Set(['/health', '/ready', '/metrics', '/openapi.json']);

const tierOf = (claimed: string | undefined, roles: readonly string[]): TierName => {
  if (claimed === 'load') return 'load';
  if (roles.includes('partner')) return 'partner';
  return claimed === 'premium' ? 'premium' : 'authenticated';
};

interface Identity {
  readonly tier: TierName;
  readonly subject: string;
}

/**
 * The tier of a request: partners and premium customers by their token, anyone verified, or
 * anonymous by IP. A token is verified only while its address has failed verifications left, and
 * a failure is charged to the address: the per-user bucket is reached only through a verified
 * token, so a forged `sub` spends nobody's budget. A revoked token still spends its own user's.
 */
async function identify(request: FastifyRequest, invalidTokens: InvalidTokenBudget): Promise<Identity> {
  const anonymous: Identity = { tier: 'anonymous', subject: `ip:${request.ip}` };
  if (!request.headers.authorization) return anonymous;
  invalidTokens.refuseWhenSpent(request);
  const verdict = await verifyAccessToken(request);
  if (verdict.kind !== 'verified') {
    // Limited as anonymous here; the route itself answers 401.
    await invalidTokens.charge(request);
    return anonymous;
  }
  invalidTokens.verified(request);
  const { caller } = verdict;
  // When revocation cannot be checked now, `authenticate` asks again and answers 503.
  const revoked = await isRevoked(request, verdict).catch(() => true);
  if (!revoked) request.caller = caller;
  return { tier: tierOf(verdict.tier, caller.roles), subject: `user:${caller.userId}` };
}

/**
 * `shop-rate-limit`: one token bucket per (caller, route) in Redis, and X-RateLimit-Limit,
 * -Remaining and -Reset on every answer; over the limit, 429 RATE_LIMIT_EXCEEDED with limit,
 * remaining and reset_at, and Retry-After. If Redis cannot answer, requests pass: the limiter
 * protects capacity, it guards no invariant. The verified caller is kept for `authenticate`.
 */
export const rateLimitPlugin = fp(
  async (app: FastifyInstance, options: RateLimitOptions) => {
    const tiers = options.tiers ?? defaultTiers;
    const now = options.now ?? Date.now;
    const buckets = new TokenBuckets(options.redis, now);
    const prefix = `${options.keyPrefix ?? ''}rate_limit:`;
    const invalidTokens = new InvalidTokenBudget(
      buckets,
      prefix,
      options.invalidTokenTier ?? defaultInvalidTokenTier,
      now,
    );
    if (options.tokenRevocation !== false && !app.hasDecorator('accessTokenRevocations')) {
      const keyPrefix = options.keyPrefix ?? '';
      await app.register(tokenRevocationPlugin, { redis: options.redis, keyPrefix, ...(options.now ? { now } : {}) });
    }
    app.addHook('onRequest', async (request, reply) => {
      const route = request.routeOptions.url;
      if (!route || exempt.has(route)) return;
      const { tier, subject } = await identify(request, invalidTokens);
      const { perHour, burst } = tiers[tier];
      let taken;
      try {
        // Fastify answers HEAD with the GET handler: one bucket for both, or HEAD doubles every read allowance.
        const method = request.method === 'HEAD' ? 'GET' : request.method;
        taken = await buckets.take(`${prefix}${subject}:${method} ${route}`, burst, perHour / 3_600_000);
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
  },
  { name: 'shop-rate-limit', fastify: '5.x', dependencies: ['shop-auth', 'shop-errors'] },
);
