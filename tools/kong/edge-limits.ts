import { defaultTiers, type Tier } from '@shop/http';

/**
 * Edge rate limits, derived from the services' tiers (`defaultTiers` in @shop/http; docs/api.md, rate limits).
 *
 * Kong OSS's rate-limiting cannot read our `tier` claim, so the edge is a coarse outer fence and the
 * services stay the authority on the exact per-user tier:
 * - public routes (no token) are limited per client IP at the anonymous tier, as the services do;
 * - routes that need a token are limited per token (the Authorization header: Kong has one consumer,
 *   the user service's issuer, so `consumer`/`credential` would put every user in one counter) at
 *   the most generous tier, so the edge never refuses a partner what a service would allow.
 *
 * Kong counts fixed windows while the services hold token buckets (a full bucket of `burst`,
 * refilled at `perHour`/h). The most a bucket lets through in one second is `burst` plus a second
 * of refill, and in one hour `burst` plus `perHour`; those are the edge limits, so the edge only
 * stops floods the services would refuse anyway. Kong's own X-RateLimit-*-Hour/RateLimit-* headers
 * are hidden: clients see only the services' X-RateLimit-Limit/Remaining/Reset, which name the
 * caller's real tier.
 */
export function edgeLimitOf(tier: Tier): { second: number; hour: number } {
  return { second: tier.burst + Math.ceil(tier.perHour / 3600), hour: tier.perHour + tier.burst };
}

export const anonymousTier: Tier = defaultTiers.anonymous;

/** The most generous tier a customer or partner can hold: the `load` tier of benchmarks never opens the edge. */
export const mostGenerousTier: Tier = Object.entries(defaultTiers)
  .filter(([name]) => name !== 'load')
  .map(([, tier]) => tier)
  .reduce<Tier>((most, tier) => (tier.perHour > most.perHour ? tier : most), defaultTiers.anonymous);

export interface RedisAddress {
  readonly host: string;
  readonly port: number;
}

/**
 * The rate-limiting plugin of one route: counters per route in the shared Redis, failing open like
 * the services' limiter.
 */
export function rateLimitingPlugin(needsToken: boolean, redis: RedisAddress) {
  const byCaller = needsToken ? { limit_by: 'header', header_name: 'Authorization' } : { limit_by: 'ip' };
  return {
    name: 'rate-limiting',
    config: {
      ...edgeLimitOf(needsToken ? mostGenerousTier : anonymousTier),
      ...byCaller,
      policy: 'redis',
      redis: { host: redis.host, port: redis.port },
      fault_tolerant: true,
      hide_client_headers: true,
    },
  };
}
