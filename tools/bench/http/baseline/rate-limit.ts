import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import { AppError } from './app-error.js';
import { callerFromClaims } from './auth.js';

/** the sustained rate per hour and the burst a client may spend at once. */
export interface Tier {
  readonly perHour: number;
  readonly burst: number;
}

export const defaultTiers = {
  anonymous: { perHour: 100, burst: 10 },
  authenticated: { perHour: 1_000, burst: 50 },
  premium: { perHour: 10_000, burst: 200 },
  partner: { perHour: 50_000, burst: 1_000 },
} as const satisfies Record<string, Tier>;

export type TierName = keyof typeof defaultTiers;

export interface RateLimitOptions {
  readonly redis: Redis;
  /** Prefix of every bucket key (a deployment or a test run). */
  readonly keyPrefix?: string;
  readonly tiers?: Record<TierName, Tier>;
  readonly now?: () => number;
}

/**
 * One token bucket per (caller, route), refilled continuously at the tier's hourly rate and holding
 * at most its burst, in one atomic script: read, refill, take, write back. Returns whether the
 * request may pass, the whole tokens left, and in how many ms the next token arrives.
 */
export const takeTokenScript = `
local capacity = tonumber(ARGV[1])
local per_ms = tonumber(ARGV[2])
local now = tonumber(ARGV[3])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1]) or capacity
local at = tonumber(state[2]) or now
tokens = math.min(capacity, tokens + math.max(0, now - at) * per_ms)
local allowed = 0
if tokens >= 1 then tokens = tokens - 1; allowed = 1 end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(capacity / per_ms))
local next_token_ms = 0
if tokens < 1 then next_token_ms = math.ceil((1 - tokens) / per_ms) end
return { allowed, math.floor(tokens), next_token_ms }
`;

type TakeToken = (key: string, capacity: number, perMs: number, now: number) => Promise<[number, number, number]>;

/**
 * The script as a command of the connection: ioredis sends EVALSHA (the script's hash) and falls
 * back to EVAL once when Redis does not know it yet — not the whole script text with every request.
 */
function tokenTaker(redis: Redis): TakeToken {
  const commands = redis as unknown as Record<string, TakeToken | undefined>;
  if (!commands.shopTakeToken) redis.defineCommand('shopTakeToken', { numberOfKeys: 1, lua: takeTokenScript });
  const command = commands.shopTakeToken!;
  return (...args) => command.apply(redis, args);
}

const exempt = new Set(['/health', '/ready', '/metrics', '/openapi.json']);

/** The tier of a request: partners and premium customers by their token, anyone verified, or anonymous by IP. */
async function identify(request: FastifyRequest): Promise<{ tier: TierName; subject: string }> {
  if (request.headers.authorization) {
    try {
      const claims = await request.jwtVerify<{ tier?: string }>();
      const caller = callerFromClaims(claims);
      if (caller) {
        request.caller = caller;
        const tier: TierName = caller.roles.includes('partner')
          ? 'partner'
          : claims.tier === 'premium'
            ? 'premium'
            : 'authenticated';
        return { tier, subject: `user:${caller.userId}` };
      }
    } catch {
      // An invalid token is limited as anonymous here; the route itself answers 401.
    }
  }
  return { tier: 'anonymous', subject: `ip:${request.ip}` };
}

/**
 * Rate limits every route and sets X-RateLimit-Limit/Remaining/Reset on every
 * answer; over the limit, 429 RATE_LIMIT_EXCEEDED with limit, remaining and reset_at. If Redis
 * cannot answer, requests pass: the limiter protects capacity, it guards no invariant.
 */
export function registerRateLimit(app: FastifyInstance, options: RateLimitOptions): void {
  const tiers = options.tiers ?? defaultTiers;
  const now = options.now ?? Date.now;
  const takeTokenCommand = tokenTaker(options.redis);
  app.addHook('onRequest', async (request, reply) => {
    const route = request.routeOptions.url;
    if (!route || exempt.has(route)) return;
    const { tier, subject } = await identify(request);
    const { perHour, burst } = tiers[tier];
    const at = now();
    let result: [number, number, number];
    try {
      result = await takeTokenCommand(
        `${options.keyPrefix ?? ''}rate_limit:${subject}:${request.method} ${route}`,
        burst,
        perHour / 3_600_000,
        at,
      );
    } catch (err) {
      request.log.warn({ err }, 'rate limiter unavailable; letting the request through');
      return;
    }
    const [allowed, remaining, nextTokenMs] = result;
    const resetAt = Math.ceil((at + nextTokenMs) / 1000);
    reply
      .header('x-ratelimit-limit', burst)
      .header('x-ratelimit-remaining', remaining)
      .header('x-ratelimit-reset', resetAt);
    if (!allowed) {
      reply.header('retry-after', Math.max(1, Math.ceil(nextTokenMs / 1000)));
      throw new AppError(
        'RATE_LIMIT_EXCEEDED',
        `Rate limit exceeded. Try again in ${Math.max(1, Math.ceil(nextTokenMs / 1000))} seconds.`,
        {
          limit: burst,
          remaining: 0,
          reset_at: new Date(resetAt * 1000).toISOString(),
          tier,
        },
      );
    }
  });
}
