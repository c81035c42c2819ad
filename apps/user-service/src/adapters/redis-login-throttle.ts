import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { LoginThrottle } from '../domain/login-throttle.port.js';

export interface ThrottleLimits {
  readonly perAccount: number;
  readonly perIp: number;
  readonly windowMs: number;
}

/**
 * Takes one attempt from a fixed window, atomically: refuses (0, ms left) at the limit, otherwise
 * counts (1, ms left), starting the window on the first attempt. One key per script, so every
 * call stays on one Redis Cluster slot.
 */
const TAKE = `
local n = tonumber(redis.call('GET', KEYS[1]) or '0')
if n >= tonumber(ARGV[1]) then return {0, redis.call('PTTL', KEYS[1])} end
redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]); ttl = tonumber(ARGV[2]) end
return {1, ttl}`;

/** Gives an attempt back (never below zero). */
const GIVE_BACK = `
local n = tonumber(redis.call('GET', KEYS[1]) or '0')
if n > 0 then redis.call('DECR', KEYS[1]) end
return n`;

const digest = (value: string) => createHash('sha256').update(value).digest('hex').slice(0, 32);

/**
 * Login throttling in Redis: every attempt counts against the account and against
 * the client address; a correct password clears the account's count and returns the address's
 * attempt, so only failures accumulate. Counting before the password check (not after a
 * failure) keeps concurrent guesses from slipping past the limit. Keys carry a hash of the
 * address, never the address itself.
 */
export function redisLoginThrottle(
  redis: Redis,
  keyPrefix: string,
  limits: ThrottleLimits,
  now: () => Date = () => new Date(),
): LoginThrottle {
  const accountKey = (email: string) => `${keyPrefix}login:account:${digest(email)}`;
  const ipKey = (ip: string) => `${keyPrefix}login:ip:${digest(ip)}`;
  const ready = async () => {
    if (redis.status === 'wait') await redis.connect();
  };
  const take = async (key: string, limit: number) => {
    const [allowed, ttl] = (await redis.eval(TAKE, 1, key, limit, limits.windowMs)) as [number, number];
    return { allowed: allowed === 1, resetAt: new Date(now().getTime() + Math.max(ttl, 0)) };
  };

  return {
    async attempt(email, ip) {
      await ready();
      const account = await take(accountKey(email), limits.perAccount);
      if (!account.allowed) return { allowed: false, resetAt: account.resetAt };
      const address = await take(ipKey(ip), limits.perIp);
      if (address.allowed) return { allowed: true };
      await redis.eval(GIVE_BACK, 1, accountKey(email));
      return { allowed: false, resetAt: address.resetAt };
    },

    async succeeded(email, ip) {
      await ready();
      await redis.del(accountKey(email));
      await redis.eval(GIVE_BACK, 1, ipKey(ip));
    },
  };
}
